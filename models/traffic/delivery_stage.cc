// Delivery: along the established flow to the pod, the pod's queue and workers, the response
// back; and the pods' servers, created on first use and reset when their pod goes.
#include "models/traffic/delivery_stage.h"

#include <algorithm>

#include "models/traffic/client_stage.h"
#include "models/traffic/l7_proxy_stage.h"

namespace kns::models {

void DeliveryStage::send(std::uint64_t handle) {
  InFlight* r = table_.find(handle);
  if (r == nullptr) return;
  Connection& c = table_.liveConnection(r->connection);
  if (c.cloud != 0xFF) {
    l7().ingressArrive(handle);  // the edge proxies it
    return;
  }
  TrafficSource& s = *table_.sources[c.source];
  sim::Time now = world_.now();
  if (!r->record.new_connection) {
    Hop ct(HopKind::Conntrack, c.entry, now);
    ct.chosen = c.endpoint;
    r->record.addHop(ct);
  }
  r->record.source_ip_at_pod = c.source_at_pod;
  r->record.client_node = c.client.node;  // a pod client's node, or the source's
  sim::Duration to_entry = c.client.node == c.entry
                               ? sim::Duration{0}
                               : table_.travel(c.client, Place{c.entry}, s.spec.request_bytes)
                                     .value_or(sim::Duration{0});
  std::optional<sim::Duration> to_pod =
      table_.travel(Place{c.entry}, Place{c.pod_node}, s.spec.request_bytes);
  if (!to_pod) {  // the path died: nothing will come back
    r->cause_if_expired = RequestOutcome::BlackHole;
    return;
  }
  Hop net(HopKind::Network, c.entry, now);
  net.to_node = c.pod_node;
  net.spent = to_entry + *to_pod;
  r->record.addHop(net);
  table_.nextHop(*r, to_entry + *to_pod, [this, handle] { reachPod(handle); });
}

void DeliveryStage::reachPod(std::uint64_t handle) {
  InFlight* r = table_.find(handle);
  if (r == nullptr) return;
  Connection& c = table_.liveConnection(r->connection);
  if (c.external) {
    // The external host answers after its own service time; the response goes back in.
    TrafficSource& s = *table_.sources[c.source];
    sim::RandomStream& rng = sim().stream("external/" + s.spec.name);
    sim::Duration work = table_.config.dns.external_service_time.sample(rng);
    Hop host(HopKind::ExternalHost, NodeId{}, world_.now());
    host.spent = work;
    r->record.addHop(host);
    sim::Duration back =
        table_.travel(Place{NodeId{}}, c.client, s.spec.response_bytes).value_or(sim::Duration{0});
    table_.endAfter(handle, *r, work + back, RequestOutcome::Ok);
    return;
  }
  PodId pod = world_.podAt(c.endpoint);
  r->record.pod = c.pod;
  if (pod == c.pod && world_.node(c.pod_node).up && l7().controllerOf(pod) != nullptr) {
    l7().ingressArrive(handle);  // an ingress controller pod: it proxies instead of serving
    return;
  }
  if (pod != c.pod || !world_.node(c.pod_node).up) {
    // conntrack still sends the flow to the old address, but its pod is gone (SEMANTICS §1.11):
    // nothing answers until the client gives up.
    r->cause_if_expired = RequestOutcome::BlackHole;
    return;
  }
  if (!server(pod).admit(handle)) {
    sim::Duration back = table_.travel(Place{c.pod_node}, c.client, 200).value_or(sim::Duration{0});
    table_.endAfter(handle, *r, back, RequestOutcome::Overflow);
  }
}

void DeliveryStage::onServed(std::uint64_t handle, PodId pod, sim::Duration waited,
                             sim::Duration served) {
  InFlight* r = table_.find(handle);
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
      l7().ingressDispatch(handle);
    } else if (leg.phase == IngressLeg::Phase::Upstream && pod == leg.upstream) {
      l7().upstreamServed(handle, waited, served);
    }  // else: the answer of a try nginx already gave up on
    return;
  }
  Connection& c = table_.liveConnection(r->connection);
  TrafficSource& s = *table_.sources[c.source];
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
      table_.travel(Place{c.pod_node}, Place{c.entry}, s.spec.response_bytes);
  sim::Duration to_client = c.client.node == c.entry
                                ? sim::Duration{0}
                                : table_.travel(Place{c.entry}, c.client, s.spec.response_bytes)
                                      .value_or(sim::Duration{0});
  if (!to_entry) {
    r->cause_if_expired = RequestOutcome::BlackHole;
    return;
  }
  Hop net(HopKind::Network, c.pod_node, now);
  net.to_node = c.client.node;
  net.spent = *to_entry + to_client;
  r->record.addHop(net);
  table_.endAfter(handle, *r, *to_entry + to_client, RequestOutcome::Ok);
}

const ServingSpec& DeliveryStage::servingFor(const Pod& pod) const {
  for (const auto& [selector, spec] : table_.config.serving) {
    if (selector.matches(pod.labels)) return spec;
  }
  return table_.config.default_serving;
}

PodServer& DeliveryStage::server(PodId id) {
  if (servers_.size() <= id.value) servers_.resize(id.value + 1);
  auto& slot = servers_[id.value];
  if (!slot) {
    const Pod& pod = world_.pod(id);
    sim::RandomStream& rng =
        sim().stream("pod/" + pod.ns + "/" + pod.name + "/" + std::to_string(id.value));
    slot = std::make_unique<PodServer>(sim(), id, servingFor(pod), rng, *this);
  }
  return *slot;
}

void DeliveryStage::podGone(PodId pod) {
  if (pod.value >= servers_.size() || !servers_[pod.value]) return;
  // The pod's process is gone: its sockets close and clients see a reset. (Retries below may
  // start servers of other pods, which can move servers_: index it again afterwards.)
  for (std::uint64_t handle : servers_[pod.value]->abort()) {
    if (InFlight* r = table_.find(handle)) {
      if (r->in_ingress && r->ingress.phase == IngressLeg::Phase::Upstream) {
        sim().cancel(r->next);
        l7().upstreamFailed(handle, UpstreamFailure::Error);  // the upstream reset the connection
        continue;
      }
      sim().cancel(r->next);
      table_.endAfter(handle, *r, sim::Duration::zero(), RequestOutcome::Reset);
    }
  }
  servers_[pod.value].reset();
}

}  // namespace kns::models
