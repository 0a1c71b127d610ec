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
  first_place_.resize(peers_.size());
  for (std::size_t i = 0; i < peers_.size(); ++i) first_place_[i] = *index_.find(peers_[i].key());
}

double EwmaBalancer::scoreOf(const Peer& listed, sim::Time now) const {
  const Stats& s = stats_[first_place_[static_cast<std::size_t>(&listed - peers_.data())]];
  return s.known ? decay(s.ewma, s.last_touched, 0, sim::toSeconds(now)) : 0;
}

std::optional<Peer> EwmaBalancer::pick(BalanceContext& context) {
  Candidates candidates = untried(peers_, context);
  if (candidates.empty()) return std::nullopt;
  if (candidates.size() == 1) {
    last_.kind = PickFact::Kind::EwmaOnly;
    last_.chosen = candidates[0];
    return candidates[0];
  }
  // Two distinct random candidates, as the first two steps of a Fisher-Yates shuffle: swap
  // place 0 with a random place j0, then place 1 with a random place j1 >= 1. Place 1 then
  // holds what was at j1, unless j1 == j0, where the first swap had put place 0's peer.
  auto last = static_cast<std::int64_t>(candidates.size()) - 1;
  auto j0 = static_cast<std::size_t>(rng_.uniformInt(0, last));
  auto j1 = static_cast<std::size_t>(rng_.uniformInt(1, last));
  const Peer& first = candidates[j0];
  const Peer& second_peer = candidates[j1 == j0 ? 0 : j1];
  double a = scoreOf(first, context.now), b = scoreOf(second_peer, context.now);
  bool second = b < a;  // strict: ties go to the first
  last_.kind = PickFact::Kind::Ewma;
  last_.chosen = second ? second_peer : first;
  last_.other = second ? first : second_peer;
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
