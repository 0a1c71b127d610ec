// kube-proxy: sync pacing, endpoint categories, traffic policies and session affinity; the
// choice among endpoints is its mode's (models/proxy/modes).
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
      credit_(config.min_sync_period * std::max(1, config.burst_syncs)),
      mode_(makeProxyMode(config_, rng_)) {
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
  sim::Duration cost = config_.first_packet_base + mode_->ruleCost(rank);
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
  ProxyDecision decision = mode_->pick(service, *endpoints, source);
  decision.cost = cost;
  if (sticky) affinity_[service.id][source.value] = Affinity{decision.endpoint.address, sim_.now()};
  return decision;
}

void KubeProxy::connectionOpened(ServiceId service, Ipv4 endpoint) {
  mode_->connectionOpened(service, endpoint);
}

void KubeProxy::connectionClosed(ServiceId service, Ipv4 endpoint) {
  mode_->connectionClosed(service, endpoint);
}

}  // namespace kns::models
