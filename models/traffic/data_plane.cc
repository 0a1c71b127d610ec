// The request journey, hop by hop.
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

std::uint32_t DataPlane::addTraffic(TrafficSpec spec) {
  auto source = std::make_unique<Source>();
  bool cloud = spec.ingress_controller != 0xFF;
  if (cloud && (spec.ingress_controller >= ingress_.size() ||
                !ingress_[spec.ingress_controller]->cloud() || !spec.from_internet)) {
    throw std::invalid_argument("traffic " + spec.name +
                                ": a cloud L7 load balancer is reached from the internet");
  }
  if (!cloud && spec.host.empty() &&
      (!spec.service.valid() || spec.service.value >= world_.services().size())) {
    throw std::invalid_argument("traffic " + spec.name + ": no such Service");
  }
  if (!spec.host.empty() && (spec.from_internet || spec.entry != EntryPoint::ClusterIp)) {
    throw std::invalid_argument("traffic " + spec.name +
                                ": DNS names are resolved by cluster DNS, for in-cluster clients");
  }
  if (spec.client_pods) {
    if (spec.from_internet)
      throw std::invalid_argument("traffic " + spec.name + ": pods or internet");
  } else if (!spec.from_internet) {
    source->client_node = world_.findNode(spec.from_node);
    if (!source->client_node.valid()) {
      throw std::invalid_argument("traffic " + spec.name + ": no node '" + spec.from_node + "'");
    }
  } else if (spec.entry == EntryPoint::ClusterIp && !cloud) {
    throw std::invalid_argument("traffic " + spec.name +
                                ": a ClusterIP is not reachable from the internet; use a NodePort "
                                "or LoadBalancer entry");
  }
  if (spec.entry == EntryPoint::NodePort) {
    source->entry_node = world_.findNode(spec.entry_node);
    if (!source->entry_node.valid()) {
      throw std::invalid_argument("traffic " + spec.name + ": no node '" + spec.entry_node + "'");
    }
  }
  if (!(spec.rate_per_second > 0)) throw std::invalid_argument("traffic rate must be > 0");
  source->first_client_ip = spec.client_ip ? *spec.client_ip
                                           : (spec.from_internet || spec.client_pods
                                                  ? *Ipv4::parse("198.51.100.1")
                                                  : world_.node(source->client_node).ip);
  source->rng = &world_.simulator().stream("traffic/" + spec.name);
  if (spec.mix.size() > 1) {
    std::vector<double> weights;
    for (const RequestTemplate& entry : spec.mix) weights.push_back(entry.weight);
    source->mix = std::make_unique<sim::WeightedChoice>(weights);  // validates the weights
  }
  source->setRate(spec.rate_per_second);
  source->spec = std::move(spec);
  auto index = static_cast<std::uint32_t>(sources_.size());
  sim::Time start = std::max(source->spec.start, world_.now());
  sources_.push_back(std::move(source));
  world_.simulator().scheduleAt(
      start, [this, index] { startSource(index); }, kArrivalTag);
  for (const auto& [at, rate] : sources_[index]->spec.rate_schedule) {
    world_.simulator().scheduleAt(
        std::max(at, world_.now()), [this, index, rate = rate] { setRate(index, rate); },
        kArrivalTag);
  }
  return index;
}

void DataPlane::startSource(std::uint32_t index) {
  Source& s = *sources_[index];
  if (s.spec.users <= 0) {
    scheduleNextArrival(index);
    return;
  }
  // Closed loop: every user starts after one think time, so they do not all fire at once.
  for (int user = 0; user < s.spec.users; ++user) {
    sim::Duration think = s.spec.think_time.sample(*s.rng);
    world_.simulator().scheduleAfter(
        think, [this, index] { startRequest(index, 0, world_.now()); }, kArrivalTag);
  }
}

void DataPlane::setRate(std::uint32_t source, double rate_per_second) {
  Source& s = *sources_.at(source);
  s.setRate(rate_per_second);
  // The next arrival was drawn at the old rate: draw it again from now (exact for Poisson,
  // by memorylessness; a constant stream restarts its spacing).
  if (s.spec.users <= 0 && world_.now() >= s.spec.start) {
    world_.simulator().cancel(s.next_arrival);
    scheduleNextArrival(source);
  }
}

