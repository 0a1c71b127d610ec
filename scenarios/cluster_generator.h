// A synthetic cluster as a scenario file, for capacity planning and the scale benchmarks
// (`kubenetsim generate`): N nodes in zones, S Deployments of R pods each behind a ClusterIP
// Service, and clients on nodes spread over the cluster opening new connections once the
// cluster has come up. The output is an ordinary scenario: users edit it like any other.
#pragma once

#include <cstdint>
#include <string>

namespace kns::scenarios {

// spec.traffic's max_items in scenario.proto.
constexpr int kMaxTrafficSources = 1000;

struct GeneratedCluster {
  std::string name = "generated";
  int nodes = 100;
  int zones = 3;
  int services = 100;        // one Deployment and one ClusterIP Service each
  int replicas = 15;         // pods per Deployment
  double rate_per_s = 5000;  // new connections per second over all clients
  int clients = 0;           // traffic sources; 0: one per Service, so every Service is used
  double startup_s = 60;     // the cluster comes up before traffic starts
  double traffic_s = 60;     // then traffic runs this long
  std::string kube_proxy_mode = "iptables";
  std::uint64_t seed = 1;
  double service_time_ms = 5;  // exponential, per request
};

// Why `g` cannot be generated ("" when it can): a name that is not a DNS-1123 label, counts
// below 1, more pods than Kubernetes'
// 150,000, more Services than its 10,000, more than 110 pods per node on average.
std::string checkGeneratedCluster(const GeneratedCluster& g);

// The scenario YAML; `g` must pass checkGeneratedCluster.
std::string generateClusterScenario(const GeneratedCluster& g);

}  // namespace kns::scenarios
