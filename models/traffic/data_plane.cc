// The data plane's core: its actors (kube-proxies, cloud load balancers, pod servers), the
// request and connection slots, and travel between places. The journey itself is in the stage
// files: data_plane_clients.cc, _connections.cc, _service.cc, _delivery.cc and _ingress.cc.
#include "models/traffic/data_plane.h"

#include <algorithm>
#include <stdexcept>

#include "models/traffic/data_plane_state.h"

namespace kns::models {

DataPlane::DataPlane(World& world, DataPlaneConfig config)
    : world_(world), config_(std::move(config)), dns_(world, config_.dns) {
  world_.subscribe(this);
  world_.watchPods(this);
}

DataPlane::~DataPlane() = default;

KubeProxy& DataPlane::kubeProxy(NodeId node) {
  if (proxies_.size() <= node.value) proxies_.resize(node.value + 1);
  auto& slot = proxies_[node.value];
  if (!slot) {
    slot = std::make_unique<KubeProxy>(world_.simulator(), node, world_.node(node).zone_index,
                                       config_.kube_proxy, endpoint_history_, world_.telemetry());
  }
  return *slot;
}

void DataPlane::setMinSyncPeriod(sim::Duration period) {
  config_.kube_proxy.min_sync_period = period;
  for (auto& proxy : proxies_) {
    if (proxy) proxy->setMinSyncPeriod(period);
  }
}

CloudLoadBalancer& DataPlane::loadBalancer(ServiceId service_id) {
  auto& slot = load_balancers_[service_id];
  if (!slot) {
    std::vector<NodeId> nodes;
    for (const Node& node : world_.nodes()) nodes.push_back(node.id);
    bool local = world_.service(service_id).spec.external_traffic_policy == TrafficPolicy::Local;
    // healthCheckNodePort (Local) answers 200 iff kube-proxy has a local ready endpoint;
    // kube-proxy's /healthz (Cluster) answers while the node runs.
    auto probe = [this, service_id, local](NodeId node) {
      const Node& n = world_.node(node);
      if (!n.up) return false;
      return !local || kubeProxy(node).hasLocalReadyEndpoints(service_id);
    };
    slot = std::make_unique<CloudLoadBalancer>(world_.simulator(), std::move(nodes), probe,
                                               config_.load_balancer);
  }
  return *slot;
}

void DataPlane::onEndpoints(const EndpointsSnapshot& snapshot) {
  dns_.onEndpoints(snapshot);  // CoreDNS watches EndpointSlices as kube-proxy does
  // Every node's kube-proxy watches EndpointSlices: the version is kept once for all of them,
  // and only those with no sync due are woken (the others take it at the sync they await).
  endpoint_history_.deliver(snapshot);
  if (proxies_started_ < world_.nodes().size()) {
    // The first delivery starts every node's kube-proxy (idle, so woken below in node order).
    for (const Node& node : world_.nodes()) kubeProxy(node.id);
    proxies_started_ = world_.nodes().size();
  }
  for (NodeId node : endpoint_history_.takeIdle()) kubeProxy(node).endpointsDelivered();
  for (auto& controller : ingress_) controller->onEndpoints(snapshot);
}

// --- Request slots.

std::uint64_t DataPlane::allocateRequest() {
  return requests_.acquire([](InFlight& r) {
    r.cause_if_expired = RequestOutcome::Timeout;
    r.record.reset();
    r.connection = 0;
    r.next = sim::EventId{};
    r.in_ingress = false;  // the leg keeps its buffers for the next request through a controller
  });
}

void DataPlane::forEachInFlight(const std::function<void(const RequestRecord&)>& visit) const {
  requests_.forEach([&](const InFlight& r) { visit(r.record); });
}

void DataPlane::releaseRequest(std::uint64_t handle) { requests_.release(handle); }

// --- Places and travel.

std::optional<sim::Duration> DataPlane::travel(Place from, Place to, std::uint32_t bytes) const {
  const Topology& topology = world_.topology();
  // A request crosses the same few pairs of places with the same few sizes again and again:
  // the answer is remembered (direct-mapped, by node ids; the internet's is the invalid id)
  // until the topology changes.
  std::uint32_t a = from.node.value, b = to.node.value;
  std::size_t slot =
      (a * 0x9E3779B1u ^ b * 0x85EBCA77u ^ bytes * 0xC2B2AE3Du) % travel_memo_.size();
  TravelMemo& memo = travel_memo_[slot];
  if (memo.version == topology.version() && memo.a == a && memo.b == b && memo.bytes == bytes) {
    return memo.result;
  }
  VertexId va = from.node.valid() ? world_.node(from.node).vertex : world_.network().internet();
  VertexId vb = to.node.valid() ? world_.node(to.node).vertex : world_.network().internet();
  std::optional<PathCost> cost = topology.path(va, vb);
  std::optional<sim::Duration> result;
  if (cost) result = cost->transferTime(bytes);
  memo = TravelMemo{topology.version(), a, b, bytes, result};
  return result;
}

std::size_t DataPlane::serviceRank(ServiceId service) const {
  // Services are only added and a clusterIP never changes, so the ranks are prefix counts,
  // extended when Services were added (a scan per connection cost O(Services) each).
  const std::vector<Service>& services = world_.services();
  while (service_ranks_.size() < services.size()) {
    std::size_t i = service_ranks_.size();
    std::uint32_t before = i == 0 ? 0 : service_ranks_[i - 1];
    bool previous_has_ip = i > 0 && services[i - 1].cluster_ip.has_value();
    service_ranks_.push_back(before + (previous_has_ip ? 1 : 0));
  }
  return service.value < service_ranks_.size() ? service_ranks_[service.value] : 0;
}

// --- Pods as servers.

const ServingSpec& DataPlane::servingFor(const Pod& pod) const {
  for (const auto& [selector, spec] : config_.serving) {
    if (selector.matches(pod.labels)) return spec;
  }
  return config_.default_serving;
}

PodServer& DataPlane::server(PodId id) {
  if (servers_.size() <= id.value) servers_.resize(id.value + 1);
  auto& slot = servers_[id.value];
  if (!slot) {
    const Pod& pod = world_.pod(id);
    sim::RandomStream& rng = world_.simulator().stream("pod/" + pod.ns + "/" + pod.name + "/" +
                                                       std::to_string(id.value));
    slot = std::make_unique<PodServer>(world_.simulator(), id, servingFor(pod), rng, *this);
  }
  return *slot;
}

void DataPlane::onPodChanged(const Pod& pod) {
  if (!pod.gone) return;
  if (pod.id.value >= servers_.size() || !servers_[pod.id.value]) return;
  // The pod's process is gone: its sockets close and clients see a reset. (Retries below may
  // start servers of other pods, which can move servers_: index it again afterwards.)
  for (std::uint64_t handle : servers_[pod.id.value]->abort()) {
    if (InFlight* r = find(handle)) {
      if (r->in_ingress && r->ingress.phase == IngressLeg::Phase::Upstream) {
        world_.simulator().cancel(r->next);
        upstreamFailed(handle, UpstreamFailure::Error);  // the upstream reset the connection
        continue;
      }
      world_.simulator().cancel(r->next);
      r->next = world_.simulator().scheduleAfter(
          sim::Duration::zero(), [this, handle] { complete(handle, RequestOutcome::Reset); },
          kHopTag);
    }
  }
  servers_[pod.id.value].reset();
}

}  // namespace kns::models
