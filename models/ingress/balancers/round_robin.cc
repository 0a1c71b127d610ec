#include "models/ingress/balancers/round_robin.h"

namespace kns::models {

void RoundRobinBalancer::sync(const std::vector<Peer>& peers, sim::Time) {
  if (peers == peers_) return;  // the same list keeps its position
  peers_ = peers;
  next_ = peers_.empty() ? 0
                         : static_cast<std::size_t>(
                               rng_.uniformInt(0, static_cast<std::int64_t>(peers_.size()) - 1));
}

std::optional<Peer> RoundRobinBalancer::pick(BalanceContext&) {
  if (peers_.empty()) return std::nullopt;
  const Peer& peer = peers_[next_];
  next_ = (next_ + 1) % peers_.size();
  last_.kind = PickFact::Kind::RoundRobin;
  last_.chosen = peer;
  return peer;
}

}  // namespace kns::models
