// Periodic node health checks with thresholds, and round robin over healthy nodes.
#include "models/traffic/cloud_load_balancer.h"

namespace kns::models {

CloudLoadBalancer::CloudLoadBalancer(sim::Simulator& sim, std::vector<NodeId> nodes,
                                     std::function<bool(NodeId)> probe,
                                     CloudLoadBalancerConfig config)
    : probe_(std::move(probe)),
      config_(config),
      timer_(
          sim, [this] { probeAll(); }, sim::eventTag("cloud-lb.health-check")) {
  // At creation the load balancer starts from the current truth (as after provisioning).
  for (NodeId node : nodes) nodes_[node].healthy = probe_(node);
  listHealthy();
  timer_.armAfter(config_.health_check_interval);
}

void CloudLoadBalancer::addNode(NodeId node) { nodes_.try_emplace(node); }

void CloudLoadBalancer::listHealthy() {
  healthy_.clear();
  for (const auto& [node, health] : nodes_) {
    if (health.healthy) healthy_.push_back(node);
  }
}

void CloudLoadBalancer::probeAll() {
  for (auto& [node, health] : nodes_) {
    if (probe_(node)) {
      health.failures = 0;
      if (++health.passes >= config_.healthy_threshold) health.healthy = true;
    } else {
      health.passes = 0;
      if (++health.failures >= config_.unhealthy_threshold) health.healthy = false;
    }
  }
  listHealthy();
  timer_.armAfter(config_.health_check_interval);
}

NodeId CloudLoadBalancer::pickNode() {
  if (healthy_.empty()) return NodeId{};
  return healthy_[next_++ % healthy_.size()];
}

std::size_t CloudLoadBalancer::healthyCount() const { return healthy_.size(); }

bool CloudLoadBalancer::healthy(NodeId node) const {
  auto it = nodes_.find(node);
  return it != nodes_.end() && it->second.healthy;
}

}  // namespace kns::models
