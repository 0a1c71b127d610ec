// A Service: which pods it selects, how it is exposed, and how kube-proxy treats its traffic.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/ids.h"
#include "models/labels.h"
#include "models/net/ip.h"
#include "sim/time.h"

namespace kns::models {

enum class ServiceType { ClusterIP, NodePort, LoadBalancer, ExternalName };

// The API server's refusal of a fixed nodePort, naming the port so a loader can point at it.
class NodePortRefused : public std::invalid_argument {
 public:
  NodePortRefused(int node_port, const std::string& message)
      : std::invalid_argument(message), node_port(node_port) {}
  int node_port;
};
enum class TrafficPolicy { Cluster, Local };
enum class SessionAffinity { None, ClientIP };
// spec.trafficDistribution: PreferClose is the deprecated alias of PreferSameZone.
enum class TrafficDistribution { None, PreferSameZone, PreferSameNode };

struct ServicePort {
  std::string name;
  std::string protocol = "TCP";
  int port = 80;
  int target_port = 80;  // numeric; named target ports are resolved by the scenario loader
  int node_port = 0;     // NodePort/LoadBalancer: 0 = allocate from 30000-32767
};

struct ServiceSpec {
  std::string name;
  std::string ns = "default";
  ServiceType type = ServiceType::ClusterIP;
  // matchLabels only, as in Kubernetes. No selector: endpoints are not managed by the controller.
  Labels selector;
  bool has_selector = true;
  std::vector<ServicePort> ports{ServicePort{}};
  bool publish_not_ready_addresses = false;
  // clusterIP: unset = allocate; "None" = headless (no virtual IP, DNS returns pod IPs).
  bool headless = false;
  std::optional<Ipv4> cluster_ip;
  TrafficPolicy external_traffic_policy = TrafficPolicy::Cluster;
  TrafficPolicy internal_traffic_policy = TrafficPolicy::Cluster;
  SessionAffinity session_affinity = SessionAffinity::None;
  TrafficDistribution traffic_distribution = TrafficDistribution::None;
  // sessionAffinityConfig.clientIP.timeoutSeconds: default 10800 (3 h), at most 86400.
  sim::Duration affinity_timeout = std::chrono::hours(3);
  std::string external_name;  // ExternalName
};

struct Service {
  ServiceId id;
  ServiceSpec spec;
  std::optional<Ipv4> cluster_ip;   // allocated (or fixed) virtual IP; none when headless
  std::optional<Ipv4> external_ip;  // LoadBalancer: the cloud load balancer's address
};

}  // namespace kns::models
