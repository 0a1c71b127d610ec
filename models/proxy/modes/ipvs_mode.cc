#include "models/proxy/modes/ipvs_mode.h"

namespace kns::models {

ProxyDecision IpvsMode::pick(const Service& service, const std::vector<Endpoint>& endpoints,
                             Ipv4 source) {
  auto n = endpoints.size();
  ProxyDecision d;
  d.verdict = ProxyDecision::Verdict::Forward;
  d.count = static_cast<std::uint16_t>(n);
  auto& connections = connections_[service.id];
  auto active = [&](std::size_t i) {
    auto it = connections.find(endpoints[i].address.value);
    return it == connections.end() ? 0 : it->second;
  };
  auto leastLoaded = [&] {
    std::size_t best = 0;
    for (std::size_t i = 1; i < n; ++i) {
      if (active(i) < active(best)) best = i;
    }
    return best;
  };
  // IPVS hashes an address into a 256-bucket table whose buckets are dealt to servers in turn.
  auto hashBucket = [](Ipv4 ip) { return (ip.value * 2654435761u) >> 24; };
  std::size_t k = 0;
  switch (scheduler_) {
    case IpvsScheduler::RoundRobin:
    case IpvsScheduler::WeightedRoundRobin:
      k = rr_next_[service.id]++ % n;
      d.rule = Rule::IpvsRoundRobin;
      break;
    case IpvsScheduler::LeastConnection:
    case IpvsScheduler::WeightedLeastConnection:
      k = leastLoaded();
      d.rule = Rule::IpvsLeastConnection;
      break;
    case IpvsScheduler::ShortestExpectedDelay:
      k = leastLoaded();  // (C + 1) / W with W = 1 orders like C
      d.rule = Rule::IpvsShortestExpectedDelay;
      break;
    case IpvsScheduler::NeverQueue:
      k = leastLoaded();  // an idle server if there is one (C = 0 is least), else sed
      d.rule = Rule::IpvsNeverQueue;
      break;
    case IpvsScheduler::SourceHashing:
      k = hashBucket(source) % n;
      d.rule = Rule::IpvsSourceHashing;
      break;
    case IpvsScheduler::DestinationHashing:
      k = hashBucket(service.cluster_ip.value_or(Ipv4{})) % n;
      d.rule = Rule::IpvsDestinationHashing;
      break;
  }
  d.endpoint = endpoints[k];
  d.arg = static_cast<std::uint16_t>(k);
  return d;
}

void IpvsMode::connectionOpened(ServiceId service, Ipv4 endpoint) {
  ++connections_[service][endpoint.value];
}

void IpvsMode::connectionClosed(ServiceId service, Ipv4 endpoint) {
  auto& count = connections_[service][endpoint.value];
  if (count > 0) --count;
}

}  // namespace kns::models
