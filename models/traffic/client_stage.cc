// Clients and retries: traffic sources, arrivals (open loop, closed loop, bursts, rate
// schedules), the start of each request with its deadline, its end, and the client's retry.
#include "models/traffic/client_stage.h"

#include <algorithm>

#include "models/traffic/connection_stage.h"
#include "models/traffic/delivery_stage.h"
#include "models/traffic/l7_proxy_stage.h"

namespace kns::models {

std::uint32_t ClientStage::addTraffic(TrafficSpec spec) {
  auto source = std::make_unique<TrafficSource>();
  bool cloud = spec.ingress_controller != 0xFF;
  if (cloud && (spec.ingress_controller >= l7().controllers().size() ||
                !l7().controllers()[spec.ingress_controller]->cloud() || !spec.from_internet)) {
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
  source->rng = &sim().stream("traffic/" + spec.name);
  if (spec.mix.size() > 1) {
    std::vector<double> weights;
    for (const RequestTemplate& entry : spec.mix) weights.push_back(entry.weight);
    source->mix = std::make_unique<sim::WeightedChoice>(weights);  // validates the weights
  }
  source->setRate(spec.rate_per_second);
  source->spec = std::move(spec);
  auto index = static_cast<std::uint32_t>(table_.sources.size());
  sim::Time start = std::max(source->spec.start, world_.now());
  table_.sources.push_back(std::move(source));
  sim().scheduleAt(
      start, [this, index] { startSource(index); }, kArrivalTag);
  for (const auto& [at, rate] : table_.sources[index]->spec.rate_schedule) {
    sim().scheduleAt(
        std::max(at, world_.now()), [this, index, rate = rate] { setRate(index, rate); },
        kArrivalTag);
  }
  return index;
}

void ClientStage::startSource(std::uint32_t index) {
  TrafficSource& s = *table_.sources[index];
  if (s.spec.users <= 0) {
    scheduleNextArrival(index);
    return;
  }
  // Closed loop: every user starts after one think time, so they do not all fire at once.
  for (int user = 0; user < s.spec.users; ++user) {
    sim::Duration think = s.spec.think_time.sample(*s.rng);
    sim().scheduleAfter(
        think, [this, index] { startRequest(index, 0, world_.now()); }, kArrivalTag);
  }
}

void ClientStage::setRate(std::uint32_t source, double rate_per_second) {
  TrafficSource& s = *table_.sources.at(source);
  s.setRate(rate_per_second);
  // The next arrival was drawn at the old rate: draw it again from now (exact for Poisson,
  // by memorylessness; a constant stream restarts its spacing).
  if (s.spec.users <= 0 && world_.now() >= s.spec.start) {
    sim().cancel(s.next_arrival);
    scheduleNextArrival(source);
  }
}

void ClientStage::scheduleNextArrival(std::uint32_t index) {
  TrafficSource& s = *table_.sources[index];
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
  s.next_arrival = sim().scheduleAt(
      next, [this, index] { arrive(index); }, kArrivalTag);
}

void ClientStage::arrive(std::uint32_t index) {
  scheduleNextArrival(index);
  startRequest(index, 0, world_.now());
}

void ClientStage::startRequest(std::uint32_t index, std::uint8_t attempt, sim::Time first_start) {
  TrafficSource& s = *table_.sources[index];
  if (world_.now() >= s.spec.stop && attempt == 0) return;  // a closed-loop user stops too
  if (s.spec.client_pods && clientPods(s).empty()) {        // no client pod runs: counted, not sent
    world_.telemetry().onRequestNotSent(world_.now(), index);
    return;
  }
  std::uint64_t handle = table_.allocateRequest();
  InFlight& r = *table_.find(handle);
  r.source = index;
  r.record.id = table_.next_request_id++;
  r.record.source = index;
  r.record.attempt = attempt;
  r.record.first_start = first_start;
  if (s.mix) r.record.mix_entry = static_cast<std::uint16_t>(s.mix->sample(*s.rng));
  r.record.service = s.spec.service;  // DNS clients: set when the name resolves
  r.record.client_node = s.client_node;
  r.record.start = world_.now();
  r.deadline = sim().scheduleAfter(
      s.spec.timeout, [this, handle] { expire(handle); }, kDeadlineTag);
  Connection* c = connections().takeConnection(s, handle);
  if (c == nullptr) return;  // waiting for a keep-alive connection, or opening a new one
  table_.attach(r, *c);
  if (c->established) {
    delivery().send(handle);
  } else {
    c->pending.push_back(handle);
  }
}

void ClientStage::expire(std::uint64_t handle) {
  InFlight* r = table_.find(handle);
  if (r == nullptr) return;
  r->deadline = sim::EventId{};
  complete(handle, r->cause_if_expired);
}

void ClientStage::complete(std::uint64_t handle, RequestOutcome outcome) {
  InFlight* r = table_.find(handle);
  if (r == nullptr) return;
  sim().cancel(r->deadline);
  sim().cancel(r->next);
  r->record.end = world_.now();
  r->record.outcome = outcome;
  r->record.retried = outcome != RequestOutcome::Ok &&
                      r->record.attempt < table_.sources[r->record.source]->spec.retries;
  world_.telemetry().onRequest(r->record);
  followUp(r->record);
  std::uint64_t connection = r->connection;
  table_.releaseRequest(handle);
  if (connection != 0) {
    bool broken = outcome != RequestOutcome::Ok && outcome != RequestOutcome::Overflow;
    connections().requestFinishedOnConnection(connection, broken);
  }
}

void ClientStage::followUp(const RequestRecord& record) {
  TrafficSource& s = *table_.sources[record.source];
  std::uint32_t index = record.source;
  if (record.retried) {
    sim::Duration backoff =
        s.spec.retry_backoff * (std::int64_t{1} << std::min<int>(record.attempt, 30));
    sim().scheduleAfter(
        backoff,
        [this, index, attempt = static_cast<std::uint8_t>(record.attempt + 1),
         first = record.first_start] { startRequest(index, attempt, first); },
        kArrivalTag);
    return;
  }
  if (s.spec.users > 0) {
    sim::Duration think = s.spec.think_time.sample(*s.rng);
    sim().scheduleAfter(
        think, [this, index] { startRequest(index, 0, world_.now()); }, kArrivalTag);
  }
}

std::vector<PodId> ClientStage::clientPods(const TrafficSource& s) const {
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

}  // namespace kns::models
