// kube-proxy's settings and what its rules decide for a connection's first packet: shared by
// the KubeProxy actor and its modes (models/proxy/modes).
#pragma once

#include <cstdint>

#include "models/cluster/endpoints.h"
#include "models/hop_rule.h"
#include "sim/time.h"

namespace kns::models {

enum class ProxyMode { Iptables, Ipvs, Nftables };
enum class IpvsScheduler {
  RoundRobin,
  WeightedRoundRobin,
  LeastConnection,
  WeightedLeastConnection,
  ShortestExpectedDelay,
  NeverQueue,
  SourceHashing,
  DestinationHashing,
};

struct KubeProxyConfig {
  ProxyMode mode = ProxyMode::Iptables;
  IpvsScheduler ipvs_scheduler = IpvsScheduler::RoundRobin;  // ipvs.scheduler "" = rr
  // BoundedFrequencyRunner: at most `burst_syncs` syncs back to back, then one per
  // minSyncPeriod (default 1 s); 0 syncs on every change (SEMANTICS §1.10).
  sim::Duration min_sync_period = std::chrono::seconds(1);
  int burst_syncs = 2;
  // First-packet cost (SEMANTICS §1.14, §6.2): iptables walks KUBE-SERVICES, one rule per
  // Service ahead of this one; nftables and IPVS do one lookup.
  sim::Duration first_packet_base = std::chrono::microseconds(2);
  sim::Duration iptables_per_service = std::chrono::nanoseconds(20);
};

// What kube-proxy's rules do with a new connection's first packet.
struct ProxyDecision {
  enum class Verdict { Forward, Reject, Drop };
  Verdict verdict = Verdict::Reject;
  Endpoint endpoint;
  Rule rule = Rule::None;
  std::uint16_t arg = 0;
  std::uint16_t count = 0;
  sim::Duration cost{0};  // first-packet processing on this node
};

}  // namespace kns::models
