#include "scenarios/fact_recorder.h"

#include "models/traffic/request.h"

namespace kns::scenarios {

void FactRecorder::attach(const models::World& world) {
  world_ = &world;
  facts_.zones = world.config().zones;
  for (const models::Node& node : world.nodes()) noteNode(node.id);
  for (const models::Service& service : world.services()) {
    noteService(service.id);
    onEndpointsEvent({world.now(), models::EndpointsEventKind::Written, service.id});
  }
  for (models::PodId pod : world.livePods()) {
    notePod(pod);
    if (const auto& ip = world.pod(pod).ip) facts_.addressChanged(*ip, world.now(), pod);
  }
}

void FactRecorder::noteNode(models::NodeId node) {
  if (!node.valid() || facts_.nodes.contains(node)) return;
  const models::Node& n = world_->node(node);
  facts_.nodes.at(node) = reports::NodeFacts{n.spec.name, n.zone_index};
}

void FactRecorder::noteService(models::ServiceId service) {
  if (!service.valid() || facts_.services.contains(service)) return;
  const models::Service& s = world_->service(service);
  reports::ServiceFacts& f = facts_.services.at(service);
  f.name = s.spec.name;
  f.ns = s.spec.ns;
}

// Names never change; node and address are taken at the events that set them.
void FactRecorder::notePod(models::PodId pod) {
  if (!pod.valid() || facts_.pods.contains(pod)) return;
  const models::Pod& p = world_->pod(pod);
  reports::PodFacts& f = facts_.pods.at(pod);
  f.name = p.name;
  f.ns = p.ns;
  f.node = p.node;
  f.ip = p.ip;
  f.gone = p.gone;
  noteNode(p.node);
}

void FactRecorder::onPodEvent(const models::PodEvent& e) {
  if (world_ == nullptr) return;
  notePod(e.pod);
  reports::PodFacts& f = facts_.pods.at(e.pod);
  switch (e.kind) {
    case models::PodEventKind::Scheduled:
      f.node = e.node;
      noteNode(e.node);
      if (e.ip) {
        f.ip = e.ip;
        facts_.addressChanged(*e.ip, e.time, e.pod);
      }
      break;
    case models::PodEventKind::Deleted:
      f.gone = true;
      if (f.ip) facts_.addressChanged(*f.ip, e.time, models::PodId{});
      break;
    default:
      break;
  }
}

void FactRecorder::onNodeEvent(const models::NodeEvent& e) {
  if (world_ != nullptr) noteNode(e.node);
}

void FactRecorder::onEndpointsEvent(const models::EndpointsEvent& e) {
  if (world_ == nullptr) return;
  noteService(e.service);
  if (e.kind != models::EndpointsEventKind::Written) return;
  // The version just published (the controller publishes, then reports it).
  std::vector<models::PodId>& ready = facts_.services.at(e.service).ready_pods;
  ready.clear();
  if (models::EndpointsSnapshot snapshot = world_->endpoints(e.service)) {
    for (const models::EndpointSlice& slice : snapshot->slices) {
      for (const models::Endpoint& endpoint : slice.endpoints) {
        if (endpoint.ready && endpoint.pod.valid()) ready.push_back(endpoint.pod);
      }
    }
  }
}

void FactRecorder::onRequest(const models::RequestRecord& r) {
  if (world_ == nullptr) return;
  // Objects a request names that no event introduced (a Service without endpoints, say).
  noteService(r.service);
  notePod(r.pod);
  noteNode(r.client_node);
}

}  // namespace kns::scenarios
