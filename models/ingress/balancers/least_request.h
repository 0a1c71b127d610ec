// least_request as Envoy does it (not in ingress-nginx; for comparison): two random peers, the
// one with fewer requests in flight from this controller pod wins.
#pragma once

#include <utility>

#include "models/ingress/balancers/balancer.h"

namespace kns::models {

class LeastRequestBalancer final : public Balancer {
 public:
  explicit LeastRequestBalancer(sim::RandomStream& rng) : rng_(rng) {}
  void sync(const std::vector<Peer>& peers, sim::Time now) override;
  std::optional<Peer> pick(BalanceContext& context) override;
  void started(const Peer& peer) override { ++slot(peer.key()); }
  void finished(const Peer& peer) override;
  const char* name() const override { return "least_request"; }
  int active(const Peer& peer) const;

 private:
  int& slot(PeerKey key);

  sim::RandomStream& rng_;
  std::vector<Peer> peers_;
  // Requests in flight by peer, sorted by key; also for peers that left the list while their
  // requests finish. An entry stays at 0 once made (no allocation per request).
  std::vector<std::pair<PeerKey, int>> active_;
};

}  // namespace kns::models
