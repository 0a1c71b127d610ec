// least_request as Envoy does it (not in ingress-nginx; for comparison): two random peers, the
// one with fewer requests in flight from this controller pod wins.
#pragma once

#include <map>

#include "models/ingress/balancers/balancer.h"

namespace kns::models {

class LeastRequestBalancer final : public Balancer {
 public:
  explicit LeastRequestBalancer(sim::RandomStream& rng) : rng_(rng) {}
  void sync(const std::vector<Peer>& peers, sim::Time now) override;
  std::optional<Peer> pick(BalanceContext& context) override;
  void started(const Peer& peer) override { ++active_[peer.key()]; }
  void finished(const Peer& peer) override;
  const char* name() const override { return "least_request"; }
  int active(const Peer& peer) const;

 private:
  sim::RandomStream& rng_;
  std::vector<Peer> peers_;
  std::map<std::string, int> active_;
};

}  // namespace kns::models
