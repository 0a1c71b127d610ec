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