void DataPlane::scheduleNextArrival(std::uint32_t index) {
  Source& s = *sources_[index];
  if (!(s.rate > 0)) return;
  double gap_s =
      s.spec.arrivals == ArrivalProcess::Poisson ? s.rng->exponential(s.mean_gap_s) : s.mean_gap_s;
  // A gap past the source's end means no more arrivals (and keeps a tiny rate from overflowing
  // the clock).
  double gap_ns = gap_s * 1e9 + 0.5;
  if (!(gap_ns < static_cast<double>((s.spec.stop - world_.now()).count()))) return;
  sim::Time next = world_.now() + sim::Duration{static_cast<std::int64_t>(gap_ns)};
  // On/off bursts: an arrival that falls in an off part moves to the start of the next on part
  // (for Poisson arrivals this is exact by memorylessness).
  sim::Duration cycle = s.spec.on_period + s.spec.off_period;
  if (s.spec.on_period > sim::Duration::zero() && s.spec.off_period > sim::Duration::zero()) {
    sim::Duration phase = (next - s.spec.start) % cycle;
    if (phase >= s.spec.on_period) next += cycle - phase;
  }
  if (next >= s.spec.stop) return;
  s.next_arrival = world_.simulator().scheduleAt(
      next, [this, index] { arrive(index); }, kArrivalTag);
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

// --- The journey.

void DataPlane::arrive(std::uint32_t index) {
  scheduleNextArrival(index);
  startRequest(index, 0, world_.now());
}

void DataPlane::startRequest(std::uint32_t index, std::uint8_t attempt, sim::Time first_start) {
  Source& s = *sources_[index];
  if (world_.now() >= s.spec.stop && attempt == 0) return;  // a closed-loop user stops too
  if (s.spec.client_pods && clientPods(s).empty()) return;  // no client pod runs: no request
  std::uint64_t handle = allocateRequest();
  InFlight& r = *find(handle);
  r.source = index;
  r.record.id = next_request_id_++;
  r.record.source = index;
  r.record.attempt = attempt;
  r.record.first_start = first_start;
  if (s.mix) r.record.mix_entry = static_cast<std::uint16_t>(s.mix->sample(*s.rng));
  r.record.service = s.spec.service;  // DNS clients: set when the name resolves
  r.record.client_node = s.client_node;
  r.record.start = world_.now();
  r.deadline = world_.simulator().scheduleAfter(
      s.spec.timeout, [this, handle] { expire(handle); }, kDeadlineTag);
  Connection* c = takeConnection(s, handle);
  if (c == nullptr) return;  // waiting for a keep-alive connection, or opening a new one
  r.connection = c->handle;
  r.record.connection = c->id;
  ++c->in_flight;
  if (c->established) {
    send(handle);
  } else {
    c->pending.push_back(handle);
  }
}

// Finds the connection a request uses; opens one (returning nullptr) or queues the request.
DataPlane::Connection* DataPlane::takeConnection(Source& s, std::uint64_t handle) {
  switch (s.spec.connection) {
    case ConnectionMode::PerRequest:
      break;
    case ConnectionMode::KeepAlive:
      for (std::uint64_t id : s.connections) {
        Connection& c = liveConnection(id);
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
      for (std::uint64_t id : s.connections) open += liveConnection(id).closed ? 0 : 1;
      if (static_cast<int>(open) >= s.spec.max_connections) {
        std::size_t pick = s.next_multiplexed++ % open;
        for (std::uint64_t id : s.connections) {
          Connection& c = liveConnection(id);
          if (!c.closed && pick-- == 0) return &c;
        }
      }
      break;
    }
  }
  openConnection(handle);
  return nullptr;
}

void DataPlane::openConnection(std::uint64_t handle) {
  InFlight& r = *find(handle);
  Source& s = *sources_[r.source];
  std::uint64_t connection_handle = connections_.acquire([](Connection& c) {
    std::vector<std::uint64_t> pending = std::move(c.pending);  // its capacity is kept
    pending.clear();
    c = Connection{};
    c.pending = std::move(pending);
  });
  Connection& c = *connections_.find(connection_handle);
  c.handle = connection_handle;
  c.id = next_connection_id_++;
  c.source = r.source;
  c.client = Place{s.client_node};
  c.client_ip = Ipv4{s.first_client_ip.value +
                     (s.next_client++ % static_cast<std::uint32_t>(std::max(1, s.spec.clients)))};
  if (s.spec.client_pods) {
    // A client pod: a random Running one the selector picks (checked in startRequest).
    std::vector<PodId> candidates = clientPods(s);
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
    world_.simulator().scheduleAfter(
        ingress_[c.cloud]->config().edge_rtt, [this, id = c.handle] { establish(id); }, kHopTag);
    return;
  }
  if (s.spec.host.empty()) {
    routeViaService(handle);
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
void DataPlane::lookup(std::uint64_t handle) {
  InFlight& r = *find(handle);
  const DnsConfig& dns = config_.dns;
  sim::Time now = world_.now();
  Hop hop(HopKind::Dns, NodeId{}, now);
  sim::Duration latency = dns.fixed_lookup;
  bool answered = true;
  ServiceId kube_dns = world_.findService(dns.service, dns.ns);
  if (kube_dns.valid()) {
    Connection& c = liveConnection(r.connection);
    ProxyDecision d = kubeProxy(c.client.node)
                          .route(world_.service(kube_dns), TrafficKind::Internal, c.client_ip,
                                 serviceRank(kube_dns));
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
      sim::RandomStream& rng = world_.simulator().stream("coredns/" + world_.pod(coredns).name);
      Place client = liveConnection(r.connection).client;
      latency = d.cost + travel(client, server, 100).value_or(sim::Duration{0}) +
                dns.processing.sample(rng) + travel(server, client, 200).value_or(sim::Duration{0});
      hop.node = d.endpoint.node;
      hop.chosen = d.endpoint.address;
      hop.pod = coredns;
    }
  }
  hop.spent = latency;
  r.record.addHop(hop);
  if (!answered) {
    r.next = world_.simulator().scheduleAfter(
        latency, [this, handle] { complete(handle, RequestOutcome::DnsFailure); }, kHopTag);
    return;
  }
  r.next = world_.simulator().scheduleAfter(
      latency,
      [this, handle] {
        InFlight* req = find(handle);
        if (req == nullptr) return;
        Source& src = *sources_[req->source];
        // CoreDNS answers from its view when the query arrives; taken at the answer here.
        DnsAnswer answer = dns_.resolve(src.spec.host, src.spec.client_namespace, world_.now());
        if (src.spec.dns_cache != DnsCachePolicy::None) src.cached = answer;
        connectWithAnswer(handle, answer);
      },
      kHopTag);
}

void DataPlane::connectWithAnswer(std::uint64_t handle, const DnsAnswer& answer) {
  InFlight& r = *find(handle);
  Source& s = *sources_[r.source];
  Connection& c = liveConnection(r.connection);
  r.record.service = answer.service;
  c.service = answer.service;
  sim::Time now = world_.now();
  switch (answer.kind) {
    case DnsAnswer::Kind::NxDomain:
      complete(handle, RequestOutcome::DnsFailure);
      return;
    case DnsAnswer::Kind::ClusterIp:
      routeViaService(handle);
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
  std::optional<sim::Duration> out = travel(Place{c.entry}, Place{c.pod_node}, kSynBytes);
  if (!out) {
    r.next = world_.simulator().scheduleAfter(
        s.spec.connect_timeout,
        [this, handle] { complete(handle, RequestOutcome::ConnectTimeout); }, kHopTag);
    return;
  }
  Hop net(HopKind::Network, c.entry, now);
  net.arg = 1;  // the handshake
  net.to_node = c.pod_node;
  net.chosen = c.endpoint;
  net.spent = *out;
  r.record.addHop(net);
  world_.simulator().scheduleAfter(
      *out, [this, id = c.handle] { synArrives(id); }, kHopTag);
}

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

void DataPlane::synArrives(std::uint64_t id) {
  Connection* found = connection(id);
  if (found == nullptr) return;
  Connection& c = *found;
  Source& s = *sources_[c.source];
  PodId pod = c.external ? PodId{} : world_.podAt(c.endpoint);
  if (!c.external && (!pod.valid() || !world_.node(c.pod_node).up)) {
    // Nobody holds the address (the pod is gone and kube-proxy has not synced yet), or its node
    // is dead: the SYN is never answered.
    RequestOutcome outcome =
        pod.valid() ? RequestOutcome::ConnectTimeout : RequestOutcome::StaleEndpoint;
    for (std::uint64_t waiting : c.pending) {
      InFlight* w = find(waiting);
      if (w == nullptr) continue;
      w->cause_if_expired = outcome;
      sim::Time give_up = std::max(w->record.start + s.spec.connect_timeout, world_.now());
      w->next = world_.simulator().scheduleAt(
          give_up, [this, waiting, outcome] { complete(waiting, outcome); }, kHopTag);
    }
    c.pending.clear();
    return;
  }
  // Replies retrace the request's path through the entry node (which undoes the NAT).
  sim::Duration back =
      travel(Place{c.pod_node}, Place{c.entry}, kSynBytes).value_or(sim::Duration{0}) +
      (c.client.node == c.entry
           ? sim::Duration{0}
           : travel(Place{c.entry}, c.client, kSynBytes).value_or(sim::Duration{0}));
  if (!c.external && world_.pod(pod).phase != PodPhase::Running) {
    // The address is taken but nothing listens yet: RST.
    for (std::uint64_t waiting : c.pending) {
      if (InFlight* w = find(waiting)) {
        w->next = world_.simulator().scheduleAfter(
            back, [this, waiting] { complete(waiting, RequestOutcome::ConnectionRefused); },
            kHopTag);
      }
    }
    c.pending.clear();
    return;
  }
  c.pod = pod;
  // The SYN-ACK returns; the client then sends what waited for the handshake. This event
  // belongs to the connection, not to one request, so a request that times out meanwhile does
  // not cancel it.
  world_.simulator().scheduleAfter(
      back, [this, id] { establish(id); }, kHopTag);
}

void DataPlane::establish(std::uint64_t id) {
  Connection* c = connection(id);
  if (c == nullptr) return;
  c->established = true;
  if (c->pending.size() == 1) {  // the usual case: the request that opened it
    std::uint64_t only = c->pending.front();
    c->pending.clear();
    send(only);
    return;
  }
  // The waiting requests move out (sending one may close this connection); the two buffers
  // trade places, so neither is ever freed.
  std::vector<std::uint64_t> ready;
  ready.swap(ready_scratch_);
  ready.swap(c->pending);
  for (std::uint64_t h : ready) send(h);
  ready.clear();
  ready_scratch_.swap(ready);
}

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

void DataPlane::expire(std::uint64_t handle) {
  InFlight* r = find(handle);
  if (r == nullptr) return;
  r->deadline = sim::EventId{};
  complete(handle, r->cause_if_expired);
}

void DataPlane::complete(std::uint64_t handle, RequestOutcome outcome) {
  InFlight* r = find(handle);
  if (r == nullptr) return;
  world_.simulator().cancel(r->deadline);
  world_.simulator().cancel(r->next);
  r->record.end = world_.now();
  r->record.outcome = outcome;
  r->record.retried =
      outcome != RequestOutcome::Ok && r->record.attempt < sources_[r->record.source]->spec.retries;
  world_.telemetry().onRequest(r->record);
  followUp(r->record);
  std::uint64_t connection = r->connection;
  std::uint32_t source = r->source;
  releaseRequest(handle);
  if (connection != 0) {
    bool broken = outcome != RequestOutcome::Ok && outcome != RequestOutcome::Overflow;
    requestFinishedOnConnection(connection, broken);
  } else {
    (void)source;
  }
}

void DataPlane::followUp(const RequestRecord& record) {
  Source& s = *sources_[record.source];
  std::uint32_t index = record.source;
  if (record.retried) {
    sim::Duration backoff =
        s.spec.retry_backoff * (std::int64_t{1} << std::min<int>(record.attempt, 30));
    world_.simulator().scheduleAfter(
        backoff,
        [this, index, attempt = static_cast<std::uint8_t>(record.attempt + 1),
         first = record.first_start] { startRequest(index, attempt, first); },
        kArrivalTag);
    return;
  }
  if (s.spec.users > 0) {
    sim::Duration think = s.spec.think_time.sample(*s.rng);
    world_.simulator().scheduleAfter(
        think, [this, index] { startRequest(index, 0, world_.now()); }, kArrivalTag);
  }
}

void DataPlane::requestFinishedOnConnection(std::uint64_t id, bool broken) {
  Connection* found = connection(id);
  if (found == nullptr) return;
  Connection& c = *found;
  Source& s = *sources_[c.source];
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
      InFlight* w = find(next);
      if (w == nullptr) continue;  // expired while waiting
      Connection* still = connection(id);
      if (still != nullptr && !still->closed && still->in_flight == 0) {
        Connection& conn = *still;
        w->connection = conn.handle;
        w->record.connection = conn.id;
        ++conn.in_flight;
        if (conn.established)
          send(next);
        else
          conn.pending.push_back(next);
      } else {
        openConnection(next);
      }
      break;
    }
  }
}

void DataPlane::closeConnection(std::uint64_t id) {
  Connection* found = connection(id);
  if (found == nullptr) return;
  Connection& c = *found;
  Source& s = *sources_[c.source];
  if (c.ipvs_counted) {
    kubeProxy(c.entry).connectionClosed(c.service, c.endpoint);
  }
  s.connections.erase(std::remove(s.connections.begin(), s.connections.end(), id),
                      s.connections.end());
  connections_.release(id);
}

std::vector<PodId> DataPlane::clientPods(const Source& s) const {
  std::vector<PodId> pods;
  for (PodId id : world_.livePods()) {
    const Pod& pod = world_.pod(id);
    if (pod.ns == s.spec.client_namespace && pod.phase == PodPhase::Running && !pod.deletion &&
        pod.ip && world_.node(pod.node).up && s.spec.client_pods->matches(pod.labels)) {
      pods.push_back(id);
    }
  }
  return pods;
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
