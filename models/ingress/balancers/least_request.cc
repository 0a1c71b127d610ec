#include "models/ingress/balancers/least_request.h"

namespace kns::models {

void LeastRequestBalancer::sync(const std::vector<Peer>& peers, sim::Time) { peers_ = peers; }

int LeastRequestBalancer::active(const Peer& peer) const {
  auto it = active_.find(peer.key());
  return it == active_.end() ? 0 : it->second;
}

void LeastRequestBalancer::finished(const Peer& peer) {
  auto it = active_.find(peer.key());
  if (it != active_.end() && --it->second <= 0) active_.erase(it);
}

std::optional<Peer> LeastRequestBalancer::pick(BalanceContext& context) {
  std::vector<const Peer*> candidates;
  for (const Peer& p : peers_) {
    if (context.tried == nullptr || !context.tried->count(p.key())) candidates.push_back(&p);
  }
  if (candidates.empty()) {
    for (const Peer& p : peers_) candidates.push_back(&p);
  }
  if (candidates.empty()) return std::nullopt;
  if (candidates.size() == 1) return *candidates[0];
  auto n = static_cast<std::int64_t>(candidates.size());
  auto i = static_cast<std::size_t>(rng_.uniformInt(0, n - 1));
  auto j = static_cast<std::size_t>(rng_.uniformInt(0, n - 2));
  if (j >= i) ++j;  // two distinct peers
  const Peer* chosen =
      active(*candidates[j]) < active(*candidates[i]) ? candidates[j] : candidates[i];
  explanation_ = "least_request picked " + chosen->key() + " (" + std::to_string(active(*chosen)) +
                 " in flight)";
  return *chosen;
}

}  // namespace kns::models
