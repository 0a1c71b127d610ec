#include "models/proxy/modes/iptables_mode.h"

#include <cmath>

namespace kns::models {

ProxyDecision IptablesMode::pick(const Service&, const std::vector<Endpoint>& endpoints, Ipv4) {
  auto n = endpoints.size();
  ProxyDecision d;
  d.verdict = ProxyDecision::Verdict::Forward;
  d.count = static_cast<std::uint16_t>(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (i + 1 == n) {
      d.endpoint = endpoints[i];
      d.rule = Rule::IptablesLast;
      d.arg = static_cast<std::uint16_t>(i);
      return d;
    }
    double probability = std::round(1e10 / static_cast<double>(n - i)) / 1e10;  // "%0.10f"
    if (rng_.uniform01() < probability) {
      d.endpoint = endpoints[i];
      d.rule = Rule::IptablesProbability;
      d.arg = static_cast<std::uint16_t>(i);
      return d;
    }
  }
  return d;  // unreachable
}

}  // namespace kns::models
