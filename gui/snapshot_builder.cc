#include "gui/snapshot_builder.h"

#include <algorithm>

#include "models/ingress/ingress_controller.h"

namespace kns::gui {
namespace {

PodState stateOf(const models::Pod& pod) {
  if (pod.deletion) return PodState::Terminating;
  if (pod.phase == models::PodPhase::Pending || !pod.node.valid()) return PodState::Pending;
  return pod.ready ? PodState::Ready : PodState::NotReady;
}

std::string typeName(const models::Service& s) {
  if (s.spec.headless) return "Headless";
  switch (s.spec.type) {
    case models::ServiceType::ClusterIP:
      return "ClusterIP";
    case models::ServiceType::NodePort:
      return "NodePort";
    case models::ServiceType::LoadBalancer:
      return "LoadBalancer";
    case models::ServiceType::ExternalName:
      return "ExternalName";
  }
  return "ClusterIP";
}

std::string workloadName(const models::World& world, const models::Pod& pod) {
  if (!pod.owner.valid()) return "";
  const models::Workload& w = world.workload(pod.owner);
  if (w.owner.valid()) return world.workload(w.owner).spec.name;
  return w.spec.name;
}

void addTopology(scenarios::LiveRun& run, Snapshot& s) {
  models::World& world = run.simulation().world();
  const auto& controllers = run.simulation().dataPlane().ingressControllers();
  s.zones = world.config().zones;
  for (const models::Node& n : world.nodes()) {
    NodeView v;
    v.id = n.id.value;
    v.name = n.spec.name;
    v.zone = n.spec.zone;
    v.ip = n.ip.str();
    v.zone_index = n.zone_index;
    v.ready = n.ready;
    v.up = n.up;
    v.cordoned = n.cordoned;
    s.nodes.push_back(std::move(v));
  }
  for (models::PodId id : world.livePods()) {
    const models::Pod& pod = world.pod(id);
    PodView v;
    v.id = id.value;
    v.name = pod.name;
    v.ns = pod.ns;
    v.ip = pod.ip ? pod.ip->str() : "";
    v.workload = workloadName(world, pod);
    v.node = pod.node.valid() ? static_cast<int>(pod.node.value) : -1;
    v.state = stateOf(pod);
    for (const auto& controller : controllers) {
      if (controller->isControllerPod(pod.labels) && pod.ns == controller->config().ns)
        v.ingress_controller = true;
    }
    if (v.node >= 0) s.nodes[static_cast<std::size_t>(v.node)].pods.push_back(v.id);
    s.pods.push_back(std::move(v));
  }
  for (const models::Service& svc : world.services()) {
    ServiceView v;
    v.id = svc.id.value;
    v.name = svc.spec.name;
    v.ns = svc.spec.ns;
    v.type = typeName(svc);
    v.cluster_ip = svc.cluster_ip ? svc.cluster_ip->str() : "";
    v.external = svc.spec.type == models::ServiceType::ExternalName ? svc.spec.external_name
                 : svc.external_ip                                  ? svc.external_ip->str()
                                                                    : "";
    if (models::EndpointsSnapshot eps = world.endpoints(svc.id)) {
      for (const models::EndpointSlice& slice : eps->slices) {
        for (const models::Endpoint& e : slice.endpoints) {
          ++v.endpoints;
          if (!e.ready) continue;
          ++v.ready;
          if (e.pod.valid()) v.ready_pods.push_back(e.pod.value);
        }
      }
    }
    s.services.push_back(std::move(v));
  }
  for (const auto& controller : controllers) {
    IngressControllerView v;
    v.name = controller->config().name;
    v.ingress_class = controller->config().ingress_class;
    v.cloud = controller->cloud();
    if (controller->service().valid()) {
      const models::Service& svc = world.service(controller->service());
      if (svc.external_ip) v.address = svc.external_ip->str();
    }
    for (const PodView& p : s.pods) {
      if (!p.ingress_controller) continue;
      const models::Pod& pod = world.pod(models::PodId{p.id});
      if (controller->isControllerPod(pod.labels)) v.pods.push_back(p.id);
    }
    for (const models::IngressSpec* ing : controller->ingresses())
      v.ingresses.push_back(ing->ns + "/" + ing->name);
    s.ingress_controllers.push_back(std::move(v));
  }
}

// A deterministic sample of the requests in flight: every k-th by id, k chosen so that at most
// `limit` remain (the same requests stay drawn from frame to frame while k holds).
void addRequests(scenarios::LiveRun& run, const GuiObserver& observer, std::size_t limit,
                 Snapshot& s) {
  const models::DataPlane& data = run.simulation().dataPlane();
  s.in_flight_total = data.requestsInFlight();
  std::uint64_t stride = 1;
  while (s.in_flight_total / stride > limit) stride *= 2;
  data.forEachInFlight([&](const models::RequestRecord& r) {
    if (r.id % stride == 0 && s.in_flight.size() < limit) s.in_flight.push_back(r);
  });
  std::sort(s.in_flight.begin(), s.in_flight.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  s.recent.assign(observer.recent().begin(), observer.recent().end());
}

}  // namespace

const char* podStateName(PodState state) {
  switch (state) {
    case PodState::Pending:
      return "Pending";
    case PodState::Ready:
      return "Ready";
    case PodState::NotReady:
      return "NotReady";
    case PodState::Terminating:
      return "Terminating";
  }
  return "";
}

SnapshotPtr buildSnapshot(scenarios::LiveRun& run, const GuiObserver& observer,
                          const SnapshotRequest& request,
                          std::shared_ptr<const reports::proto::Report> report,
                          std::uint64_t serial) {
  auto s = std::make_shared<Snapshot>();
  const scenarios::LoadedScenario& scenario = run.scenario();
  s->serial = serial;
  s->scenario = scenario.scenario.metadata().name();
  s->file = scenario.file;
  s->seed = request.seed;
  s->time = run.now();
  s->end = run.end();
  s->events = run.events();
  s->fingerprint = run.fingerprint();
  s->finished = run.finished();
  for (const auto& t : scenario.scenario.spec().traffic()) {
    s->sources.push_back(t.name());
    if (scenarios::valueOr(t, "from") == "internet") s->internet_clients = true;
  }
  addTopology(run, *s);
  addRequests(run, observer, request.max_dots, *s);
  s->errors = observer.errorWindows();
  for (const auto& [at, label] : run.simulation().timelineMarks())
    s->timeline.emplace_back(std::chrono::duration<double>(at.time_since_epoch()).count(), label);
  s->report = std::move(report);
  s->selection = request.selection;
  s->inspector = buildInspector(run, observer, request.selection, s->report.get());
  s->table_kind = request.table_kind;
  scenarios::GetOptions get;
  get.all_namespaces = true;
  get.wide = true;
  s->table = scenarios::kubectlGet(request.table_kind, scenario, run.simulation(), get);
  return s;
}

}  // namespace kns::gui
