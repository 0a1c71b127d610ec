// Pod placement: filters, zone and node spreading, deterministic tie-breaks.
#include "models/cluster/scheduler.h"

#include <map>
#include <tuple>

#include "models/cluster/cluster_api.h"

namespace kns::models {
namespace {

// nodeSelector and the required nodeAffinity terms (ORed) against the node's labels.
bool placementAllows(const PodTemplate& pod, const Node& node) {
  if (pod.node_selector.empty() && pod.node_affinity.empty()) return true;
  const Labels& labels = node.labels;
  if (!pod.node_selector.matches(labels)) return false;
  if (pod.node_affinity.empty()) return true;
  for (const LabelSelector& term : pod.node_affinity) {
    if (term.matches(labels)) return true;
  }
  return false;
}

}  // namespace

Scheduler::Scheduler(ClusterApi& cluster)
    : cluster_(cluster),
      queue_(cluster.simulator(), cluster.config().control_plane.scheduling_delay,
             sim::eventTag("scheduler"), [this](PodId pod) { schedule(pod); }) {}

void Scheduler::enqueue(PodId pod) { queue_.add(pod); }

void Scheduler::retryWaiting() {
  for (PodId pod : waiting_) queue_.add(pod);
}

Scheduler::Spread& Scheduler::spread(WorkloadId owner) {
  Spread& s = spread_[owner];
  s.per_node.resize(cluster_.nodes().size());
  s.per_zone.resize(cluster_.config().zones.size());
  return s;
}

void Scheduler::podBound(PodId id) {
  const Pod& pod = cluster_.pod(id);
  if (!pod.owner.valid() || !counted_.insert(id).second) return;
  Spread& s = spread(pod.owner);
  ++s.per_node[pod.node.value];
  ++s.per_zone[static_cast<std::size_t>(cluster_.node(pod.node).zone_index)];
}

void Scheduler::podReleased(PodId id) {
  if (counted_.erase(id) == 0) return;
  const Pod& pod = cluster_.pod(id);
  Spread& s = spread(pod.owner);
  --s.per_node[pod.node.value];
  --s.per_zone[static_cast<std::size_t>(cluster_.node(pod.node).zone_index)];
}

NodeId Scheduler::pick(PodId id, SchedulingFailedEvent& why) {
  const Pod& pod = cluster_.pod(id);
  // A bare pod spreads against nothing: all-zero counts, kept per scheduler (a shared static
  // here was written by every simulation thread of a sweep at once).
  unowned_.per_node.assign(cluster_.nodes().size(), 0);
  unowned_.per_zone.assign(cluster_.config().zones.size(), 0);
  Spread& counts = pod.owner.valid() ? spread(pod.owner) : unowned_;
  why.nodes = static_cast<int>(cluster_.nodes().size());
  NodeId best;
  std::tuple<int, int, std::size_t> best_score;
  for (const Node& node : cluster_.nodes()) {
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
    if (!placementAllows(pod.spec, node)) {
      ++why.node_affinity;
      continue;
    }
    std::tuple<int, int, std::size_t> score{
        counts.per_zone[static_cast<std::size_t>(node.zone_index)], counts.per_node[node.id.value],
        node.pods.size()};
    // Ties go to the node whose name sorts first.
    if (!best.valid() || score < best_score ||
        (score == best_score && node.spec.name < cluster_.node(best).spec.name)) {
      best = node.id;
      best_score = score;
    }
  }
  return best;
}

void Scheduler::schedule(PodId id) {
  const Pod& pod = cluster_.pod(id);
  if (!pod.active() || pod.node.valid()) {  // deleted or bound meanwhile
    waiting_.erase(id);
    return;
  }
  if (!pod.spec.node_name.empty()) {
    // spec.nodeName: the API server binds it as written and no scheduler looks at it; the
    // kubelet of that node runs it. A node that does not exist (or has no free address yet)
    // leaves it Pending.
    for (const Node& node : cluster_.nodes()) {
      if (node.spec.name != pod.spec.node_name) continue;
      std::optional<Ipv4> ip = cluster_.mutableNode(node.id).ips.allocate();
      if (!ip) break;
      waiting_.erase(id);
      cluster_.bindPod(id, node.id, *ip);
      return;
    }
    waiting_.insert(id);
    return;
  }
  SchedulingFailedEvent why{cluster_.now(), id};
  NodeId node = pick(id, why);
  if (!node.valid()) {
    if (waiting_.insert(id).second) cluster_.telemetry().onSchedulingFailed(why);
    return;
  }
  waiting_.erase(id);
  std::optional<Ipv4> ip = cluster_.mutableNode(node).ips.allocate();
  cluster_.bindPod(id, node, *ip);  // the filter guaranteed a free address
}

}  // namespace kns::models
