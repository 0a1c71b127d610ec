// The inspector's content: what a user sees after clicking a pod, node, Service, Ingress or
// request. Built from the live simulation on its thread, so it is as current as the snapshot.
#include <fmt/format.h>

#include "gui/snapshot_builder.h"
#include "models/ingress/ingress_controller.h"
#include "models/proxy/proxy_rules_text.h"
#include "reports/hop_text.h"

namespace kns::gui {
namespace {

std::string seconds(sim::Time t) {
  return fmt::format("{:.3f} s", std::chrono::duration<double>(t.time_since_epoch()).count());
}
std::string millis(sim::Duration d) {
  return fmt::format("{:.3f}", std::chrono::duration<double, std::milli>(d).count());
}
std::string yesNo(bool b) { return b ? "yes" : "no"; }

Section fields(std::string title, std::vector<std::pair<std::string, std::string>> pairs) {
  Section s;
  s.title = std::move(title);
  s.header = {"Field", "Value"};
  for (auto& [k, v] : pairs) s.rows.push_back({k, v});
  return s;
}

std::string labelsText(const models::Labels& labels) {
  std::string out;
  for (const auto& [k, v] : labels) out += (out.empty() ? "" : ",") + k + "=" + v;
  return out.empty() ? "<none>" : out;
}

const reports::proto::Scope* findScope(const reports::proto::Report* report, const char* kind,
                                       const std::string& name) {
  if (report == nullptr) return nullptr;
  for (const auto& scope : report->scopes()) {
    if (scope.kind() == kind && scope.name() == name) return &scope;
  }
  return nullptr;
}

Inspector podInspector(scenarios::LiveRun& run, const reports::proto::Report* report,
                       models::PodId id) {
  const models::World& world = run.simulation().world();
  Inspector out;
  if (id.value >= world.pods().size()) return out;
  const models::Pod& pod = world.pod(id);
  out.title = "Pod " + pod.ns + "/" + pod.name;
  std::string state = pod.gone       ? "Deleted"
                      : pod.deletion ? "Terminating"
                      : pod.phase == models::PodPhase::Pending
                          ? (pod.node.valid() ? "ContainerCreating" : "Pending")
                          : "Running";
  out.sections.push_back(
      fields("State", {{"Status", state},
                       {"Ready", pod.ready ? "True" : "False"},
                       {"Passes readiness probe now", yesNo(pod.healthy)},
                       {"IP", pod.ip ? pod.ip->str() : "<none>"},
                       {"Node", pod.node.valid() ? world.node(pod.node).spec.name : "<none>"},
                       {"Created", seconds(pod.created)},
                       {"Ready since", pod.ready_since ? seconds(*pod.ready_since) : "-"},
                       {"Deletion timestamp", pod.deletion ? seconds(*pod.deletion) : "-"},
                       {"Labels", labelsText(pod.labels)},
                       {"Revision", pod.spec.revision}}));
  Section services;
  services.title = "Endpoint of Services";
  services.header = {"Service", "Ready", "Serving", "Terminating"};
  for (const models::Service& svc : world.services()) {
    models::EndpointsSnapshot eps = world.endpoints(svc.id);
    if (!eps) continue;
    for (const auto& slice : eps->slices) {
      for (const auto& e : slice.endpoints) {
        if (e.pod != id) continue;
        services.rows.push_back({svc.spec.ns + "/" + svc.spec.name, yesNo(e.ready),
                                 yesNo(e.serving), yesNo(e.terminating)});
      }
    }
  }
  if (services.rows.empty()) services.lines.push_back("in no Service's EndpointSlices now");
  out.sections.push_back(std::move(services));
  if (const auto* scope = findScope(report, "pod", pod.name)) {
    out.sections.push_back(fields(
        "Traffic so far", {{"Requests received", std::to_string(scope->requests())},
                           {"Errors", std::to_string(scope->errors())},
                           {"p50 in pod", fmt::format("{:.3f} ms", scope->latency().p50_ms())},
                           {"p99 in pod", fmt::format("{:.3f} ms", scope->latency().p99_ms())}}));
  }
  return out;
}

Inspector nodeInspector(scenarios::LiveRun& run, models::NodeId id) {
  const models::World& world = run.simulation().world();
  Inspector out;
  if (id.value >= world.nodes().size()) return out;
  const models::Node& node = world.node(id);
  out.title = "Node " + node.spec.name;
  out.sections.push_back(
      fields("State", {{"Ready (control plane)", node.ready ? "True" : "False"},
                       {"Machine up", yesNo(node.up)},
                       {"Schedulable", node.cordoned ? "no (cordoned)" : "yes"},
                       {"InternalIP", node.ip.str()},
                       {"Zone", node.spec.zone},
                       {"Pod CIDR", node.pod_cidr.str()},
                       {"Pods", fmt::format("{} of {}", node.pods.size(), node.spec.max_pods)},
                       {"CPU requested",
                        fmt::format("{}m of {}m", node.cpu_requested, node.spec.cpu_millicores)}}));
  Section pods;
  pods.title = "Pods";
  pods.header = {"Pod", "IP", "Ready"};
  for (models::PodId p : node.pods) {
    const models::Pod& pod = world.pod(p);
    pods.rows.push_back({pod.name, pod.ip ? pod.ip->str() : "<none>", yesNo(pod.ready)});
  }
  out.sections.push_back(std::move(pods));
  Section rules;
  rules.title = "kube-proxy rules on this node";
  const models::KubeProxy* proxy = run.simulation().dataPlane().findKubeProxy(id);
  if (proxy == nullptr) {
    rules.lines.push_back(
        "kube-proxy has programmed nothing here yet: every node's kube-proxy starts with the "
        "first EndpointSlice delivery.");
  } else {
    rules.lines.push_back(fmt::format("{} syncs so far", proxy->syncs()));
    for (const models::Service& svc : world.services()) {
      for (std::string& line : models::describeProxyRules(world, *proxy, svc))
        rules.lines.push_back(std::move(line));
    }
  }
  out.sections.push_back(std::move(rules));
  return out;
}

Inspector serviceInspector(scenarios::LiveRun& run, const reports::proto::Report* report,
                           models::ServiceId id) {
  const models::World& world = run.simulation().world();
  Inspector out;
  if (id.value >= world.services().size()) return out;
  const models::Service& svc = world.service(id);
  out.title = "Service " + svc.spec.ns + "/" + svc.spec.name;
  std::string ports;
  for (const auto& p : svc.spec.ports) {
    ports += fmt::format("{}{}->{}{}", ports.empty() ? "" : ", ", p.port, p.target_port,
                         p.node_port ? fmt::format(" (nodePort {})", p.node_port) : "");
  }
  auto policy = [](models::TrafficPolicy p) {
    return p == models::TrafficPolicy::Local ? "Local" : "Cluster";
  };
  out.sections.push_back(fields(
      "Spec",
      {{"ClusterIP", svc.cluster_ip ? svc.cluster_ip->str() : "None"},
       {"External", svc.external_ip                  ? svc.external_ip->str()
                    : svc.spec.external_name.empty() ? "<none>"
                                                     : svc.spec.external_name},
       {"Ports", ports},
       {"Selector", svc.spec.has_selector ? labelsText(svc.spec.selector)
                                          : "<none> (EndpointSlices written by hand)"},
       {"externalTrafficPolicy", policy(svc.spec.external_traffic_policy)},
       {"internalTrafficPolicy", policy(svc.spec.internal_traffic_policy)},
       {"sessionAffinity",
        svc.spec.session_affinity == models::SessionAffinity::ClientIP ? "ClientIP" : "None"}}));
  Section endpoints;
  endpoints.title = "EndpointSlices (the controller's latest version)";
  endpoints.header = {"Address", "Pod", "Node", "ready", "serving", "terminating"};
  if (models::EndpointsSnapshot eps = world.endpoints(id)) {
    std::string names;
    for (const auto& slice : eps->slices) names += (names.empty() ? "" : ", ") + slice.name;
    endpoints.lines.push_back(fmt::format("version {}; slices: {}", eps->version, names));
    for (const auto& slice : eps->slices) {
      for (const auto& e : slice.endpoints) {
        endpoints.rows.push_back({e.address.str(), e.pod.valid() ? world.pod(e.pod).name : "-",
                                  e.node.valid() ? world.node(e.node).spec.name : "-",
                                  yesNo(e.ready), yesNo(e.serving), yesNo(e.terminating)});
      }
    }
  } else {
    endpoints.lines.push_back("no EndpointSlice written yet");
  }
  out.sections.push_back(std::move(endpoints));
  if (const auto* scope = findScope(report, "service", svc.spec.name + "." + svc.spec.ns)) {
    Section fairness =
        fields("Load balancing so far",
               {{"Requests", std::to_string(scope->requests())},
                {"Jain's fairness index", fmt::format("{:.4f}", scope->fairness().jain())},
                {"Endpoints counted", std::to_string(scope->fairness().endpoints())},
                {"Busiest / mean", fmt::format("{:.3f}", scope->fairness().max_over_mean())}});
    out.sections.push_back(std::move(fairness));
  }
  return out;
}

const char* pathTypeName(models::PathType t) {
  switch (t) {
    case models::PathType::Exact:
      return "Exact";
    case models::PathType::Prefix:
      return "Prefix";
    case models::PathType::ImplementationSpecific:
      return "ImplementationSpecific";
  }
  return "";
}

Inspector ingressInspector(scenarios::LiveRun& run, const Selection& selection) {
  Inspector out;
  const auto& controllers = run.simulation().dataPlane().ingressControllers();
  if (selection.id >= controllers.size()) return out;
  const models::IngressController& controller = *controllers[selection.id];
  out.title = "Ingress controller " + controller.config().name;
  auto lb = controller.config().configmap.find("load-balance");
  out.sections.push_back(
      fields("Controller",
             {{"Kind", controller.cloud() ? "cloud L7 load balancer" : "ingress-nginx"},
              {"IngressClass", controller.config().ingress_class},
              {"load-balance (ConfigMap)",
               lb == controller.config().configmap.end() ? "round_robin (default)" : lb->second}}));
  Section rules;
  rules.title = "Ingress rules (in the order the controller matches them)";
  rules.header = {"Ingress", "Host", "Path", "pathType", "Backend", "Annotations"};
  for (const models::IngressSpec* ing : controller.ingresses()) {
    if (!selection.name.empty() && ing->ns + "/" + ing->name != selection.name &&
        selection.name != controller.config().name)
      continue;
    std::string annotations;
    for (const auto& [k, v] : ing->annotations) {
      std::string key = k.rfind(models::kNginxAnnotation, 0) == 0
                            ? k.substr(std::string(models::kNginxAnnotation).size())
                            : k;
      annotations += (annotations.empty() ? "" : ", ") + key + "=" + v;
    }
    for (const auto& rule : ing->rules) {
      for (const auto& path : rule.paths) {
        rules.rows.push_back({ing->ns + "/" + ing->name, rule.host.empty() ? "*" : rule.host,
                              path.path, pathTypeName(path.type),
                              fmt::format("{}:{}", path.backend.service_name, path.backend.port),
                              annotations});
      }
    }
    if (ing->default_backend) {
      rules.rows.push_back(
          {ing->ns + "/" + ing->name, "*", "(defaultBackend)", "-",
           fmt::format("{}:{}", ing->default_backend->service_name, ing->default_backend->port),
           annotations});
    }
  }
  if (rules.rows.empty()) rules.lines.push_back("no Ingress of this class has reached it yet");
  out.sections.push_back(std::move(rules));
  return out;
}

Inspector requestInspector(scenarios::LiveRun& run, const GuiObserver& observer, std::uint64_t id) {
  Inspector out;
  const models::World& world = run.simulation().world();
  std::optional<models::RequestRecord> record;
  bool finished = false;
  run.simulation().dataPlane().forEachInFlight([&](const models::RequestRecord& r) {
    if (r.id == id) record = r;
  });
  if (!record) {
    if (const models::RequestRecord* r = observer.watchedRecord()) {
      record = *r;
      finished = true;
    }
    for (const auto& r : observer.recent()) {
      if (r.id == id) {
        record = r;
        finished = true;
      }
    }
  }
  out.title = fmt::format("Request #{}", id);
  if (!record) {
    out.sections.push_back(Section{"", {}, {}, {"not in flight and no longer remembered"}});
    return out;
  }
  const models::RequestRecord& r = *record;
  const auto& spec = run.scenario().scenario.spec();
  std::string source = r.source < static_cast<std::uint32_t>(spec.traffic_size())
                           ? spec.traffic(static_cast<int>(r.source)).name()
                           : "?";
  out.sections.push_back(fields(
      "Request",
      {{"Traffic source", source},
       {"Client",
        r.client_ip.str() + (r.client_node.valid() ? " on " + world.node(r.client_node).spec.name
                                                   : std::string(" (internet)"))},
       {"Outcome", finished ? models::outcomeName(r.outcome) : "in flight"},
       {"Started", seconds(r.start)},
       {"Latency", finished ? millis(r.latency()) + " ms" : "-"},
       {"Attempt", std::to_string(r.attempt + 1)},
       {"Connection", fmt::format("#{} ({})", r.connection, r.new_connection ? "new" : "reused")},
       {"Source IP the pod sees", r.source_ip_at_pod.value ? r.source_ip_at_pod.str() : "-"}}));
  Section hops;
  hops.title = "Journey, hop by hop";
  hops.header = {"#", "+ms", "ms in hop", "Where, and what decided it"};
  std::map<std::uint16_t, std::string> picks = observer.picks(r.id);
  const auto& controllers = run.simulation().dataPlane().ingressControllers();
  sim::Time previous_end = r.start;
  for (int i = 0; i < r.hop_count; ++i) {
    const models::Hop& h = r.hops[static_cast<std::size_t>(i)];
    // Time no hop accounts for: a reply on its way back, or the client's next packet.
    if (h.at - previous_end > std::chrono::microseconds(1)) {
      hops.rows.push_back({"", millis(previous_end - r.start), millis(h.at - previous_end),
                           "between hops\nreplies on their way back to the client, or the "
                           "client's next packet on its way"});
    }
    previous_end = std::max(previous_end, h.at + h.spent);
    std::string route;
    if (h.kind == models::HopKind::Ingress && r.ingress_controller < controllers.size()) {
      const auto& names = controllers[r.ingress_controller]->routeNames();
      if (h.arg < names.size()) route = names[h.arg];
    }
    auto pick = picks.find(h.count);
    std::string explanation = reports::hopExplanation(
        h, run.recorder().facts(), route,
        h.kind == models::HopKind::Ingress && pick != picks.end() ? pick->second : "");
    std::string kind = reports::hopKindName(h.kind);
    std::string place = reports::hopPlace(h, run.recorder().facts(), &r);
    std::string where = place.rfind(kind, 0) == 0 ? place : kind + ": " + place;
    hops.rows.push_back({std::to_string(i + 1), millis(h.at - r.start), millis(h.spent),
                         where + "\n" + explanation});
  }
  if (!finished) hops.lines.push_back("(in flight: later hops are not decided yet)");
  out.sections.push_back(std::move(hops));
  return out;
}

}  // namespace

Inspector buildInspector(scenarios::LiveRun& run, const GuiObserver& observer,
                         const Selection& selection, const reports::proto::Report* report) {
  switch (selection.kind) {
    case Selection::Kind::None:
      return {};
    case Selection::Kind::Pod:
      return podInspector(run, report, models::PodId{static_cast<std::uint32_t>(selection.id)});
    case Selection::Kind::Node:
      return nodeInspector(run, models::NodeId{static_cast<std::uint32_t>(selection.id)});
    case Selection::Kind::Service:
      return serviceInspector(run, report,
                              models::ServiceId{static_cast<std::uint32_t>(selection.id)});
    case Selection::Kind::Ingress:
      return ingressInspector(run, selection);
    case Selection::Kind::Request:
      return requestInspector(run, observer, selection.id);
  }
  return {};
}

}  // namespace kns::gui
