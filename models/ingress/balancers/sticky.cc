#include "models/ingress/balancers/sticky.h"

#include <cstdio>

namespace kns::models {

void StickyBalancer::sync(const std::vector<Peer>& peers, sim::Time) {
  peers_ = peers;
  ring_.build(peers_);
}

const Peer* StickyBalancer::byCookie(std::string_view cookie) const {
  if (cookie.empty()) return nullptr;
  if (persistent_) {
    std::optional<PeerKey> key = parsePeerKey(cookie);
    if (!key) return nullptr;
    for (const Peer& p : peers_) {
      if (p.key() == *key) return &p;
    }
    return nullptr;  // the peer is gone
  }
  int index = ring_.lookup(cookie);
  return index < 0 ? nullptr : &peers_[static_cast<std::size_t>(index)];
}

std::optional<Peer> StickyBalancer::pick(BalanceContext& context) {
  if (peers_.empty()) return std::nullopt;
  last_.persistent = persistent_;
  std::string_view cookie =
      context.affinity_cookie != nullptr ? std::string_view(*context.affinity_cookie) : "";
  const Peer* peer = byCookie(cookie);
  if (peer != nullptr && !context.wasTried(*peer)) {
    last_.kind = PickFact::Kind::StickyCookie;
    last_.chosen = *peer;
    return *peer;
  }
  // A new session (or its peer failed or left): a new cookie, avoiding tried peers.
  for (int attempt = 0; attempt < 20; ++attempt) {
    const Peer* candidate = nullptr;
    char value[48];  // "<peer ip:port>" or "<nanoseconds>.<random>"
    std::size_t length = 0;
    if (persistent_) {
      candidate = &peers_[static_cast<std::size_t>(
          rng_.uniformInt(0, static_cast<std::int64_t>(peers_.size()) - 1))];
      length = candidate->format(value);
    } else {
      long long random = rng_.uniformInt(0, 999999);
      length = static_cast<std::size_t>(std::snprintf(
          value, sizeof value, "%lld.%lld",
          static_cast<long long>(context.now.time_since_epoch().count() + attempt), random));
      candidate = byCookie(std::string_view(value, length));
    }
    if (context.wasTried(*candidate) && attempt + 1 < 20) continue;
    if (context.affinity_cookie != nullptr) context.affinity_cookie->assign(value, length);
    last_.kind = PickFact::Kind::StickyNewSession;
    last_.chosen = *candidate;
    return *candidate;
  }
  return std::nullopt;  // not reached: the last attempt always returns
}

}  // namespace kns::models
