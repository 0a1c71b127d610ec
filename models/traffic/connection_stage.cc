// Connections: choosing or opening one (per request, keep-alive, multiplexed), the client's DNS
// lookup, the TCP handshake (SYN, SYN-ACK or RST or silence), requests waiting for it, and
// closing.
#include "models/traffic/connection_stage.h"

#include <algorithm>

#include "models/traffic/client_stage.h"
#include "models/traffic/delivery_stage.h"
#include "models/traffic/l7_proxy_stage.h"
#include "models/traffic/service_stage.h"

namespace kns::models {

// Finds the connection a request uses; opens one (returning nullptr) or queues the request.
Connection* ConnectionStage::takeConnection(TrafficSource& s, std::uint64_t handle) {
  switch (s.spec.connection) {
    case ConnectionMode::PerRequest:
      break;
    case ConnectionMode::KeepAlive:
      for (std::uint64_t id : s.connections) {
        Connection& c = table_.liveConnection(id);
        if (c.in_flight == 0 && !c.closed) return &c;
      }
      if (static_cast<int>(s.connections.size()) >= s.spec.max_connections) {
        s.waiting.push_back(handle);
        return nullptr;
      }
      break;
    case ConnectionMode::Multiplexed: {
      // Connections that broke (closed, draining their last requests) take no new ones.
      std::size_t open = 0;
      for (std::uint64_t id : s.connections) open += table_.liveConnection(id).closed ? 0 : 1;
      if (static_cast<int>(open) >= s.spec.max_connections) {
        std::size_t pick = s.next_multiplexed++ % open;
        for (std::uint64_t id : s.connections) {
          Connection& c = table_.liveConnection(id);
          if (!c.closed && pick-- == 0) return &c;
        }
      }
      break;
    }
  }
  openConnection(handle);
  return nullptr;
}

void ConnectionStage::openConnection(std::uint64_t handle) {
  InFlight& r = *table_.find(handle);
  TrafficSource& s = *table_.sources[r.source];
  std::uint64_t connection_handle = table_.connections.acquire([](Connection& c) {
    std::vector<std::uint64_t> pending = std::move(c.pending);  // its capacity is kept
    pending.clear();
    c = Connection{};
    c.pending = std::move(pending);
  });
  Connection& c = *table_.connections.find(connection_handle);
  c.handle = connection_handle;
  c.id = table_.next_connection_id++;
  c.source = r.source;
  c.client = Place{s.client_node};
  c.client_ip = Ipv4{s.first_client_ip.value +
                     (s.next_client++ % static_cast<std::uint32_t>(std::max(1, s.spec.clients)))};
  if (s.spec.client_pods) {
    // A client pod: a random Running one the selector picks (checked in startRequest).
    std::vector<PodId> candidates = clients().clientPods(s);
    const Pod& pod = world_.pod(candidates[s.rng->index(candidates.size())]);
    c.client = Place{pod.node};
    c.client_ip = *pod.ip;
    r.record.client_node = pod.node;
  }
  r.connection = c.handle;
  r.record.connection = c.id;
  r.record.new_connection = true;
  r.record.client_ip = c.client_ip;
  c.service = s.spec.service;
  c.in_flight = 1;
  c.pending.push_back(handle);
  if (s.spec.connection != ConnectionMode::PerRequest) s.connections.push_back(c.handle);
  if (s.spec.ingress_controller != 0xFF) {
    // A cloud L7 load balancer: the TCP handshake ends at the provider's edge near the client.
    c.cloud = s.spec.ingress_controller;
    c.entry = NodeId{};
    sim().scheduleAfter(
        l7().controllers()[c.cloud]->config().edge_rtt, [this, id = c.handle] { establish(id); },
        kHopTag);
    return;
  }
  if (s.spec.host.empty()) {
    service().routeViaService(handle);
    return;
  }
  bool fresh =
      s.cached &&
      (s.spec.dns_cache == DnsCachePolicy::Forever ||
       (s.spec.dns_cache == DnsCachePolicy::RespectTtl && world_.now() < s.cached->expires));
  if (fresh) {
    connectWithAnswer(handle, *s.cached);
  } else {
    lookup(handle);
  }
}

// A cluster DNS query from the client's node: over the kube-dns Service (kube-proxy picks a
// CoreDNS pod), CoreDNS's processing time, and back. Without a kube-dns Service in the cluster,
// a fixed lookup time.
void ConnectionStage::lookup(std::uint64_t handle) {
  InFlight& r = *table_.find(handle);
  const DnsConfig& dns = table_.config.dns;
  sim::Time now = world_.now();
  Hop hop(HopKind::Dns, NodeId{}, now);
  sim::Duration latency = dns.fixed_lookup;
  bool answered = true;
  ServiceId kube_dns = world_.findService(dns.service, dns.ns);
  if (kube_dns.valid()) {
    Connection& c = table_.liveConnection(r.connection);
    ProxyDecision d = service()
                          .kubeProxy(c.client.node)
                          .route(world_.service(kube_dns), TrafficKind::Internal, c.client_ip,
                                 service().serviceRank(kube_dns));
    PodId coredns =
        d.verdict == ProxyDecision::Verdict::Forward ? world_.podAt(d.endpoint.address) : PodId{};
    if (d.verdict == ProxyDecision::Verdict::Reject) {
      answered = false;
      latency = d.cost;  // ICMP unreachable: the resolver fails at once
    } else if (!coredns.valid() || world_.pod(coredns).phase != PodPhase::Running ||
               !world_.node(d.endpoint.node).up) {
      answered = false;
      latency = dns.query_timeout;  // no answer: the resolver waits out its timeout
    } else {
      Place server{d.endpoint.node};
      sim::RandomStream& rng = sim().stream("coredns/" + world_.pod(coredns).name);
      Place client = table_.liveConnection(r.connection).client;
      latency = d.cost + table_.travel(client, server, 100).value_or(sim::Duration{0}) +
                dns.processing.sample(rng) +
                table_.travel(server, client, 200).value_or(sim::Duration{0});
      hop.node = d.endpoint.node;
      hop.chosen = d.endpoint.address;
      hop.pod = coredns;
    }
  }
  hop.spent = latency;
  r.record.addHop(hop);
  if (!answered) {
    table_.endAfter(handle, r, latency, RequestOutcome::DnsFailure);
    return;
  }
  table_.nextHop(r, latency, [this, handle] {
    InFlight* req = table_.find(handle);
    if (req == nullptr) return;
    TrafficSource& src = *table_.sources[req->source];
    // CoreDNS answers from its view when the query arrives; taken at the answer here.
    DnsAnswer answer = dns_.resolve(src.spec.host, src.spec.client_namespace, world_.now());
    if (src.spec.dns_cache != DnsCachePolicy::None) src.cached = answer;
    connectWithAnswer(handle, answer);
  });
}

void ConnectionStage::connectWithAnswer(std::uint64_t handle, const DnsAnswer& answer) {
  auto [r, c, s] = table_.journey(handle);
  r.record.service = answer.service;
  c.service = answer.service;
  sim::Time now = world_.now();
  switch (answer.kind) {
    case DnsAnswer::Kind::NxDomain:
      clients().complete(handle, RequestOutcome::DnsFailure);
      return;
    case DnsAnswer::Kind::ClusterIp:
      service().routeViaService(handle);
      return;
    case DnsAnswer::Kind::PodIps: {
      // Headless: no kube-proxy. CoreDNS shuffles the A records and the client takes the first,
      // so each connection picks one of the (possibly stale, if cached) addresses at random.
      c.entry = c.client.node;
      c.endpoint = answer.pod_ips[s.rng->index(answer.pod_ips.size())];
      c.source_at_pod = c.client_ip;
      PodId pod = world_.podAt(c.endpoint);
      c.pod_node = pod.valid() ? world_.pod(pod).node : c.client.node;
      break;
    }
    case DnsAnswer::Kind::Cname:
      // ExternalName: no proxying; the connection leaves the cluster to the external host.
      c.external = true;
      c.entry = c.client.node;
      c.pod_node = NodeId{};  // the internet
      c.source_at_pod = world_.node(c.client.node).ip;
      break;
  }
  std::optional<sim::Duration> out = table_.travel(Place{c.entry}, Place{c.pod_node}, kSynBytes);
  if (!out) {
    table_.endAfter(handle, r, s.spec.connect_timeout, RequestOutcome::ConnectTimeout);
    return;
  }
  Hop net(HopKind::Network, c.entry, now);
  net.arg = 1;  // the handshake
  net.to_node = c.pod_node;
  net.chosen = c.endpoint;
  net.spent = *out;
  r.record.addHop(net);
  sim().scheduleAfter(
      *out, [this, id = c.handle] { synArrives(id); }, kHopTag);
}

void ConnectionStage::synArrives(std::uint64_t id) {
  Connection* found = table_.connection(id);
  if (found == nullptr) return;
  Connection& c = *found;
  TrafficSource& s = *table_.sources[c.source];
  PodId pod = c.external ? PodId{} : world_.podAt(c.endpoint);
  if (!c.external && (!pod.valid() || !world_.node(c.pod_node).up)) {
    // Nobody holds the address (the pod is gone and kube-proxy has not synced yet), or its node
    // is dead: the SYN is never answered.
    RequestOutcome outcome =
        pod.valid() ? RequestOutcome::ConnectTimeout : RequestOutcome::StaleEndpoint;
    for (std::uint64_t waiting : c.pending) {
      InFlight* w = table_.find(waiting);
      if (w == nullptr) continue;
      w->cause_if_expired = outcome;
      sim::Time give_up = std::max(w->record.start + s.spec.connect_timeout, world_.now());
      w->next = sim().scheduleAt(
          give_up, [this, waiting, outcome] { clients().complete(waiting, outcome); }, kHopTag);
    }
    c.pending.clear();
    return;
  }
  // Replies retrace the request's path through the entry node (which undoes the NAT).
  sim::Duration back =
      table_.travel(Place{c.pod_node}, Place{c.entry}, kSynBytes).value_or(sim::Duration{0}) +
      (c.client.node == c.entry
           ? sim::Duration{0}
           : table_.travel(Place{c.entry}, c.client, kSynBytes).value_or(sim::Duration{0}));
  if (!c.external && world_.pod(pod).phase != PodPhase::Running) {
    // The address is taken but nothing listens yet: RST.
    for (std::uint64_t waiting : c.pending) {
      if (InFlight* w = table_.find(waiting)) {
        table_.endAfter(waiting, *w, back, RequestOutcome::ConnectionRefused);
      }
    }
    c.pending.clear();
    return;
  }
  c.pod = pod;
  // The SYN-ACK returns; the client then sends what waited for the handshake. This event
  // belongs to the connection, not to one request, so a request that times out meanwhile does
  // not cancel it.
  sim().scheduleAfter(
      back, [this, id] { establish(id); }, kHopTag);
}

void ConnectionStage::establish(std::uint64_t id) {
  Connection* c = table_.connection(id);
  if (c == nullptr) return;
  c->established = true;
  if (c->pending.size() == 1) {  // the usual case: the request that opened it
    std::uint64_t only = c->pending.front();
    c->pending.clear();
    delivery().send(only);
    return;
  }
  // The waiting requests move out (sending one may close this connection); the two buffers
  // trade places, so neither is ever freed.
  std::vector<std::uint64_t> ready;
  ready.swap(ready_scratch_);
  ready.swap(c->pending);
  for (std::uint64_t h : ready) delivery().send(h);
  ready.clear();
  ready_scratch_.swap(ready);
}

void ConnectionStage::requestFinishedOnConnection(std::uint64_t id, bool broken) {
  Connection* found = table_.connection(id);
  if (found == nullptr) return;
  Connection& c = *found;
  TrafficSource& s = *table_.sources[c.source];
  --c.in_flight;
  ++c.requests;
  bool done = s.spec.connection == ConnectionMode::PerRequest || broken ||
              (s.spec.connection == ConnectionMode::KeepAlive &&
               s.spec.requests_per_connection > 0 && c.requests >= s.spec.requests_per_connection);
  if (done) c.closed = true;  // no new requests; it closes when the last one ends
  if (c.closed && c.in_flight <= 0 && c.pending.empty()) closeConnection(id);
  if (s.spec.connection == ConnectionMode::KeepAlive) {
    // A waiting request takes this connection, or opens a new one if this one closed.
    while (!s.waiting.empty()) {
      std::uint64_t next = s.waiting.front();
      s.waiting.pop_front();
      InFlight* w = table_.find(next);
      if (w == nullptr) continue;  // expired while waiting
      Connection* still = table_.connection(id);
      if (still != nullptr && !still->closed && still->in_flight == 0) {
        Connection& conn = *still;
        table_.attach(*w, conn);
        if (conn.established)
          delivery().send(next);
        else
          conn.pending.push_back(next);
      } else {
        openConnection(next);
      }
      break;
    }
  }
}

void ConnectionStage::closeConnection(std::uint64_t id) {
  Connection* found = table_.connection(id);
  if (found == nullptr) return;
  Connection& c = *found;
  TrafficSource& s = *table_.sources[c.source];
  if (c.ipvs_counted) {
    service().kubeProxy(c.entry).connectionClosed(c.service, c.endpoint);
  }
  s.connections.erase(std::remove(s.connections.begin(), s.connections.end(), id),
                      s.connections.end());
  table_.connections.release(id);
}

}  // namespace kns::models
