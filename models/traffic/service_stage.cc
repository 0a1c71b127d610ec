// The Service path: the cloud load balancer or NodePort a new connection enters by, the
// kube-proxy rule on the entry node that picks its backend (or rejects or drops it), with SNAT as
// the traffic policy says; and the kube-proxies and load balancers themselves.
#include "models/traffic/service_stage.h"

#include <algorithm>

#include "models/traffic/client_stage.h"
#include "models/traffic/connection_stage.h"

namespace kns::models {

// Sends the connection's first packet through the Service: kube-proxy on the entry node picks
// the backend.
void ServiceStage::routeViaService(std::uint64_t handle) {
  auto [r, c, s] = table_.journey(handle);
  const Service& service = world_.service(c.service);
  sim::Time now = world_.now();

  // Where the connection enters the cluster, and which chain it takes there.
  TrafficKind kind = TrafficKind::Internal;
  sim::Duration to_entry{0};
  if (s.spec.entry == EntryPoint::ClusterIp) {
    c.entry = c.client.node;
  } else {
    kind = s.spec.from_internet ? TrafficKind::External : TrafficKind::ExternalFromPod;
    if (s.spec.entry == EntryPoint::NodePort) {
      c.entry = s.entry_node;
    } else {
      // The cloud load balancer sends the connection to the next node its health checks
      // consider healthy; none healthy: the connection attempt times out.
      CloudLoadBalancer& lb_actor = loadBalancer(service.id);
      NodeId picked = lb_actor.pickNode();
      if (!picked.valid()) {
        sim().cancel(r.next);
        table_.endAfter(handle, r, s.spec.connect_timeout, RequestOutcome::ConnectTimeout);
        return;
      }
      c.entry = picked;
      Hop lb(HopKind::LoadBalancer, NodeId{}, now);
      lb.to_node = c.entry;
      lb.count = static_cast<std::uint16_t>(lb_actor.healthyCount());
      r.record.addHop(lb);
    }
    std::optional<sim::Duration> d = table_.travel(c.client, Place{c.entry}, kSynBytes);
    if (!d || !world_.node(c.entry).up) {
      table_.endAfter(handle, r, s.spec.connect_timeout, RequestOutcome::ConnectTimeout);
      return;
    }
    to_entry = *d;
  }

  if (to_entry > sim::Duration{0}) {
    // The SYN's way from the client (or the load balancer) to the node it enters by.
    Hop syn(HopKind::Network, c.client.node, now);
    syn.arg = 1;  // the handshake
    syn.to_node = c.entry;
    syn.spent = to_entry;
    r.record.addHop(syn);
  }
  ProxyDecision decision =
      kubeProxy(c.entry).route(service, kind, c.client_ip, serviceRank(service.id));
  Hop proxy(HopKind::KubeProxy, c.entry, now + to_entry);
  proxy.rule = decision.rule;
  proxy.arg = decision.arg;
  proxy.count = decision.count;
  proxy.chosen = decision.endpoint.address;
  proxy.spent = decision.cost;
  r.record.addHop(proxy);
  sim::Duration decided = to_entry + decision.cost;

  switch (decision.verdict) {
    case ProxyDecision::Verdict::Reject: {
      // REJECT answers at once with ICMP port unreachable: the client sees ECONNREFUSED.
      sim::Duration back =
          table_.travel(Place{c.entry}, c.client, kSynBytes).value_or(sim::Duration{0});
      table_.endAfter(handle, r, decided + back, RequestOutcome::ConnectionRefused);
      return;
    }
    case ProxyDecision::Verdict::Drop:
      // DROP: the SYN vanishes; the client retries until its connect timeout.
      r.cause_if_expired = RequestOutcome::ConnectTimeout;
      table_.endAfter(handle, r, s.spec.connect_timeout, RequestOutcome::ConnectTimeout);
      return;
    case ProxyDecision::Verdict::Forward:
      break;
  }
  c.endpoint = decision.endpoint.address;
  c.pod_node = decision.endpoint.node;
  // A hand-written endpoint outside the cluster's pod network (a Service without a selector):
  // the connection leaves the cluster, as for an ExternalName.
  if (!decision.endpoint.pod.valid() && !world_.config().cluster_cidr.contains(c.endpoint) &&
      !world_.podAt(c.endpoint).valid()) {
    c.external = true;
    c.pod_node = NodeId{};
  }
  // External traffic under externalTrafficPolicy Cluster is masqueraded to the entry node's IP;
  // Local keeps the client's address, and so does ClusterIP traffic from pods (SEMANTICS §1.7).
  bool masquerade = kind != TrafficKind::Internal &&
                    service.spec.external_traffic_policy == TrafficPolicy::Cluster;
  c.source_at_pod = masquerade ? world_.node(c.entry).ip : c.client_ip;
  if (table_.config.kube_proxy.mode == ProxyMode::Ipvs) {
    kubeProxy(c.entry).connectionOpened(service.id, c.endpoint);
    c.ipvs_counted = true;
  }
  std::optional<sim::Duration> to_pod = table_.travel(Place{c.entry}, Place{c.pod_node}, kSynBytes);
  if (!to_pod) {  // the pod's node is unreachable: the SYN is lost
    table_.endAfter(handle, r, s.spec.connect_timeout, RequestOutcome::ConnectTimeout);
    return;
  }
  Hop net(HopKind::Network, c.entry, now + decided);
  net.arg = 1;  // the handshake
  net.to_node = c.pod_node;
  net.spent = *to_pod;
  r.record.addHop(net);
  sim().scheduleAfter(
      decided + *to_pod, [this, id = c.handle] { connections().synArrives(id); }, kHopTag);
}

void ServiceStage::onEndpoints(const EndpointsSnapshot& snapshot) {
  // The version is kept once for all nodes, and only kube-proxies with no sync due are woken
  // (the others take it at the sync they await).
  endpoint_history_.deliver(snapshot);
  if (proxies_started_ < world_.nodes().size()) {
    // The first delivery starts every node's kube-proxy (idle, so woken below in node order).
    for (const Node& node : world_.nodes()) kubeProxy(node.id);
    proxies_started_ = world_.nodes().size();
  }
  for (NodeId node : endpoint_history_.takeIdle()) kubeProxy(node).endpointsDelivered();
}

KubeProxy& ServiceStage::kubeProxy(NodeId node) {
  if (proxies_.size() <= node.value) proxies_.resize(node.value + 1);
  auto& slot = proxies_[node.value];
  if (!slot) {
    slot = std::make_unique<KubeProxy>(sim(), node, world_.node(node).zone_index,
                                       table_.config.kube_proxy, endpoint_history_,
                                       world_.telemetry());
  }
  return *slot;
}

void ServiceStage::setMinSyncPeriod(sim::Duration period) {
  table_.config.kube_proxy.min_sync_period = period;
  for (auto& proxy : proxies_) {
    if (proxy) proxy->setMinSyncPeriod(period);
  }
}

CloudLoadBalancer& ServiceStage::loadBalancer(ServiceId service_id) {
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
    slot = std::make_unique<CloudLoadBalancer>(sim(), std::move(nodes), probe,
                                               table_.config.load_balancer);
  }
  return *slot;
}

std::size_t ServiceStage::serviceRank(ServiceId service) const {
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

}  // namespace kns::models
