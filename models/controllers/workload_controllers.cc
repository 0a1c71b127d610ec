// Dispatch of workload reconciles to the controller of each kind.
#include "models/controllers/workload_controllers.h"

#include "models/cluster/cluster_api.h"

namespace kns::models {

WorkloadControllers::WorkloadControllers(ClusterApi& cluster)
    : cluster_(cluster),
      queue_(cluster.simulator(), cluster.config().control_plane.controller_delay,
             sim::eventTag("workload-controllers"), [this](WorkloadId w) { reconcile(w); }) {}

void WorkloadControllers::enqueue(WorkloadId workload) { queue_.add(workload); }

void WorkloadControllers::setReplicas(WorkloadId workload, int replicas) {
  Workload& w = cluster_.mutableWorkload(workload);
  if (w.spec.replicas == replicas) return;
  w.spec.replicas = replicas;
  enqueue(workload);
}

void WorkloadControllers::revisitAt(WorkloadId workload, sim::Time at) {
  auto& timer = revisits_[workload];
  if (!timer) {
    timer = std::make_unique<sim::Timer>(
        cluster_.simulator(), [this, workload] { enqueue(workload); }, sim::eventTag("min-ready"));
  }
  if (!timer->armed() || at < timer->deadline()) timer->armAt(at);
}

void WorkloadControllers::reconcile(WorkloadId id) {
  const Workload& workload = cluster_.workload(id);
  if (workload.deleted) return;
  switch (workload.spec.kind) {
    case WorkloadKind::ReplicaSet:
      reconcileReplicaSet(id);
      break;
    case WorkloadKind::Deployment:
      reconcileDeployment(id);
      break;
    case WorkloadKind::StatefulSet:
      reconcileStatefulSet(id);
      break;
  }
}

}  // namespace kns::models
