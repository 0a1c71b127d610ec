// EndpointSlice computation with the controller's fill rule, versioning and delayed delivery.
#include "models/controllers/endpoint_slice_controller.h"

#include <algorithm>
#include <set>

#include "models/cluster/cluster_api.h"

namespace kns::models {
namespace {

bool sameEndpoint(const Endpoint& a, const Endpoint& b) {
  return a.address == b.address && a.pod == b.pod && a.node == b.node && a.ready == b.ready &&
         a.serving == b.serving && a.terminating == b.terminating && a.zone == b.zone &&
         a.hint_zone == b.hint_zone && a.hint_own_node == b.hint_own_node;
}

}  // namespace

std::size_t ServiceEndpoints::size() const {
  std::size_t n = 0;
  for (const EndpointSlice& slice : slices) n += slice.endpoints.size();
  return n;
}

std::size_t ServiceEndpoints::readyCount() const {
  std::size_t n = 0;
  for (const EndpointSlice& slice : slices) {
    for (const Endpoint& e : slice.endpoints) n += e.ready;
  }
  return n;
}

EndpointSliceController::EndpointSliceController(ClusterApi& cluster)
    : cluster_(cluster),
      queue_(cluster.simulator(), cluster.config().control_plane.endpoint_batch_period,
             sim::eventTag("endpointslice-controller"), [this](ServiceId s) { sync(s); }) {}

void EndpointSliceController::serviceChanged(ServiceId service) { queue_.add(service); }

void EndpointSliceController::podChanged(PodId pod_id) {
  cluster_.labelIndex().servicesSelecting(pod_id, scratch_services_);
  for (ServiceId service : scratch_services_) queue_.add(service);
}

EndpointsSnapshot EndpointSliceController::current(ServiceId service) const {
  auto it = current_.find(service);
  return it == current_.end() ? nullptr : it->second;
}

// SEMANTICS §2.3: pods with an IP that are not Succeeded/Failed, terminating ones included.
std::vector<Endpoint> EndpointSliceController::desiredEndpoints(ServiceId service_id) const {
  const ServiceSpec& spec = cluster_.service(service_id).spec;
  std::vector<Endpoint> endpoints;
  std::vector<PodId> selected;
  cluster_.labelIndex().podsSelectedBy(service_id, selected);  // same namespace, in id order
  for (PodId id : selected) {
    const Pod& pod = cluster_.pod(id);
    if (!pod.ip) continue;
    if (pod.phase == PodPhase::Succeeded || pod.phase == PodPhase::Failed) continue;
    Endpoint e;
    e.address = *pod.ip;
    e.pod = pod.id;
    e.node = pod.node;
    e.serving = pod.ready;
    e.terminating = pod.deletion.has_value();
    e.ready = spec.publish_not_ready_addresses || (e.serving && !e.terminating);
    e.zone = cluster_.node(pod.node).zone_index;
    // trafficDistribution: every ready endpoint is hinted for its own zone (and, for
    // PreferSameNode, its own node), as pkg/endpointslice/trafficdist does.
    if (e.ready && spec.traffic_distribution != TrafficDistribution::None) {
      e.hint_zone = e.zone;
      e.hint_own_node = spec.traffic_distribution == TrafficDistribution::PreferSameNode;
    }
    endpoints.push_back(e);
  }
  return endpoints;
}

void EndpointSliceController::sync(ServiceId service_id) {
  // Services without a selector are not this controller's: their slices are written by hand.
  if (!cluster_.service(service_id).spec.has_selector) return;
  const std::size_t max_per_slice =
      static_cast<std::size_t>(cluster_.config().control_plane.max_endpoints_per_slice);
  std::vector<Endpoint> desired = desiredEndpoints(service_id);
  std::map<PodId, const Endpoint*> wanted;
  for (const Endpoint& e : desired) wanted[e.pod] = &e;

  EndpointsSnapshot previous = current(service_id);
  std::vector<EndpointSlice> slices = previous ? previous->slices : std::vector<EndpointSlice>{};
  std::vector<bool> changed(slices.size(), false);
  std::set<PodId> placed;

  // 1. Drop endpoints no longer wanted, update the ones whose conditions changed.
  for (std::size_t i = 0; i < slices.size(); ++i) {
    std::vector<Endpoint> kept;
    for (const Endpoint& e : slices[i].endpoints) {
      auto it = wanted.find(e.pod);
      if (it == wanted.end() || it->second->address != e.address) {
        changed[i] = true;
        continue;
      }
      if (!sameEndpoint(*it->second, e)) changed[i] = true;
      kept.push_back(*it->second);
      placed.insert(e.pod);
    }
    slices[i].endpoints = std::move(kept);
  }
  std::vector<Endpoint> fresh;
  for (const Endpoint& e : desired) {
    if (!placed.count(e.pod)) fresh.push_back(e);
  }
  std::size_t next = 0;
  // 2. New endpoints fill slices that are being changed anyway.
  for (std::size_t i = 0; i < slices.size() && next < fresh.size(); ++i) {
    if (!changed[i]) continue;
    while (slices[i].endpoints.size() < max_per_slice && next < fresh.size()) {
      slices[i].endpoints.push_back(fresh[next++]);
    }
  }
  // 3. The rest: full new slices; the last partial chunk goes into an unchanged slice only if
  // it fits there whole (the fullest such slice), else into a new slice.
  auto newSlice = [&]() -> EndpointSlice& {
    int number = next_slice_number_[service_id]++;
    slices.push_back(
        EndpointSlice{cluster_.service(service_id).spec.name + "-" + std::to_string(number), {}});
    changed.push_back(true);
    return slices.back();
  };
  while (fresh.size() - next >= max_per_slice) {
    EndpointSlice& slice = newSlice();
    for (std::size_t k = 0; k < max_per_slice; ++k) slice.endpoints.push_back(fresh[next++]);
  }
  if (next < fresh.size()) {
    std::size_t rest = fresh.size() - next;
    std::size_t target = slices.size();
    for (std::size_t i = 0; i < slices.size(); ++i) {
      if (changed[i] || slices[i].endpoints.size() + rest > max_per_slice) continue;
      if (target == slices.size() || slices[i].endpoints.size() > slices[target].endpoints.size()) {
        target = i;
      }
    }
    EndpointSlice& slice = target == slices.size() ? newSlice() : slices[target];
    if (target != slices.size()) changed[target] = true;
    while (next < fresh.size()) slice.endpoints.push_back(fresh[next++]);
  }
  // Empty slices are deleted, but a Service always keeps one (SEMANTICS §2.1 table).
  bool any_change = std::find(changed.begin(), changed.end(), true) != changed.end();
  std::vector<EndpointSlice> result;
  for (EndpointSlice& slice : slices) {
    if (!slice.endpoints.empty()) result.push_back(std::move(slice));
  }
  if (result.empty()) {
    if (previous && previous->size() == 0) return;  // still just the placeholder
    if (previous && !previous->slices.empty()) {
      result.push_back(EndpointSlice{previous->slices.front().name, {}});
    } else {
      int number = next_slice_number_[service_id]++;
      result.push_back(
          EndpointSlice{cluster_.service(service_id).spec.name + "-" + std::to_string(number), {}});
    }
    any_change = true;
  }
  if (previous && !any_change && result.size() == previous->slices.size()) return;
  publish(service_id, std::move(result));
}

void EndpointSliceController::setManual(ServiceId service_id, std::vector<EndpointSlice> slices) {
  publish(service_id, std::move(slices));
}

void EndpointSliceController::publish(ServiceId service_id, std::vector<EndpointSlice> slices) {
  EndpointsSnapshot previous = current(service_id);
  auto snapshot = std::make_shared<ServiceEndpoints>();
  snapshot->service = service_id;
  snapshot->version = previous ? previous->version + 1 : 1;
  snapshot->written = cluster_.now();
  snapshot->slices = std::move(slices);
  EndpointsSnapshot published = snapshot;
  current_[service_id] = published;
  cluster_.telemetry().onEndpointsEvent({cluster_.now(), EndpointsEventKind::Written, service_id,
                                         published->version, published->size(),
                                         published->readyCount(), published->slices.size()});
  cluster_.simulator().scheduleAfter(
      cluster_.config().control_plane.endpoint_propagation,
      [this, published] { deliver(published); }, sim::eventTag("endpoints.deliver"));
}

void EndpointSliceController::deliver(const EndpointsSnapshot& snapshot) {
  cluster_.telemetry().onEndpointsEvent({cluster_.now(), EndpointsEventKind::Delivered,
                                         snapshot->service, snapshot->version, snapshot->size(),
                                         snapshot->readyCount(), snapshot->slices.size()});
  for (EndpointsSubscriber* subscriber : subscribers_) subscriber->onEndpoints(snapshot);
}

}  // namespace kns::models
