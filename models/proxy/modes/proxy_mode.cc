#include "models/proxy/modes/proxy_mode.h"

#include "models/proxy/modes/iptables_mode.h"
#include "models/proxy/modes/ipvs_mode.h"
#include "models/proxy/modes/nftables_mode.h"

namespace kns::models {

std::unique_ptr<ProxyModePolicy> makeProxyMode(const KubeProxyConfig& config,
                                               sim::RandomStream& rng) {
  switch (config.mode) {
    case ProxyMode::Iptables:
      return std::make_unique<IptablesMode>(config.iptables_per_service, rng);
    case ProxyMode::Ipvs:
      return std::make_unique<IpvsMode>(config.ipvs_scheduler);
    case ProxyMode::Nftables:
      return std::make_unique<NftablesMode>(rng);
  }
  return nullptr;
}

}  // namespace kns::models
