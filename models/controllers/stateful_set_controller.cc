// The StatefulSet controller with OrderedReady pod management and RollingUpdate: pods have
// stable names (<name>-0, -1, ...), are created in order, each waiting for the one before to be
// Ready, removed from the highest ordinal down, and updated from the highest ordinal down, one
// at a time. A replaced pod keeps its name but gets a new IP.
#include <map>
#include <string>

#include "models/cluster/cluster_api.h"
#include "models/controllers/workload_controllers.h"

namespace kns::models {

void WorkloadControllers::reconcileStatefulSet(WorkloadId id) {
  const Workload& sts = cluster_.workload(id);
  const WorkloadSpec& spec = sts.spec;
  // Existing pods by ordinal (terminating ones too: a name is taken until its pod is gone).
  std::map<int, PodId> by_ordinal;
  for (PodId pod_id : cluster_.ownedPods(id)) {
    const std::string& name = cluster_.pod(pod_id).name;
    by_ordinal[std::stoi(name.substr(spec.name.size() + 1))] = pod_id;
  }

  // Scale down: the highest ordinal beyond replicas goes first, one at a time.
  if (!by_ordinal.empty() && by_ordinal.rbegin()->first >= spec.replicas) {
    const Pod& victim = cluster_.pod(by_ordinal.rbegin()->second);
    if (!victim.deletion) cluster_.deletePod(victim.id);
    return;
  }

  // Create missing ordinals in order; wait for each to be Running and Ready.
  for (int ordinal = 0; ordinal < spec.replicas; ++ordinal) {
    auto it = by_ordinal.find(ordinal);
    if (it == by_ordinal.end()) {
      cluster_.createPod(id, spec.name + "-" + std::to_string(ordinal), spec.pod);
      return;
    }
    const Pod& pod = cluster_.pod(it->second);
    if (pod.deletion || !pod.ready) return;
  }

  // All present and Ready: update the highest ordinal still on an old revision.
  for (auto it = by_ordinal.rbegin(); it != by_ordinal.rend(); ++it) {
    const Pod& pod = cluster_.pod(it->second);
    if (pod.spec.revision != spec.pod.revision) {
      cluster_.deletePod(pod.id);
      return;
    }
  }
}

}  // namespace kns::models
