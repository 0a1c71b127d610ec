#include "models/proxy/modes/nftables_mode.h"

namespace kns::models {

ProxyDecision NftablesMode::pick(const Service&, const std::vector<Endpoint>& endpoints, Ipv4) {
  ProxyDecision d;
  d.verdict = ProxyDecision::Verdict::Forward;
  d.count = static_cast<std::uint16_t>(endpoints.size());
  std::size_t k = rng_.index(endpoints.size());
  d.endpoint = endpoints[k];
  d.rule = Rule::NftablesNumgen;
  d.arg = static_cast<std::uint16_t>(k);
  return d;
}

}  // namespace kns::models
