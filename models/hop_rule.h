// The rule that decided a hop (kube-proxy's, the cloud load balancer's or an ingress
// controller's), shared by the proxies that apply rules and the request records that keep them.
#pragma once

#include <cstdint>

namespace kns::models {

// The rule that decided a hop, for the GUI's explanation: "iptables statistic 1/3 -> 10.244.2.7".
enum class Rule : std::uint8_t {
  None,
  IptablesProbability,  // arg = index of the matching rule (0-based), count = rules in chain
  IptablesLast,         // the final, unconditional rule of the chain
  SessionAffinity,      // ClientIP affinity: `recent` match in iptables, persistence in IPVS
  NftablesNumgen,       // numgen random mod count, arg = the number drawn
  IpvsRoundRobin,
  IpvsLeastConnection,
  IpvsShortestExpectedDelay,
  IpvsNeverQueue,
  IpvsSourceHashing,
  IpvsDestinationHashing,
  RejectNoEndpoints,     // "<svc> has no endpoints": REJECT
  DropNoLocalEndpoints,  // "<svc> has no local endpoints": DROP
  // Ingress hops: arg = the route index (IngressController::routeNames), count = the try.
  IngressRoundRobin,
  IngressEwma,
  IngressConsistentHash,
  IngressSticky,
  IngressLeastRequest,
  IngressRedirect,     // ssl-redirect: 308
  IngressNoRoute,      // 404
  IngressNoEndpoints,  // 503
};
const char* ruleName(Rule rule);

}  // namespace kns::models
