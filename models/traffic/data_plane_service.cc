// The Service path of a new connection's first packet: the cloud load balancer or NodePort it
// enters by, and the kube-proxy rule on the entry node that picks the backend (or rejects or
// drops it), with SNAT as the traffic policy says.
#include <algorithm>

#include "models/traffic/data_plane_state.h"

namespace kns::models {

// Sends the connection's first packet through the Service: kube-proxy on the entry node picks
// the backend.
void DataPlane::routeViaService(std::uint64_t handle) {
  InFlight& r = *find(handle);
  Source& s = *sources_[r.source];
  Connection& c = liveConnection(r.connection);
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
        world_.simulator().cancel(r.next);
        r.next = world_.simulator().scheduleAfter(
            s.spec.connect_timeout,
            [this, handle] { complete(handle, RequestOutcome::ConnectTimeout); }, kHopTag);
        return;
      }
      c.entry = picked;
      Hop lb(HopKind::LoadBalancer, NodeId{}, now);
      lb.to_node = c.entry;
      lb.count = static_cast<std::uint16_t>(lb_actor.healthyCount());
      r.record.addHop(lb);
    }
    std::optional<sim::Duration> d = travel(c.client, Place{c.entry}, kSynBytes);
    if (!d || !world_.node(c.entry).up) {
      r.next = world_.simulator().scheduleAfter(
          s.spec.connect_timeout,
          [this, handle] { complete(handle, RequestOutcome::ConnectTimeout); }, kHopTag);
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
      sim::Duration back = travel(Place{c.entry}, c.client, kSynBytes).value_or(sim::Duration{0});
      r.next = world_.simulator().scheduleAfter(
          decided + back, [this, handle] { complete(handle, RequestOutcome::ConnectionRefused); },
          kHopTag);
      return;
    }
    case ProxyDecision::Verdict::Drop:
      // DROP: the SYN vanishes; the client retries until its connect timeout.
      r.cause_if_expired = RequestOutcome::ConnectTimeout;
      r.next = world_.simulator().scheduleAfter(
          s.spec.connect_timeout,
          [this, handle] { complete(handle, RequestOutcome::ConnectTimeout); }, kHopTag);
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
  if (config_.kube_proxy.mode == ProxyMode::Ipvs) {
    kubeProxy(c.entry).connectionOpened(service.id, c.endpoint);
    c.ipvs_counted = true;
  }
  std::optional<sim::Duration> to_pod = travel(Place{c.entry}, Place{c.pod_node}, kSynBytes);
  if (!to_pod) {  // the pod's node is unreachable: the SYN is lost
    r.next = world_.simulator().scheduleAfter(
        s.spec.connect_timeout,
        [this, handle] { complete(handle, RequestOutcome::ConnectTimeout); }, kHopTag);
    return;
  }
  Hop net(HopKind::Network, c.entry, now + decided);
  net.arg = 1;  // the handshake
  net.to_node = c.pod_node;
  net.spent = *to_pod;
  r.record.addHop(net);
  world_.simulator().scheduleAfter(
      decided + *to_pod, [this, id = c.handle] { synArrives(id); }, kHopTag);
}

}  // namespace kns::models
