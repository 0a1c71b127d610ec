// The cloud load balancer of a LoadBalancer Service: health-checks nodes, spreads connections.
#pragma once

#include <functional>
#include <map>
#include <vector>

#include "models/ids.h"
#include "sim/simulator.h"
#include "sim/timer.h"

namespace kns::models {

// Typical cloud defaults (not in SEMANTICS: every provider differs; set them per scenario).
struct CloudLoadBalancerConfig {
  sim::Duration health_check_interval = std::chrono::seconds(5);
  int healthy_threshold = 2;    // passes in a row to put a node back
  int unhealthy_threshold = 2;  // failures in a row to take a node out
};

// A network load balancer in front of the nodes (ipMode VIP): it probes every node at an
// interval and sends each new connection to the next healthy node in turn. Under
// externalTrafficPolicy Local the probe is the Service's healthCheckNodePort, which kube-proxy
// answers 200 only while it has a local ready endpoint; under Cluster it is kube-proxy's
// /healthz, 200 while the node runs (SEMANTICS §1.7). Because probes are periodic, the load
// balancer keeps sending to a node for a while after its last pod left.
class CloudLoadBalancer {
 public:
  // `probe(node)`: whether that node's health check passes now.
  CloudLoadBalancer(sim::Simulator& sim, std::vector<NodeId> nodes,
                    std::function<bool(NodeId)> probe, CloudLoadBalancerConfig config);
  // The node for a new connection, or an invalid id when no node is healthy.
  NodeId pickNode();
  std::size_t healthyCount() const;
  bool healthy(NodeId node) const;
  void addNode(NodeId node);

 private:
  struct Health {
    bool healthy = false;
    int passes = 0;
    int failures = 0;
  };
  void probeAll();
  void listHealthy();  // after a change of health: healthy_ in node order

  std::function<bool(NodeId)> probe_;
  CloudLoadBalancerConfig config_;
  std::map<NodeId, Health> nodes_;
  std::vector<NodeId> healthy_;  // what a new connection is spread over, in node order
  std::size_t next_ = 0;
  sim::Timer timer_;
};

}  // namespace kns::models
