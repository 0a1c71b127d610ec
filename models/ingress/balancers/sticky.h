// Cookie session affinity (affinity: cookie, SEMANTICS §5.6). Balanced mode (the default): the
// cookie holds a random key hashed on the ring, so scaling moves some sessions. Persistent mode:
// the cookie names the peer itself and holds while the peer exists. A retry after a failure
// picks again, avoiding peers already tried, and rewrites the cookie.
#pragma once

#include <string_view>

#include "models/ingress/balancers/consistent_hash.h"

namespace kns::models {

class StickyBalancer final : public Balancer {
 public:
  StickyBalancer(sim::RandomStream& rng, bool persistent) : rng_(rng), persistent_(persistent) {}
  void sync(const std::vector<Peer>& peers, sim::Time now) override;
  std::optional<Peer> pick(BalanceContext& context) override;
  const char* name() const override {
    return persistent_ ? "sticky_persistent" : "sticky_balanced";
  }

 private:
  const Peer* byCookie(std::string_view cookie) const;

  sim::RandomStream& rng_;
  bool persistent_;
  std::vector<Peer> peers_;
  HashRing ring_;
};

}  // namespace kns::models
