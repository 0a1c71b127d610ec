// Node failure detection and taint-based eviction.
#include "models/controllers/node_lifecycle_controller.h"

#include <set>

#include "models/world.h"

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

NodeLifecycleController::NodeLifecycleController(World& world) : world_(world) {}
NodeLifecycleController::~NodeLifecycleController() = default;

void NodeLifecycleController::nodeFailed(NodeId node) {
  auto& watch = watches_[node];
  if (!watch) watch = std::make_unique<Watch>(world_.simulator(), *this, node);
  watch->not_ready.armAfter(world_.config().control_plane.node_monitor_grace);
}

void NodeLifecycleController::markNotReady(NodeId node) {
  world_.setNodeReady(node, false);
  for (PodId pod : world_.node(node).pods) {
    if (world_.pod(pod).ready) world_.setPodReady(pod, false);
  }
  watches_[node]->eviction.armAfter(world_.config().control_plane.not_ready_toleration);
}

void NodeLifecycleController::evict(NodeId node) {
  std::set<PodId> pods = world_.node(node).pods;  // copy: deletion may edit the set
  for (PodId pod : pods) {
    if (!world_.pod(pod).deletion) world_.deletePod(pod);
  }
}

void NodeLifecycleController::nodeRecovered(NodeId node) {
  watches_.erase(node);  // cancels both timers
  if (!world_.node(node).ready) world_.setNodeReady(node, true);
}

}  // namespace kns::models
