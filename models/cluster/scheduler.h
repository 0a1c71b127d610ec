// Places pods on nodes: filters nodes that can take the pod, then spreads replicas.
#pragma once

#include <map>
#include <set>
#include <vector>

#include "models/cluster/work_queue.h"
#include "models/ids.h"
#include "models/telemetry.h"

namespace kns::models {

class ClusterApi;

// A deterministic stand-in for kube-scheduler's default profile.
//
// Filter (a node must pass all): Ready, not cordoned, fewer pods than max-pods, enough CPU left
// for the pod's request, and a free address in its pod CIDR. The last is a simplification: the
// real scheduler does not know about IPs, binds the pod, and the CNI then fails to create the
// sandbox ("no IP addresses available in range set") so the pod hangs in ContainerCreating. We
// make the exhaustion a scheduling failure, visible in telemetry, instead.
//
// Score (lowest wins, in this order): replicas of the same owner already in the node's zone
// (PodTopologySpread's zone constraint), replicas of the same owner on the node (its hostname
// constraint), pods on the node (LeastAllocated), then the node name. Kubernetes breaks the
// final tie at random; we break it by name so that runs are reproducible.
//
// Pods that fit nowhere wait, and are retried whenever a node or a pod changes in a way that can
// free room.
class Scheduler {
 public:
  explicit Scheduler(ClusterApi& cluster);
  void enqueue(PodId pod);
  // Something freed room or added a node: try the waiting pods again.
  void retryWaiting();
  // Keep the spreading counts: a pod was bound, or stopped counting (deleted or gone).
  void podBound(PodId pod);
  void podReleased(PodId pod);
  const std::set<PodId>& waiting() const { return waiting_; }

 private:
  void schedule(PodId pod);
  NodeId pick(PodId pod, SchedulingFailedEvent& why);

  ClusterApi& cluster_;
  WorkQueue<PodId> queue_;
  std::set<PodId> waiting_;
  // Active bound pods per owner, per node and per zone index: kept as pods come and go, so a
  // placement costs O(nodes), not O(replicas).
  struct Spread {
    std::vector<int> per_node;  // by node id
    std::vector<int> per_zone;  // by zone index
  };
  Spread& spread(WorkloadId owner);
  std::map<WorkloadId, Spread> spread_;
  Spread unowned_;  // all zeros: what a bare pod spreads against
  std::set<PodId> counted_;
};

}  // namespace kns::models
