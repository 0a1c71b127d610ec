// kube-proxy: sync pacing, endpoint categories, and the per-mode choice of backend.
#include "models/proxy/kube_proxy.h"

#include <algorithm>
#include <cmath>

#include "models/telemetry.h"

namespace kns::models {

std::shared_ptr<const EndpointCategories> categorize(const EndpointsSnapshot& snapshot) {
  auto categories = std::make_shared<EndpointCategories>();
  categories->snapshot = snapshot;
  // Slices may list an endpoint twice during an update (SEMANTICS §2.1): dedupe by address.
  std::vector<std::uint32_t> seen;
  for (const EndpointSlice& slice : snapshot->slices) {
    for (const Endpoint& e : slice.endpoints) {
      if (std::find(seen.begin(), seen.end(), e.address.value) != seen.end()) continue;
      seen.push_back(e.address.value);
      if (e.ready) {
        categories->ready.push_back(e);
        categories->ready_by_node[e.node].push_back(e);
        if (e.hint_zone >= 0) categories->ready_by_zone_hint[e.hint_zone].push_back(e);
      } else if (e.serving && e.terminating) {
        categories->serving_terminating.push_back(e);
        categories->serving_terminating_by_node[e.node].push_back(e);
      }
    }
  }
  auto all = [&](auto has_hint) {
    return !categories->ready.empty() &&
           std::all_of(categories->ready.begin(), categories->ready.end(), has_hint);
  };
  categories->every_ready_has_zone_hint = all([](const Endpoint& e) { return e.hint_zone >= 0; });
  categories->every_ready_has_node_hint = all([](const Endpoint& e) { return e.hint_own_node; });
  return categories;
}

const std::vector<Endpoint>& EndpointCategories::cluster(NodeId node, std::int16_t zone) const {
  if (ready.empty()) return serving_terminating;
  if (every_ready_has_node_hint) {
    auto here = ready_by_node.find(node);
    if (here != ready_by_node.end()) return here->second;
  }
  if (every_ready_has_zone_hint) {
    auto in_zone = ready_by_zone_hint.find(zone);
    if (in_zone != ready_by_zone_hint.end()) return in_zone->second;
  }
  return ready;
}

const std::vector<Endpoint>& EndpointCategories::local(NodeId node) const {
  static const std::vector<Endpoint> kNone;
  auto ready_here = ready_by_node.find(node);
  if (ready_here != ready_by_node.end()) return ready_here->second;
  auto terminating_here = serving_terminating_by_node.find(node);
  return terminating_here == serving_terminating_by_node.end() ? kNone : terminating_here->second;
}

KubeProxy::KubeProxy(sim::Simulator& sim, NodeId node, std::int16_t zone,
                     const KubeProxyConfig& config, EndpointHistory& history, Telemetry& telemetry)
    : sim_(sim),
      node_(node),
      zone_(zone),
      config_(config),
      history_(history),
      telemetry_(telemetry),
      rng_(sim.stream("kube-proxy/node-" + std::to_string(node.value))),
      sync_timer_(
          sim, [this] { sync(); }, sim::eventTag("kube-proxy.sync")),
      last_credit_update_(sim.now()),
      credit_(config.min_sync_period * std::max(1, config.burst_syncs)) {
  history_.join();
  history_.markIdle(node_);
}

void KubeProxy::endpointsDelivered() { requestSync(); }

// BoundedFrequencyRunner as a token bucket kept in time units: credit grows with elapsed time up
// to burst x minSyncPeriod, and a sync spends minSyncPeriod of it. Changes arriving while a sync
// waits are coalesced into it.
void KubeProxy::requestSync() {
  if (sync_timer_.armed()) return;
  sim::Duration cap = config_.min_sync_period * std::max(1, config_.burst_syncs);
  credit_ = std::min(cap, credit_ + (sim_.now() - last_credit_update_));
  last_credit_update_ = sim_.now();
  if (credit_ >= config_.min_sync_period) {
    sync_timer_.armAfter(sim::Duration::zero());
  } else {
    sync_timer_.armAfter(config_.min_sync_period - credit_);
  }
}

void KubeProxy::sync() {
  sim::Duration cap = config_.min_sync_period * std::max(1, config_.burst_syncs);
  credit_ = std::min(cap, credit_ + (sim_.now() - last_credit_update_)) - config_.min_sync_period;
  last_credit_update_ = sim_.now();
  ++syncs_;
  // Programs every Service delivered since the last sync, at its newest version (shared with
  // every node, not copied).
  EndpointHistory::Seq through = history_.latest();
  history_.deliveredSince(synced_through_, scratch_);
  for (ServiceId service : scratch_) {
    telemetry_.onProxySynced(sim_.now(), node_, service,
                             history_.programmed(service, through)->snapshot->version);
  }
  history_.moved(synced_through_, through);
  synced_through_ = through;
  history_.markIdle(node_);  // the next delivery wakes it
}

bool KubeProxy::hasLocalReadyEndpoints(ServiceId service) const {
  const auto& programmed = history_.programmed(service, synced_through_);
  return programmed && programmed->ready_by_node.count(node_) > 0;
}

std::uint64_t KubeProxy::programmedVersion(ServiceId service) const {
  const auto& programmed = history_.programmed(service, synced_through_);
  return programmed ? programmed->snapshot->version : 0;
}

ProxyDecision KubeProxy::route(const Service& service, TrafficKind kind, Ipv4 source,
                               std::size_t rank) {
  sim::Duration cost = config_.first_packet_base;
  if (config_.mode == ProxyMode::Iptables) {
    cost += config_.iptables_per_service * static_cast<std::int64_t>(rank);
  }
  const EndpointCategories* programmed = history_.programmed(service.id, synced_through_).get();
  if (programmed == nullptr || !programmed->hasEndpoints()) {
    ProxyDecision reject;
    reject.verdict = ProxyDecision::Verdict::Reject;
    reject.rule = Rule::RejectNoEndpoints;
    reject.cost = cost;
    return reject;
  }
  TrafficPolicy policy = kind == TrafficKind::Internal   ? service.spec.internal_traffic_policy
                         : kind == TrafficKind::External ? service.spec.external_traffic_policy
                                                         : TrafficPolicy::Cluster;
  const std::vector<Endpoint>* endpoints = &programmed->cluster(node_, zone_);
  if (policy == TrafficPolicy::Local) {
    endpoints = &programmed->local(node_);
    if (endpoints->empty()) {
      ProxyDecision drop;
      drop.verdict = ProxyDecision::Verdict::Drop;
      drop.rule = Rule::DropNoLocalEndpoints;
      drop.cost = cost;
      return drop;
    }
  }

  bool sticky = service.spec.session_affinity == SessionAffinity::ClientIP;
  if (sticky) {
    auto& table = affinity_[service.id];
    auto found = table.find(source.value);
    if (found != table.end() &&
        sim_.now() - found->second.last_used <= service.spec.affinity_timeout) {
      for (const Endpoint& e : *endpoints) {
        if (e.address == found->second.endpoint) {
          found->second.last_used = sim_.now();  // `recent --set` on the way through
          ProxyDecision d;
          d.verdict = ProxyDecision::Verdict::Forward;
          d.endpoint = e;
          d.rule = Rule::SessionAffinity;
          d.count = static_cast<std::uint16_t>(endpoints->size());
          d.cost = cost;
          return d;
        }
      }
    }
  }
  ProxyDecision decision = config_.mode == ProxyMode::Ipvs ? pickIpvs(service, *endpoints, source)
                                                           : pick(service, *endpoints, source);
  decision.cost = cost;
  if (sticky) affinity_[service.id][source.value] = Affinity{decision.endpoint.address, sim_.now()};
  return decision;
}

// iptables: the probability chain exactly as kube-proxy writes it, rule i matching with
// probability 1/(n-i) printed with ten decimals, the last rule unconditional. nftables: one
// `numgen random mod n` (SEMANTICS §1.3, §1.13).
ProxyDecision KubeProxy::pick(const Service&, const std::vector<Endpoint>& endpoints, Ipv4) {
  auto n = endpoints.size();
  ProxyDecision d;
  d.verdict = ProxyDecision::Verdict::Forward;
  d.count = static_cast<std::uint16_t>(n);
  if (config_.mode == ProxyMode::Nftables) {
    std::size_t k = rng_.index(n);
    d.endpoint = endpoints[k];
    d.rule = Rule::NftablesNumgen;
    d.arg = static_cast<std::uint16_t>(k);
    return d;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (i + 1 == n) {
      d.endpoint = endpoints[i];
      d.rule = Rule::IptablesLast;
      d.arg = static_cast<std::uint16_t>(i);
      return d;
    }
    double probability = std::round(1e10 / static_cast<double>(n - i)) / 1e10;  // "%0.10f"
    if (rng_.uniform01() < probability) {
      d.endpoint = endpoints[i];
      d.rule = Rule::IptablesProbability;
      d.arg = static_cast<std::uint16_t>(i);
      return d;
    }
  }
  return d;  // unreachable
}

// IPVS schedulers with every real server at weight 1, so wrr = rr and wlc = lc. Connection
// counts are this node's own: IPVS schedulers do not share state across nodes (SEMANTICS §1.12).
ProxyDecision KubeProxy::pickIpvs(const Service& service, const std::vector<Endpoint>& endpoints,
                                  Ipv4 source) {
  auto n = endpoints.size();
  ProxyDecision d;
  d.verdict = ProxyDecision::Verdict::Forward;
  d.count = static_cast<std::uint16_t>(n);
  auto& connections = ipvs_connections_[service.id];
  auto active = [&](std::size_t i) {
    auto it = connections.find(endpoints[i].address.value);
    return it == connections.end() ? 0 : it->second;
  };
  auto leastLoaded = [&] {
    std::size_t best = 0;
    for (std::size_t i = 1; i < n; ++i) {
      if (active(i) < active(best)) best = i;
    }
    return best;
  };
  // IPVS hashes an address into a 256-bucket table whose buckets are dealt to servers in turn.
  auto hashBucket = [](Ipv4 ip) { return (ip.value * 2654435761u) >> 24; };
  std::size_t k = 0;
  switch (config_.ipvs_scheduler) {
    case IpvsScheduler::RoundRobin:
    case IpvsScheduler::WeightedRoundRobin:
      k = ipvs_rr_next_[service.id]++ % n;
      d.rule = Rule::IpvsRoundRobin;
      break;
    case IpvsScheduler::LeastConnection:
    case IpvsScheduler::WeightedLeastConnection:
      k = leastLoaded();
      d.rule = Rule::IpvsLeastConnection;
      break;
    case IpvsScheduler::ShortestExpectedDelay:
      k = leastLoaded();  // (C + 1) / W with W = 1 orders like C
      d.rule = Rule::IpvsShortestExpectedDelay;
      break;
    case IpvsScheduler::NeverQueue:
      k = leastLoaded();  // an idle server if there is one (C = 0 is least), else sed
      d.rule = Rule::IpvsNeverQueue;
      break;
    case IpvsScheduler::SourceHashing:
      k = hashBucket(source) % n;
      d.rule = Rule::IpvsSourceHashing;
      break;
    case IpvsScheduler::DestinationHashing:
      k = hashBucket(service.cluster_ip.value_or(Ipv4{})) % n;
      d.rule = Rule::IpvsDestinationHashing;
      break;
  }
  d.endpoint = endpoints[k];
  d.arg = static_cast<std::uint16_t>(k);
  return d;
}

void KubeProxy::connectionOpened(ServiceId service, Ipv4 endpoint) {
  ++ipvs_connections_[service][endpoint.value];
}

void KubeProxy::connectionClosed(ServiceId service, Ipv4 endpoint) {
  auto& count = ipvs_connections_[service][endpoint.value];
  if (count > 0) --count;
}

}  // namespace kns::models
