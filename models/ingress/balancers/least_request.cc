#include "models/ingress/balancers/least_request.h"

#include <algorithm>

namespace kns::models {
namespace {

bool keyBefore(const std::pair<PeerKey, int>& entry, PeerKey key) { return entry.first < key; }

}  // namespace

void LeastRequestBalancer::sync(const std::vector<Peer>& peers, sim::Time) {
  peers_ = peers;
  // Peers that left with nothing in flight are forgotten (rollouts bring new addresses, so
  // the table would otherwise grow with every pod the backend ever had).
  std::vector<PeerKey> listed;
  for (const Peer& p : peers_) listed.push_back(p.key());
  std::sort(listed.begin(), listed.end());
  std::erase_if(active_, [&](const std::pair<PeerKey, int>& entry) {
    return entry.second == 0 && !std::binary_search(listed.begin(), listed.end(), entry.first);
  });
  for (const Peer& p : peers_) slot(p.key());  // entries made here, not on the request path
}

int& LeastRequestBalancer::slot(PeerKey key) {
  auto it = std::lower_bound(active_.begin(), active_.end(), key, keyBefore);
  if (it == active_.end() || it->first != key) it = active_.insert(it, {key, 0});
  return it->second;
}

int LeastRequestBalancer::active(const Peer& peer) const {
  auto it = std::lower_bound(active_.begin(), active_.end(), peer.key(), keyBefore);
  return it == active_.end() || it->first != peer.key() ? 0 : it->second;
}

void LeastRequestBalancer::finished(const Peer& peer) {
  auto it = std::lower_bound(active_.begin(), active_.end(), peer.key(), keyBefore);
  if (it != active_.end() && it->first == peer.key() && it->second > 0) --it->second;
}

std::optional<Peer> LeastRequestBalancer::pick(BalanceContext& context) {
  Candidates candidates = untried(peers_, context);
  if (candidates.empty()) return std::nullopt;
  if (candidates.size() == 1) {
    last_.kind = PickFact::Kind::LeastRequestOnly;
    last_.chosen = candidates[0];
    return candidates[0];
  }
  auto n = static_cast<std::int64_t>(candidates.size());
  auto i = static_cast<std::size_t>(rng_.uniformInt(0, n - 1));
  auto j = static_cast<std::size_t>(rng_.uniformInt(0, n - 2));
  if (j >= i) ++j;  // two distinct peers
  const Peer& chosen =
      active(candidates[j]) < active(candidates[i]) ? candidates[j] : candidates[i];
  last_.kind = PickFact::Kind::LeastRequest;
  last_.chosen = chosen;
  last_.in_flight = active(chosen);
  return chosen;
}

}  // namespace kns::models
