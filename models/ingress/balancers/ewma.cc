#include "models/ingress/balancers/ewma.h"

#include <cmath>

namespace kns::models {

double EwmaBalancer::decay(double ewma, double last_touched, double rtt, double now) {
  double td = std::max(now - last_touched, 0.0);
  double weight = std::exp(-td / kDecaySeconds);
  return ewma * weight + rtt * (1.0 - weight);
}

const EwmaBalancer::Stats* EwmaBalancer::find(PeerKey key) const {
  if (std::optional<std::size_t> i = index_.find(key)) return &stats_[*i];
  for (const auto& [departed, stats] : departed_) {
    if (departed == key) return &stats;
  }
  return nullptr;
}

double EwmaBalancer::score(const Peer& peer, sim::Time now) const {
  const Stats* s = find(peer.key());
  if (s == nullptr || !s->known) return 0;
  return decay(s->ewma, s->last_touched, 0, sim::toSeconds(now));
}

void EwmaBalancer::sync(const std::vector<Peer>& peers, sim::Time now) {
  // Slow start: peers new to the list begin at the average ewma of the ones already known.
  double sum = 0;
  int known = 0;
  for (const Peer& p : peers) {
    const Stats* s = find(p.key());
    if (s != nullptr && s->known) {
      sum += s->ewma;
      ++known;
    }
  }
  std::vector<Stats> next(peers.size());
  for (std::size_t i = 0; i < peers.size(); ++i) {
    const Stats* s = find(peers[i].key());
    if (s != nullptr && s->known) {
      next[i] = *s;
    } else if (known > 0) {
      // ingress-nginx stores the slow-start ewma with last_touched_at = now.
      next[i] = Stats{true, sum / known, sim::toSeconds(now)};
    }
  }
  stats_ = std::move(next);  // removed peers' statistics are dropped
  departed_.clear();
  peers_ = peers;
  index_.build(peers_);
}

std::optional<Peer> EwmaBalancer::pick(BalanceContext& context) {
  std::vector<const Peer*>& candidates = untried(peers_, context);
  if (candidates.empty()) return std::nullopt;
  if (candidates.size() == 1) {
    last_.kind = PickFact::Kind::EwmaOnly;
    last_.chosen = *candidates[0];
    return *candidates[0];
  }
  // A partial Fisher-Yates shuffle for two distinct random candidates.
  std::vector<const Peer*>& shuffled = candidates;
  for (std::size_t i = 0; i < 2; ++i) {
    auto j = static_cast<std::size_t>(rng_.uniformInt(
        static_cast<std::int64_t>(i), static_cast<std::int64_t>(shuffled.size()) - 1));
    std::swap(shuffled[i], shuffled[j]);
  }
  double a = score(*shuffled[0], context.now), b = score(*shuffled[1], context.now);
  bool second = b < a;  // strict: ties go to the first
  last_.kind = PickFact::Kind::Ewma;
  last_.chosen = *shuffled[second ? 1 : 0];
  last_.other = *shuffled[second ? 0 : 1];
  last_.chosen_score = second ? b : a;
  last_.other_score = second ? a : b;
  return last_.chosen;
}

void EwmaBalancer::observe(const Peer& peer, sim::Duration rtt, sim::Time now) {
  Stats* s = find(peer.key());
  if (s == nullptr) s = &departed_.emplace_back(peer.key(), Stats{}).second;
  double t = sim::toSeconds(now);
  s->ewma = decay(s->known ? s->ewma : 0, s->known ? s->last_touched : 0, sim::toSeconds(rtt), t);
  s->last_touched = t;
  s->known = true;
}

}  // namespace kns::models
