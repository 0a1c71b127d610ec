// Names for request outcomes and rules; time-in-pod of a record.
#include "models/traffic/request.h"

namespace kns::models {

const char* outcomeName(RequestOutcome outcome) {
  switch (outcome) {
    case RequestOutcome::Ok:
      return "ok";
    case RequestOutcome::Overflow:
      return "503-overflow";
    case RequestOutcome::ConnectionRefused:
      return "connection-refused";
    case RequestOutcome::ConnectTimeout:
      return "connect-timeout";
    case RequestOutcome::BlackHole:
      return "black-hole";
    case RequestOutcome::Reset:
      return "reset";
    case RequestOutcome::Timeout:
      return "timeout";
    case RequestOutcome::StaleEndpoint:
      return "stale-endpoint";
    case RequestOutcome::DnsFailure:
      return "dns-failure";
    case RequestOutcome::Redirect:
      return "308-redirect";
    case RequestOutcome::NotFound:
      return "404-no-rule";
    case RequestOutcome::BadGateway:
      return "502-bad-gateway";
    case RequestOutcome::NoEndpoints:
      return "503-no-endpoints";
    case RequestOutcome::GatewayTimeout:
      return "504-gateway-timeout";
  }
  return "?";
}

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

sim::Duration RequestRecord::timeInPod() const {
  sim::Duration total{0};
  for (int i = 0; i < hop_count; ++i) {
    if (hops[i].kind == HopKind::PodQueue || hops[i].kind == HopKind::PodService) {
      total += hops[i].spent;
    }
  }
  return total;
}

}  // namespace kns::models
