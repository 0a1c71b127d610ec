// nftables mode (SEMANTICS §1.13): one `numgen random mod n` vmap per Service; the first packet
// costs one lookup whatever the number of Services.
#pragma once

#include "models/proxy/modes/proxy_mode.h"

namespace kns::models {

class NftablesMode final : public ProxyModePolicy {
 public:
  explicit NftablesMode(sim::RandomStream& rng) : rng_(rng) {}
  ProxyDecision pick(const Service& service, const std::vector<Endpoint>& endpoints,
                     Ipv4 source) override;

 private:
  sim::RandomStream& rng_;
};

}  // namespace kns::models
