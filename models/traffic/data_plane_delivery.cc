// Delivery: a request on an established flow (conntrack), its way to the pod, the pod's queue
// and workers, and the response back to the client.
#include <algorithm>

#include "models/traffic/data_plane_state.h"

namespace kns::models {

void DataPlane::send(std::uint64_t handle) {
  InFlight* r = find(handle);
  if (r == nullptr) return;
  Connection& c = liveConnection(r->connection);
  if (c.cloud != 0xFF) {
    ingressArrive(handle);  // the edge proxies it
    return;
  }
  Source& s = *sources_[c.source];
  sim::Time now = world_.now();
  if (!r->record.new_connection) {
    Hop ct(HopKind::Conntrack, c.entry, now);
    ct.chosen = c.endpoint;
    r->record.addHop(ct);
  }
  r->record.source_ip_at_pod = c.source_at_pod;
  r->record.client_node = c.client.node;  // a pod client's node, or the source's
  sim::Duration to_entry =
      c.client.node == c.entry
          ? sim::Duration{0}
          : travel(c.client, Place{c.entry}, s.spec.request_bytes).value_or(sim::Duration{0});
  std::optional<sim::Duration> to_pod =
      travel(Place{c.entry}, Place{c.pod_node}, s.spec.request_bytes);
  if (!to_pod) {  // the path died: nothing will come back
    r->cause_if_expired = RequestOutcome::BlackHole;
    return;
  }
  Hop net(HopKind::Network, c.entry, now);
  net.to_node = c.pod_node;
  net.spent = to_entry + *to_pod;
  r->record.addHop(net);
  r->next = world_.simulator().scheduleAfter(
      to_entry + *to_pod, [this, handle] { reachPod(handle); }, kHopTag);
}

void DataPlane::reachPod(std::uint64_t handle) {
  InFlight* r = find(handle);
  if (r == nullptr) return;
  Connection& c = liveConnection(r->connection);
  if (c.external) {
    // The external host answers after its own service time; the response goes back in.
    Source& s = *sources_[c.source];
    sim::RandomStream& rng = world_.simulator().stream("external/" + s.spec.name);
    sim::Duration work = config_.dns.external_service_time.sample(rng);
    Hop host(HopKind::ExternalHost, NodeId{}, world_.now());
    host.spent = work;
    r->record.addHop(host);
    sim::Duration back =
        travel(Place{NodeId{}}, c.client, s.spec.response_bytes).value_or(sim::Duration{0});
    r->next = world_.simulator().scheduleAfter(
        work + back, [this, handle] { complete(handle, RequestOutcome::Ok); }, kHopTag);
    return;
  }
  PodId pod = world_.podAt(c.endpoint);
  r->record.pod = c.pod;
  if (pod == c.pod && world_.node(c.pod_node).up && controllerOf(pod) != nullptr) {
    ingressArrive(handle);  // an ingress controller pod: it proxies instead of serving
    return;
  }
  if (pod != c.pod || !world_.node(c.pod_node).up) {
    // conntrack still sends the flow to the old address, but its pod is gone (SEMANTICS §1.11):
    // nothing answers until the client gives up.
    r->cause_if_expired = RequestOutcome::BlackHole;
    return;
  }
  if (!server(pod).admit(handle)) {
    Source& s = *sources_[c.source];
    sim::Duration back = travel(Place{c.pod_node}, c.client, 200).value_or(sim::Duration{0});
    (void)s;
    r->next = world_.simulator().scheduleAfter(
        back, [this, handle] { complete(handle, RequestOutcome::Overflow); }, kHopTag);
  }
}

void DataPlane::onServed(std::uint64_t handle, PodId pod, sim::Duration waited,
                         sim::Duration served) {
  InFlight* r = find(handle);
  if (r == nullptr) return;  // the client gave up meanwhile
  if (r->in_ingress) {
    IngressLeg& leg = r->ingress;
    if (leg.phase == IngressLeg::Phase::Controller && pod == leg.pod) {
      Hop queue(HopKind::PodQueue, leg.node, world_.now() - served - waited);
      queue.pod = pod;
      queue.spent = waited;
      r->record.addHop(queue);
      Hop work(HopKind::PodService, leg.node, world_.now() - served);  // nginx's CPU
      work.pod = pod;
      work.spent = served;
      r->record.addHop(work);
      ingressDispatch(handle);
    } else if (leg.phase == IngressLeg::Phase::Upstream && pod == leg.upstream) {
      upstreamServed(handle, waited, served);
    }  // else: the answer of a try nginx already gave up on
    return;
  }
  Connection& c = liveConnection(r->connection);
  Source& s = *sources_[c.source];
  sim::Time now = world_.now();
  Hop queue(HopKind::PodQueue, c.pod_node, now - served - waited);
  queue.pod = pod;
  queue.spent = waited;
  r->record.addHop(queue);
  Hop work(HopKind::PodService, c.pod_node, now - served);
  work.pod = pod;
  work.spent = served;
  r->record.addHop(work);
  // The response goes back the way the request came (through the entry node for NodePort/LB).
  std::optional<sim::Duration> to_entry =
      travel(Place{c.pod_node}, Place{c.entry}, s.spec.response_bytes);
  sim::Duration to_client =
      c.client.node == c.entry
          ? sim::Duration{0}
          : travel(Place{c.entry}, c.client, s.spec.response_bytes).value_or(sim::Duration{0});
  if (!to_entry) {
    r->cause_if_expired = RequestOutcome::BlackHole;
    return;
  }
  Hop net(HopKind::Network, c.pod_node, now);
  net.to_node = c.client.node;
  net.spent = *to_entry + to_client;
  r->record.addHop(net);
  r->next = world_.simulator().scheduleAfter(
      *to_entry + to_client, [this, handle] { complete(handle, RequestOutcome::Ok); }, kHopTag);
}

}  // namespace kns::models
