// Node failure detection and taint-based eviction.
#include "models/controllers/node_lifecycle_controller.h"

#include <set>

#include "models/cluster/cluster_api.h"

namespace kns::models {

struct NodeLifecycleController::Watch {
  Watch(sim::Simulator& sim, NodeLifecycleController& c, NodeId node)
      : not_ready(
            sim, [&c, node] { c.markNotReady(node); }, sim::eventTag("node.not-ready")),
        eviction(
            sim, [&c, node] { c.evict(node); }, sim::eventTag("node.evict")) {}
  sim::Timer not_ready;
  sim::Timer eviction;
};

NodeLifecycleController::NodeLifecycleController(ClusterApi& cluster) : cluster_(cluster) {}
NodeLifecycleController::~NodeLifecycleController() = default;

void NodeLifecycleController::nodeFailed(NodeId node) {
  auto& watch = watches_[node];
  if (!watch) watch = std::make_unique<Watch>(cluster_.simulator(), *this, node);
  watch->not_ready.armAfter(cluster_.config().control_plane.node_monitor_grace);
}

void NodeLifecycleController::markNotReady(NodeId node) {
  cluster_.setNodeReady(node, false);
  for (PodId pod : cluster_.node(node).pods) {
    if (cluster_.pod(pod).ready) cluster_.setPodReady(pod, false);
  }
  watches_[node]->eviction.armAfter(cluster_.config().control_plane.not_ready_toleration);
}

void NodeLifecycleController::evict(NodeId node) {
  std::set<PodId> pods = cluster_.node(node).pods;  // copy: deletion may edit the set
  for (PodId pod : pods) {
    if (!cluster_.pod(pod).deletion) cluster_.deletePod(pod);
  }
}

void NodeLifecycleController::nodeRecovered(NodeId node) {
  watches_.erase(node);  // cancels both timers
  if (!cluster_.node(node).ready) cluster_.setNodeReady(node, true);
}

}  // namespace kns::models
