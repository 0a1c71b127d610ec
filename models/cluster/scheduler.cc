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

void Scheduler::podBound(PodId id) {
  const Pod& pod = world_.pod(id);
  if (!pod.owner.valid() || !counted_.insert(id).second) return;
  ++per_node_[pod.owner][pod.node];
  ++per_zone_[pod.owner][world_.zoneIndex(world_.node(pod.node).spec.zone)];
}

void Scheduler::podReleased(PodId id) {
  if (counted_.erase(id) == 0) return;
  const Pod& pod = world_.pod(id);
  --per_node_[pod.owner][pod.node];
  --per_zone_[pod.owner][world_.zoneIndex(world_.node(pod.node).spec.zone)];
}

NodeId Scheduler::pick(PodId id, SchedulingFailedEvent& why) const {
  const Pod& pod = world_.pod(id);
  static const std::map<NodeId, int> kNoNodes;
  static const std::map<std::int16_t, int> kNoZones;
  auto nodes_it = per_node_.find(pod.owner);
  auto zones_it = per_zone_.find(pod.owner);
  const auto& per_node = nodes_it == per_node_.end() ? kNoNodes : nodes_it->second;
  const auto& per_zone = zones_it == per_zone_.end() ? kNoZones : zones_it->second;
  auto count = [](const auto& map, auto key) {
    auto it = map.find(key);
    return it == map.end() ? 0 : it->second;
  };
  why.nodes = static_cast<int>(world_.nodes().size());
  NodeId best;
  std::tuple<int, int, std::size_t> best_score;
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
    std::tuple<int, int, std::size_t> score{
        count(per_zone, world_.zoneIndex(node.spec.zone)), count(per_node, node.id), node.pods.size()};
    // Ties go to the node whose name sorts first.
    if (!best.valid() || score < best_score ||
        (score == best_score && node.spec.name < world_.node(best).spec.name)) {
      best = node.id;
      best_score = score;
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
