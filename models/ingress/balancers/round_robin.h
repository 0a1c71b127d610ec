// round_robin (resty.roundrobin with equal weights, SEMANTICS §5.4): cycles through the peers
// from a random start, reset to a new random start whenever the peer list changes.
#pragma once

#include "models/ingress/balancers/balancer.h"

namespace kns::models {

class RoundRobinBalancer final : public Balancer {
 public:
  explicit RoundRobinBalancer(sim::RandomStream& rng) : rng_(rng) {}
  void sync(const std::vector<Peer>& peers, sim::Time now) override;
  std::optional<Peer> pick(BalanceContext& context) override;
  const char* name() const override { return "round_robin"; }

 private:
  sim::RandomStream& rng_;
  std::vector<Peer> peers_;
  std::size_t next_ = 0;
};

}  // namespace kns::models
