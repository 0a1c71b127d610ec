#include "models/ingress/balancers/sticky.h"

namespace kns::models {

void StickyBalancer::sync(const std::vector<Peer>& peers, sim::Time) {
  peers_ = peers;
  ring_.build(peers_);
}

bool StickyBalancer::tried(const BalanceContext& context, const Peer& peer) const {
  return context.tried != nullptr && context.tried->count(peer.key()) > 0;
}

const Peer* StickyBalancer::byCookie(const std::string& cookie) const {
  if (cookie.empty()) return nullptr;
  if (persistent_) {
    for (const Peer& p : peers_) {
      if (p.key() == cookie) return &p;
    }
    return nullptr;  // the peer is gone
  }
  int index = ring_.lookup(cookie);
  return index < 0 ? nullptr : &peers_[static_cast<std::size_t>(index)];
}

std::optional<Peer> StickyBalancer::pick(BalanceContext& context) {
  if (peers_.empty()) return std::nullopt;
  std::string cookie = context.affinity_cookie != nullptr ? *context.affinity_cookie : "";
  const Peer* peer = byCookie(cookie);
  if (peer != nullptr && !tried(context, *peer)) {
    explanation_ = std::string(name()) + ": INGRESSCOOKIE -> " + peer->key();
    return *peer;
  }
  // A new session (or its peer failed or left): a new cookie, avoiding tried peers.
  for (int attempt = 0; attempt < 20; ++attempt) {
    const Peer* candidate = nullptr;
    std::string value;
    if (persistent_) {
      candidate = &peers_[static_cast<std::size_t>(
          rng_.uniformInt(0, static_cast<std::int64_t>(peers_.size()) - 1))];
      value = candidate->key();
    } else {
      value = std::to_string(context.now.time_since_epoch().count() + attempt) + "." +
              std::to_string(rng_.uniformInt(0, 999999));
      candidate = byCookie(value);
    }
    if (tried(context, *candidate) && attempt + 1 < 20) continue;
    if (context.affinity_cookie != nullptr) *context.affinity_cookie = value;
    explanation_ = std::string(name()) + ": new session, INGRESSCOOKIE set for " + candidate->key();
    return *candidate;
  }
  return std::nullopt;  // not reached: the last attempt always returns
}

}  // namespace kns::models
