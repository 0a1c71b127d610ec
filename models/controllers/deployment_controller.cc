// The Deployment controller: one ReplicaSet per pod-template revision, and the rolling update
// between them with maxSurge and maxUnavailable (pkg/controller/deployment/rolling.go).
#include <algorithm>
#include <vector>

#include "models/cluster/cluster_api.h"
#include "models/controllers/workload_controllers.h"

namespace kns::models {

void WorkloadControllers::reconcileDeployment(WorkloadId id) {
  // A copy: creating a ReplicaSet below grows the workload table and moves its entries.
  const WorkloadSpec spec = cluster_.workload(id).spec;
  const std::vector<WorkloadId> children = cluster_.workload(id).children;

  // The ReplicaSet of the current template, created on first sight of a new revision.
  WorkloadId new_rs;
  std::vector<WorkloadId> old_rs;
  for (WorkloadId child : children) {
    if (cluster_.workload(child).spec.pod.revision == spec.pod.revision) {
      new_rs = child;
    } else {
      old_rs.push_back(child);
    }
  }
  if (!new_rs.valid()) {
    WorkloadSpec rs = spec;
    rs.kind = WorkloadKind::ReplicaSet;
    rs.name = spec.name + "-" + spec.pod.revision;  // Kubernetes uses the pod-template-hash
    rs.replicas = 0;
    new_rs = cluster_.addChildWorkload(id, rs);
  }

  sim::Time now = cluster_.now();
  auto replicasOf = [&](WorkloadId rs) { return cluster_.workload(rs).spec.replicas; };
  // Available = Ready for at least minReadySeconds; pods that will get there are revisited then.
  auto availableOf = [&](WorkloadId rs) {
    int available = 0;
    for (PodId pod_id : cluster_.ownedPods(rs)) {
      const Pod& pod = cluster_.pod(pod_id);
      if (pod.available(now, spec.min_ready)) {
        ++available;
      } else if (pod.ready && !pod.deletion && pod.ready_since) {
        revisitAt(id, *pod.ready_since + spec.min_ready);
      }
    }
    return available;
  };

  int replicas = spec.replicas;
  int old_total = 0;
  for (WorkloadId rs : old_rs) old_total += replicasOf(rs);
  if (old_total == 0) {  // no rollout in progress: plain scaling
    setReplicas(new_rs, replicas);
    return;
  }

  // maxSurge rounds up, maxUnavailable down; both zero would deadlock, so unavailable becomes 1.
  int surge = spec.max_surge.resolve(replicas, /*round_up=*/true);
  int unavailable = spec.max_unavailable.resolve(replicas, /*round_up=*/false);
  if (surge == 0 && unavailable == 0) unavailable = 1;

  // Scale the new ReplicaSet up, never past replicas + maxSurge pods in all.
  if (replicasOf(new_rs) > replicas) {
    setReplicas(new_rs, replicas);
  } else {
    int all = old_total + replicasOf(new_rs);
    int max_total = replicas + surge;
    if (all < max_total) {
      int up = std::min(max_total - all, replicas - replicasOf(new_rs));
      setReplicas(new_rs, replicasOf(new_rs) + up);
    }
  }

  // Scale old ReplicaSets down, never below replicas - maxUnavailable available pods.
  int all = old_total + replicasOf(new_rs);
  int min_available = replicas - unavailable;
  int new_unavailable = replicasOf(new_rs) - availableOf(new_rs);
  int max_scaled_down = all - min_available - new_unavailable;
  if (max_scaled_down <= 0) return;

  // First the old pods that are not available anyway (cleanupUnhealthyReplicas).
  int cleaned = 0;
  for (WorkloadId rs : old_rs) {
    if (cleaned >= max_scaled_down) break;
    int unhealthy = replicasOf(rs) - availableOf(rs);
    int down = std::min(max_scaled_down - cleaned, std::max(unhealthy, 0));
    if (down > 0) {
      setReplicas(rs, replicasOf(rs) - down);
      cleaned += down;
    }
  }
  // Then available old pods, oldest ReplicaSet first, keeping min_available.
  int available_all = availableOf(new_rs);
  for (WorkloadId rs : old_rs) available_all += availableOf(rs);
  int to_scale_down = std::min(available_all - min_available, max_scaled_down - cleaned);
  for (WorkloadId rs : old_rs) {
    if (to_scale_down <= 0) break;
    int down = std::min(replicasOf(rs), to_scale_down);
    if (down > 0) {
      setReplicas(rs, replicasOf(rs) - down);
      to_scale_down -= down;
    }
  }
}

}  // namespace kns::models
