// How the data plane is set up: kube-proxy, how pods serve, cluster DNS, cloud load balancers.
#pragma once

#include <utility>
#include <vector>

#include "models/labels.h"
#include "models/proxy/proxy_config.h"
#include "models/traffic/cloud_load_balancer.h"
#include "models/traffic/dns.h"
#include "models/traffic/pod_server.h"

namespace kns::models {

struct DataPlaneConfig {
  KubeProxyConfig kube_proxy;
  // How pods serve, by label selector (first match wins), else `default_serving`.
  std::vector<std::pair<LabelSelector, ServingSpec>> serving;
  ServingSpec default_serving;
  DnsConfig dns;
  CloudLoadBalancerConfig load_balancer;
};

}  // namespace kns::models
