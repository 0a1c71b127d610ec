// iptables mode (SEMANTICS §1.3, §1.14): a Service's chain of probability rules, rule i matching
// with probability 1/(n-i) printed with ten decimals, the last unconditional; the first packet
// walks KUBE-SERVICES, one rule per Service ahead of this one.
#pragma once

#include "models/proxy/modes/proxy_mode.h"

namespace kns::models {

class IptablesMode final : public ProxyModePolicy {
 public:
  IptablesMode(sim::Duration per_service, sim::RandomStream& rng)
      : per_service_(per_service), rng_(rng) {}
  sim::Duration ruleCost(std::size_t rank) const override {
    return per_service_ * static_cast<std::int64_t>(rank);
  }
  ProxyDecision pick(const Service& service, const std::vector<Endpoint>& endpoints,
                     Ipv4 source) override;

 private:
  sim::Duration per_service_;
  sim::RandomStream& rng_;
};

}  // namespace kns::models
