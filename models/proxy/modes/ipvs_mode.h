// IPVS mode (SEMANTICS §1.12): a virtual server per Service with its scheduler, every real
// server at weight 1 (so wrr = rr and wlc = lc). Connection counts are this node's own: IPVS
// schedulers do not share state across nodes.
#pragma once

#include <map>

#include "models/proxy/modes/proxy_mode.h"

namespace kns::models {

class IpvsMode final : public ProxyModePolicy {
 public:
  explicit IpvsMode(IpvsScheduler scheduler) : scheduler_(scheduler) {}
  ProxyDecision pick(const Service& service, const std::vector<Endpoint>& endpoints,
                     Ipv4 source) override;
  void connectionOpened(ServiceId service, Ipv4 endpoint) override;
  void connectionClosed(ServiceId service, Ipv4 endpoint) override;

 private:
  IpvsScheduler scheduler_;
  std::map<ServiceId, std::map<std::uint32_t, int>> connections_;  // by endpoint IP
  std::map<ServiceId, std::size_t> rr_next_;
};

}  // namespace kns::models
