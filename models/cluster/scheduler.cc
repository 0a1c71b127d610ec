// Pod placement: filters, zone and node spreading, deterministic tie-breaks.
#include "models/cluster/scheduler.h"

#include <map>
#include <tuple>

#include "models/world.h"

namespace kns::models {

Scheduler::Scheduler(World& world)
    : world_(world),
      queue_(world.simulator(), world.config().control_plane.scheduling_delay,
             sim::eventTag("scheduler"), [this](PodId pod) { schedule(pod); }) {}

void Scheduler::enqueue(PodId pod) { queue_.add(pod); }

void Scheduler::retryWaiting() {
  for (PodId pod : waiting_) queue_.add(pod);
}

NodeId Scheduler::pick(PodId id, SchedulingFailedEvent& why) const {
  const Pod& pod = world_.pod(id);
  // Same-owner replicas per zone and per node, for spreading.
  std::map<std::string, int> per_zone;
  std::map<NodeId, int> per_node;
  if (pod.owner.valid()) {
    for (PodId other : world_.ownedPods(pod.owner)) {
      const Pod& o = world_.pod(other);
      if (o.active() && o.node.valid()) {
        ++per_zone[world_.node(o.node).spec.zone];
        ++per_node[o.node];
      }
    }
  }
  why.nodes = static_cast<int>(world_.nodes().size());
  NodeId best;
  std::tuple<int, int, std::size_t, std::string> best_score;
  for (const Node& node : world_.nodes()) {
    if (!node.ready) {
      ++why.not_ready;
      continue;
    }
    if (node.cordoned) {
      ++why.cordoned;
      continue;
    }
    if (static_cast<int>(node.pods.size()) >= node.spec.max_pods) {
      ++why.too_many_pods;
      continue;
    }
    if (node.cpu_requested + pod.spec.cpu_millicores > node.spec.cpu_millicores) {
      ++why.insufficient_cpu;
      continue;
    }
    if (node.ips.inUse() >= node.ips.capacity()) {
      ++why.pod_cidr_exhausted;
      continue;
    }
    std::tuple<int, int, std::size_t, std::string> score{
        per_zone[node.spec.zone], per_node[node.id], node.pods.size(), node.spec.name};
    if (!best.valid() || score < best_score) {
      best = node.id;
      best_score = std::move(score);
    }
  }
  return best;
}

void Scheduler::schedule(PodId id) {
  const Pod& pod = world_.pod(id);
  if (!pod.active() || pod.node.valid()) {  // deleted or bound meanwhile
    waiting_.erase(id);
    return;
  }
  SchedulingFailedEvent why{world_.now(), id};
  NodeId node = pick(id, why);
  if (!node.valid()) {
    if (waiting_.insert(id).second) world_.telemetry().onSchedulingFailed(why);
    return;
  }
  waiting_.erase(id);
  std::optional<Ipv4> ip = world_.mutableNode(node).ips.allocate();
  world_.bindPod(id, node, *ip);  // the filter guaranteed a free address
}

}  // namespace kns::models
