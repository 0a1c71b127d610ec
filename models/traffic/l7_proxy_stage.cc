// The journey through an ingress controller (SEMANTICS §5): the client's connection ends at a
// controller pod (TLS terminated there), the pod's workers spend CPU, the rules and the load
// balancer choose an upstream pod, nginx connects to the pod's IP directly (kube-proxy is not
// on this path) over a keep-alive pool, retries per proxy-next-upstream, and answers.
#include "models/traffic/l7_proxy_stage.h"

#include <algorithm>

#include "models/ingress/nginx_variables.h"
#include "models/traffic/client_stage.h"
#include "models/traffic/delivery_stage.h"

namespace kns::models {
namespace {

// nginx will not pass a non-idempotent request to the next upstream once it was sent.
bool idempotent(const std::string& method) {
  return method != "POST" && method != "LOCK" && method != "PATCH";
}

Rule balancerRule(BalancerKind kind) {
  switch (kind) {
    case BalancerKind::RoundRobin:
      return Rule::IngressRoundRobin;
    case BalancerKind::Ewma:
      return Rule::IngressEwma;
    case BalancerKind::ConsistentHash:
    case BalancerKind::ConsistentSubset:
      return Rule::IngressConsistentHash;
    case BalancerKind::StickyBalanced:
    case BalancerKind::StickyPersistent:
      return Rule::IngressSticky;
    case BalancerKind::LeastRequest:
      return Rule::IngressLeastRequest;
  }
  return Rule::None;
}

// 35.191.0.1: Google's front ends proxy from 35.191.0.0/16 and 130.211.0.0/22.
constexpr Ipv4 kCloudProxyAddress{(35u << 24) | (191u << 16) | 1u};

// The request a record stands for: its source's mix entry, or a plain GET / without a mix.
const RequestTemplate& templateOf(const TrafficSpec& spec, const RequestRecord& record) {
  static const RequestTemplate get;
  return spec.mix.empty() ? get : spec.mix[record.mix_entry];
}

}  // namespace

std::uint8_t L7ProxyStage::addIngressController(IngressControllerConfig config,
                                                std::vector<IngressSpec> ingresses) {
  if (ingress_.size() >= 0xFE) throw std::invalid_argument("too many ingress controllers");
  pod_controller_.clear();  // pods already looked at may belong to the new controller
  // The controller pods' workers: a constant CPU cost per request, many waiting connections.
  ServingSpec serving;
  serving.service_time = DurationDistribution::constant(config.request_cpu);
  serving.workers = std::max(config.workers, 1);
  serving.queue_limit = -1;
  auto controller =
      std::make_unique<IngressController>(world_, std::move(config), std::move(ingresses));
  table_.config.serving.insert(table_.config.serving.begin(),
                               {LabelSelector{controller->podLabels(), {}}, serving});
  ingress_.push_back(std::move(controller));
  return static_cast<std::uint8_t>(ingress_.size() - 1);
}

void L7ProxyStage::onEndpoints(const EndpointsSnapshot& snapshot) {
  for (auto& controller : ingress_) controller->onEndpoints(snapshot);
}

IngressController* L7ProxyStage::controllerOf(PodId pod) {
  if (!pod.valid() || ingress_.empty()) return nullptr;
  // A pod's labels are set when it is created, so its answer is worked out once.
  constexpr std::uint8_t kUnknown = 0xFE, kNone = 0xFF;
  if (pod_controller_.size() <= pod.value) pod_controller_.resize(pod.value + 1, kUnknown);
  std::uint8_t& known = pod_controller_[pod.value];
  if (known == kUnknown) {
    known = kNone;
    const Labels& labels = world_.pod(pod).labels;
    for (std::size_t i = 0; i < ingress_.size(); ++i) {
      if (ingress_[i]->isControllerPod(labels)) {
        known = static_cast<std::uint8_t>(i);
        break;
      }
    }
  }
  return known == kNone ? nullptr : ingress_[known].get();
}

void L7ProxyStage::ingressArrive(std::uint64_t handle) {
  auto [r, c, s] = table_.journey(handle);
  r.in_ingress = true;
  IngressLeg& leg = r.ingress;
  leg.reset();
  leg.controller = c.cloud != 0xFF ? ingress_[c.cloud].get() : controllerOf(c.pod);
  for (std::size_t i = 0; i < ingress_.size(); ++i) {
    if (ingress_[i].get() == leg.controller) leg.controller_index = static_cast<std::uint8_t>(i);
  }
  leg.pod = c.pod;
  leg.node = c.pod_node;
  // nginx spreads client connections over its workers (reuseport): a worker per connection.
  leg.worker = static_cast<int>(
      c.id % static_cast<std::uint64_t>(std::max(leg.controller->config().workers, 1)));
  r.record.ingress_controller = leg.controller_index;
  if (leg.controller->cloud()) {
    // At the edge: TLS there (round trips to the nearby edge only), its processing, then routing.
    const IngressControllerConfig& edge = r.ingress.controller->config();
    r.ingress.pod = PodId{};
    r.ingress.node = NodeId{};
    r.record.pod = PodId{};
    sim::Duration delay = edge.edge_rtt / 2 + edge.edge_processing;
    if (s.spec.https && r.record.new_connection) {
      Hop hop(HopKind::TlsHandshake, NodeId{}, world_.now());
      hop.arg = static_cast<std::uint16_t>(s.spec.tls_version);
      hop.spent = edge.edge_rtt * (s.spec.tls_version == 12 ? 2 : 1);
      r.record.addHop(hop);
      delay += hop.spent;
    }
    table_.nextHop(r, delay, [this, handle] { ingressDispatch(handle); });
    return;
  }
  // TLS on a new HTTPS connection: one round trip (TLS 1.3) or two (TLS 1.2) between the client
  // and the controller pod before the request, and the controller's CPU for the handshake.
  sim::Duration tls{0};
  if (s.spec.https && r.record.new_connection) {
    sim::Duration one_way =
        (c.client.node == c.entry
             ? sim::Duration{0}
             : table_.travel(c.client, Place{c.entry}, 300).value_or(sim::Duration{0})) +
        table_.travel(Place{c.entry}, Place{c.pod_node}, 300).value_or(sim::Duration{0});
    int round_trips = s.spec.tls_version == 12 ? 2 : 1;
    tls = 2 * one_way * round_trips + r.ingress.controller->config().tls_handshake_cpu;
    Hop hop(HopKind::TlsHandshake, c.pod_node, world_.now());
    hop.pod = c.pod;
    hop.arg = static_cast<std::uint16_t>(s.spec.tls_version);
    hop.spent = tls;
    r.record.addHop(hop);
  }
  table_.nextHop(r, tls, [this, handle] { ingressAdmit(handle); });
}

void L7ProxyStage::ingressAdmit(std::uint64_t handle) {
  InFlight* r = table_.find(handle);
  if (r == nullptr) return;
  r->ingress.phase = IngressLeg::Phase::Controller;
  if (!delivery().server(r->ingress.pod).admit(handle))
    ingressRespond(handle, RequestOutcome::Overflow, {});
}

void L7ProxyStage::ingressDispatch(std::uint64_t handle) {
  auto [r, c, s] = table_.journey(handle);
  IngressLeg& leg = r.ingress;
  const RequestTemplate& t = templateOf(s.spec, r.record);
  leg.decision = leg.controller->decide(t.host, t.path, s.spec.https, t.headers, t.cookies,
                                        leg.controller->random(leg.pod));
  r.record.ingress_route = leg.decision.route_index;
  r.record.canary = leg.decision.canary.canary;
  Hop hop(HopKind::Ingress, leg.node, world_.now());
  hop.pod = leg.pod;
  hop.arg = leg.decision.route_index;
  switch (leg.decision.route.kind) {
    case Route::Kind::Redirect:
      hop.rule = Rule::IngressRedirect;
      r.record.addHop(hop);
      ingressRespond(handle, RequestOutcome::Redirect, {});
      return;
    case Route::Kind::NotFound:
      hop.rule = Rule::IngressNoRoute;
      r.record.addHop(hop);
      ingressRespond(handle, RequestOutcome::NotFound, {});
      return;
    case Route::Kind::Backend:
      break;
  }
  r.record.service = leg.decision.backend->service;
  // No upstream pod yet (ingressTry picks one): an answer of the controller's own, such as its
  // 503 for a backend without endpoints, is not traffic of an endpoint of that Service.
  r.record.pod = PodId{};
  if (!leg.controller->hasPeers(leg.pod, *leg.decision.backend)) {
    hop.rule = Rule::IngressNoEndpoints;  // "if not balancer then ... HTTP_SERVICE_UNAVAILABLE"
    r.record.addHop(hop);
    ingressRespond(handle, RequestOutcome::NoEndpoints, {});
    return;
  }
  ingressTry(handle);
}

void L7ProxyStage::ingressTry(std::uint64_t handle) {
  auto [r, c, s] = table_.journey(handle);
  IngressLeg& leg = r.ingress;
  const RequestTemplate& t = templateOf(s.spec, r.record);
  const UpstreamSettings& settings = *leg.decision.settings;
  Balancer& balancer =
      leg.controller->balancer(leg.pod, leg.worker, *leg.decision.backend, settings);
  BalanceContext context{};
  context.now = world_.now();
  if (!settings.hash_by.empty()) {
    std::string remote_addr = c.client_ip.str();  // at most 15 characters: no allocation
    RequestVariables variables{t.host, t.path, remote_addr, &t.headers, &t.cookies};
    expandNginxVariables(settings.hash_by, variables, leg.hash_key);
    context.hash_key = leg.hash_key;
  }
  if (settings.balancer == BalancerKind::StickyBalanced ||
      settings.balancer == BalancerKind::StickyPersistent) {
    context.affinity_cookie = &s.affinity_cookies[c.client_ip.value];
  }
  context.tried = &leg.tried;
  context.previous_failed = leg.tries > 0;
  std::optional<Peer> peer = balancer.pick(context);
  ++leg.tries;
  Hop hop(HopKind::Ingress, leg.node, world_.now());
  hop.pod = leg.pod;
  hop.arg = leg.decision.route_index;
  hop.count = static_cast<std::uint16_t>(leg.tries);
  if (!peer) {
    hop.rule = Rule::IngressNoEndpoints;
    r.record.addHop(hop);
    ingressRespond(handle, RequestOutcome::NoEndpoints, {});
    return;
  }
  hop.rule = balancerRule(settings.balancer);
  hop.chosen = peer->address;
  r.record.addHop(hop);
  world_.telemetry().onIngressPick(r.record.id, hop.count, balancer.lastPick());
  leg.peer = *peer;
  leg.balancer = &balancer;
  leg.tried.add(peer->key());
  leg.sent = false;
  leg.try_start = world_.now();
  leg.upstream = world_.podAt(peer->address);
  leg.upstream_node = leg.upstream.valid() ? world_.pod(leg.upstream).node : NodeId{};
  r.record.pod = leg.upstream;
  // The pod sees the proxy's address: the controller pod's, or the cloud edge's (Google's proxy
  // ranges are 35.191.0.0/16 and 130.211.0.0/22).
  r.record.source_ip_at_pod =
      leg.pod.valid() ? world_.pod(leg.pod).ip.value_or(Ipv4{}) : kCloudProxyAddress;
  balancer.started(*peer);
  bool listening = leg.upstream.valid() && world_.node(leg.upstream_node).up &&
                   world_.pod(leg.upstream).phase == PodPhase::Running;
  if (listening && leg.controller->takeIdleConnection(leg.pod, *peer)) {
    upstreamSend(handle);  // a keep-alive connection: no handshake
    return;
  }
  std::optional<sim::Duration> out =
      leg.upstream.valid() ? table_.travel(Place{leg.node}, Place{leg.upstream_node}, kSynBytes)
                           : std::nullopt;
  if (!leg.upstream.valid() || !out || !world_.node(leg.upstream_node).up) {
    // Nobody answers the SYN (the pod is gone, its node is dead): proxy_connect_timeout.
    table_.nextHop(r, settings.connect_timeout,
                   [this, handle] { upstreamFailed(handle, UpstreamFailure::Timeout); });
    return;
  }
  sim::Duration back =
      table_.travel(Place{leg.upstream_node}, Place{leg.node}, kSynBytes).value_or(*out);
  Hop net(HopKind::Network, leg.node, world_.now());
  net.arg = 1;  // the handshake
  net.to_node = leg.upstream_node;
  net.chosen = peer->address;
  net.spent = *out + back;
  r.record.addHop(net);
  if (world_.pod(leg.upstream).phase != PodPhase::Running) {
    // The address is taken but nothing listens yet: RST, an "error".
    table_.nextHop(r, *out + back,
                   [this, handle] { upstreamFailed(handle, UpstreamFailure::Error); });
    return;
  }
  table_.nextHop(r, *out + back, [this, handle] { upstreamSend(handle); });
}

void L7ProxyStage::upstreamSend(std::uint64_t handle) {
  InFlight& r = *table_.find(handle);
  IngressLeg& leg = r.ingress;
  TrafficSource& s = *table_.sources[r.source];
  leg.sent = true;
  std::optional<sim::Duration> to_pod =
      table_.travel(Place{leg.node}, Place{leg.upstream_node}, s.spec.request_bytes);
  // proxy_read_timeout: no response header within it ends the try.
  leg.read_timeout = sim().scheduleAfter(
      leg.decision.settings->read_timeout,
      [this, handle] {
        InFlight* req = table_.find(handle);
        if (req == nullptr || !req->in_ingress) return;
        req->ingress.read_timeout = sim::EventId{};
        sim().cancel(req->next);
        upstreamFailed(handle, UpstreamFailure::Timeout);  // the pod may still be working on it
      },
      kHopTag);
  if (!to_pod) return;  // the path died: the read timeout decides
  Hop net(HopKind::Network, leg.node, world_.now());
  net.to_node = leg.upstream_node;
  net.chosen = leg.peer.address;
  net.spent = *to_pod;
  r.record.addHop(net);
  table_.nextHop(r, *to_pod, [this, handle] { upstreamArrive(handle); });
}

void L7ProxyStage::upstreamArrive(std::uint64_t handle) {
  InFlight* r = table_.find(handle);
  if (r == nullptr) return;
  IngressLeg& leg = r->ingress;
  if (world_.podAt(leg.peer.address) != leg.upstream || !world_.node(leg.upstream_node).up) {
    // The pod left after the connection was made (a keep-alive connection to a deleted pod):
    // the kernel answers RST, or nothing answers on a dead node.
    sim().cancel(leg.read_timeout);
    if (world_.node(leg.upstream_node).up) upstreamFailed(handle, UpstreamFailure::Error);
    return;  // a dead node: the read timeout decides
  }
  leg.phase = IngressLeg::Phase::Upstream;
  if (!delivery().server(leg.upstream).admit(handle)) {
    // The pod's own 503 is a response: passed to the client, not retried (no http_503).
    sim().cancel(leg.read_timeout);
    leg.balancer->finished(leg.peer);
    leg.controller->returnConnection(leg.pod, leg.peer);
    sim::Duration back =
        table_.travel(Place{leg.upstream_node}, Place{leg.node}, 200).value_or(sim::Duration{0});
    ingressRespond(handle, RequestOutcome::Overflow, back);
  }
}

void L7ProxyStage::upstreamServed(std::uint64_t handle, sim::Duration waited,
                                  sim::Duration served) {
  InFlight& r = *table_.find(handle);
  IngressLeg& leg = r.ingress;
  TrafficSource& s = *table_.sources[r.source];
  sim().cancel(leg.read_timeout);
  sim::Time now = world_.now();
  Hop queue(HopKind::PodQueue, leg.upstream_node, now - served - waited);
  queue.pod = leg.upstream;
  queue.spent = waited;
  r.record.addHop(queue);
  Hop work(HopKind::PodService, leg.upstream_node, now - served);
  work.pod = leg.upstream;
  work.spent = served;
  r.record.addHop(work);
  sim::Duration back =
      table_.travel(Place{leg.upstream_node}, Place{leg.node}, s.spec.response_bytes)
          .value_or(sim::Duration{0});
  // ewma learns connect + response time; the keep-alive connection goes back to the pool.
  leg.balancer->observe(leg.peer, now + back - leg.try_start, now + back);
  leg.balancer->finished(leg.peer);
  leg.controller->returnConnection(leg.pod, leg.peer);
  ingressRespond(handle, RequestOutcome::Ok, back);
}

void L7ProxyStage::upstreamFailed(std::uint64_t handle, UpstreamFailure failure) {
  InFlight* r = table_.find(handle);
  if (r == nullptr || !r->in_ingress) return;
  IngressLeg& leg = r->ingress;
  sim().cancel(leg.read_timeout);
  leg.phase = IngressLeg::Phase::Controller;
  if (leg.balancer != nullptr) {
    leg.balancer->finished(leg.peer);
    leg.balancer->observe(leg.peer, world_.now() - leg.try_start, world_.now());
  }
  const UpstreamSettings& settings = *leg.decision.settings;
  TrafficSource& s = *table_.sources[r->source];
  const RequestTemplate& t = templateOf(s.spec, r->record);
  bool listed =
      failure == UpstreamFailure::Error ? settings.retry_on_error : settings.retry_on_timeout;
  bool may_resend = !leg.sent || idempotent(t.method) || settings.retry_non_idempotent;
  if (listed && may_resend && leg.tries < settings.tries) {
    ingressTry(handle);  // proxy_next_upstream: another peer, avoiding those tried
    return;
  }
  ingressRespond(handle,
                 failure == UpstreamFailure::Timeout ? RequestOutcome::GatewayTimeout
                                                     : RequestOutcome::BadGateway,
                 {});
}

// The controller's answer travels back to the client the way the request came.
void L7ProxyStage::ingressRespond(std::uint64_t handle, RequestOutcome outcome,
                                  sim::Duration after) {
  auto [r, c, s] = table_.journey(handle);
  std::uint32_t bytes = outcome == RequestOutcome::Ok ? s.spec.response_bytes : 300;
  std::optional<sim::Duration> to_entry =
      table_.travel(Place{r.ingress.node}, Place{c.entry}, bytes);
  sim::Duration to_client =
      c.client.node == c.entry
          ? sim::Duration{0}
          : table_.travel(Place{c.entry}, c.client, bytes).value_or(sim::Duration{0});
  if (!to_entry) {
    r.cause_if_expired = RequestOutcome::BlackHole;
    return;
  }
  if (r.ingress.controller->cloud()) to_client += r.ingress.controller->config().edge_rtt / 2;
  Hop net(HopKind::Network, r.ingress.node, world_.now() + after);
  net.to_node = c.client.node;
  net.spent = *to_entry + to_client;
  r.record.addHop(net);
  table_.nextHop(r, after + *to_entry + to_client,
                 [this, handle, outcome] { clients().complete(handle, outcome); });
}

}  // namespace kns::models
