// The ReplicaSet controller: keeps spec.replicas active pods, deleting the least useful first.
#include <algorithm>
#include <tuple>
#include <vector>

#include "models/cluster/cluster_api.h"
#include "models/controllers/workload_controllers.h"

namespace kns::models {
namespace {

// Kubernetes' ActivePods ordering (controller_utils.go), least worth keeping first:
// unscheduled before scheduled; Pending before Running; not Ready before Ready; Ready for a
// shorter time before longer; newer before older. (Restart counts and co-location, which the
// real ranking also weighs, are not modelled.)
auto deletionRank(const ClusterApi& cluster, PodId id) {
  const Pod& pod = cluster.pod(id);
  sim::Time ready_since = pod.ready_since.value_or(sim::kTimeZero);
  return std::make_tuple(pod.node.valid(), pod.phase == PodPhase::Running, pod.ready,
                         pod.ready ? cluster.now() - ready_since : sim::Duration::zero(),
                         sim::kTimeMax - pod.created, id);
}

}  // namespace

void WorkloadControllers::reconcileReplicaSet(WorkloadId id) {
  Workload& rs = cluster_.mutableWorkload(id);
  std::vector<PodId> active;
  for (PodId pod : cluster_.ownedPods(id)) {
    if (cluster_.pod(pod).active()) active.push_back(pod);
  }
  int diff = static_cast<int>(active.size()) - rs.spec.replicas;
  if (diff < 0) {
    for (int i = 0; i < -diff; ++i) {
      // Names as the ReplicaSet controller makes them: <rs-name>-<suffix>.
      std::string name = rs.spec.name + "-" + std::to_string(rs.next_pod_suffix++);
      cluster_.createPod(id, name, rs.spec.pod);
    }
  } else if (diff > 0) {
    std::sort(active.begin(), active.end(), [&](PodId a, PodId b) {
      return deletionRank(cluster_, a) < deletionRank(cluster_, b);
    });
    for (int i = 0; i < diff; ++i) cluster_.deletePod(active[i]);
  }
}

}  // namespace kns::models
