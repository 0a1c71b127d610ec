// Rule names as the GUI's hop explanations print them.
#include "models/hop_rule.h"

namespace kns::models {

const char* ruleName(Rule rule) {
  switch (rule) {
    case Rule::None:
      return "none";
    case Rule::IptablesProbability:
      return "iptables statistic";
    case Rule::IptablesLast:
      return "iptables last rule";
    case Rule::SessionAffinity:
      return "session affinity";
    case Rule::NftablesNumgen:
      return "nftables numgen";
    case Rule::IpvsRoundRobin:
      return "ipvs rr";
    case Rule::IpvsLeastConnection:
      return "ipvs lc";
    case Rule::IpvsShortestExpectedDelay:
      return "ipvs sed";
    case Rule::IpvsNeverQueue:
      return "ipvs nq";
    case Rule::IpvsSourceHashing:
      return "ipvs sh";
    case Rule::IpvsDestinationHashing:
      return "ipvs dh";
    case Rule::RejectNoEndpoints:
      return "REJECT (no endpoints)";
    case Rule::DropNoLocalEndpoints:
      return "DROP (no local endpoints)";
    case Rule::IngressRoundRobin:
      return "round_robin";
    case Rule::IngressEwma:
      return "ewma";
    case Rule::IngressConsistentHash:
      return "upstream-hash-by";
    case Rule::IngressSticky:
      return "cookie affinity";
    case Rule::IngressLeastRequest:
      return "least_request";
    case Rule::IngressRedirect:
      return "ssl-redirect (308)";
    case Rule::IngressNoRoute:
      return "no rule (404)";
    case Rule::IngressNoEndpoints:
      return "no endpoints (503)";
  }
  return "?";
}

}  // namespace kns::models
