#include "models/ingress/balancers/ewma.h"

#include <cmath>
#include <cstdio>

namespace kns::models {

double EwmaBalancer::decay(double ewma, double last_touched, double rtt, double now) {
  double td = std::max(now - last_touched, 0.0);
  double weight = std::exp(-td / kDecaySeconds);
  return ewma * weight + rtt * (1.0 - weight);
}

double EwmaBalancer::score(const Peer& peer, sim::Time now) const {
  auto it = stats_.find(peer.key());
  if (it == stats_.end()) return 0;
  return decay(it->second.ewma, it->second.last_touched, 0, sim::toSeconds(now));
}

void EwmaBalancer::sync(const std::vector<Peer>& peers, sim::Time now) {
  // Slow start: peers new to the list begin at the average ewma of the ones already known.
  double sum = 0;
  int known = 0;
  for (const Peer& p : peers) {
    auto it = stats_.find(p.key());
    if (it != stats_.end()) {
      sum += it->second.ewma;
      ++known;
    }
  }
  std::map<std::string, Stats> next;
  for (const Peer& p : peers) {
    auto it = stats_.find(p.key());
    if (it != stats_.end()) {
      next[p.key()] = it->second;
    } else if (known > 0) {
      // ingress-nginx stores the slow-start ewma with last_touched_at = now.
      next[p.key()] = Stats{sum / known, sim::toSeconds(now)};
    }
  }
  stats_ = std::move(next);  // removed peers' statistics are dropped
  peers_ = peers;
}

std::optional<Peer> EwmaBalancer::pick(BalanceContext& context) {
  std::vector<const Peer*> candidates;
  for (const Peer& p : peers_) {
    if (context.tried == nullptr || !context.tried->count(p.key())) candidates.push_back(&p);
  }
  if (candidates.empty()) {  // every peer tried: start again from all
    for (const Peer& p : peers_) candidates.push_back(&p);
  }
  if (candidates.empty()) return std::nullopt;
  if (candidates.size() == 1) {
    explanation_ = "ewma: only " + candidates[0]->key() + " left";
    return *candidates[0];
  }
  // A partial Fisher-Yates shuffle for two distinct random candidates.
  for (std::size_t i = 0; i < 2; ++i) {
    auto j = static_cast<std::size_t>(rng_.uniformInt(
        static_cast<std::int64_t>(i), static_cast<std::int64_t>(candidates.size()) - 1));
    std::swap(candidates[i], candidates[j]);
  }
  double a = score(*candidates[0], context.now), b = score(*candidates[1], context.now);
  const Peer* chosen = b < a ? candidates[1] : candidates[0];  // strict: ties go to the first
  char text[160];
  std::snprintf(text, sizeof text, "ewma picked %s (score %.2f ms vs %.2f ms for %s)",
                chosen->key().c_str(), 1e3 * std::min(a, b), 1e3 * std::max(a, b),
                (chosen == candidates[0] ? candidates[1] : candidates[0])->key().c_str());
  explanation_ = text;
  return *chosen;
}

void EwmaBalancer::observe(const Peer& peer, sim::Duration rtt, sim::Time now) {
  Stats& s = stats_[peer.key()];
  double t = sim::toSeconds(now);
  s.ewma = decay(s.ewma, s.last_touched, sim::toSeconds(rtt), t);
  s.last_touched = t;
}

}  // namespace kns::models
