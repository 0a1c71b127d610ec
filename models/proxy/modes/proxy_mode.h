// How a kube-proxy mode picks the backend of a new connection among the endpoints its rules
// cover, one mode per file pair behind this interface, as the ingress balancers are. What is
// common to every mode (endpoint categories, traffic policies, ClientIP session affinity, sync
// pacing) is the KubeProxy's.
#pragma once

#include <memory>
#include <vector>

#include "models/cluster/service.h"
#include "models/proxy/proxy_config.h"
#include "sim/random.h"

namespace kns::models {

class ProxyModePolicy {
 public:
  virtual ~ProxyModePolicy() = default;
  // The first packet's cost beyond first_packet_base for a Service at `rank` in KUBE-SERVICES.
  virtual sim::Duration ruleCost(std::size_t /*rank*/) const { return sim::Duration{0}; }
  // A Forward decision: the endpoint, the rule that matched (rule, arg) and count = endpoints.
  // `endpoints` is not empty.
  virtual ProxyDecision pick(const Service& service, const std::vector<Endpoint>& endpoints,
                             Ipv4 source) = 0;
  // Connections opened to and closed from an endpoint (IPVS counts them; others ignore them).
  virtual void connectionOpened(ServiceId /*service*/, Ipv4 /*endpoint*/) {}
  virtual void connectionClosed(ServiceId /*service*/, Ipv4 /*endpoint*/) {}
};

// The mode `config` names, drawing its randomness from `rng` (the node's kube-proxy stream).
std::unique_ptr<ProxyModePolicy> makeProxyMode(const KubeProxyConfig& config,
                                               sim::RandomStream& rng);

}  // namespace kns::models
