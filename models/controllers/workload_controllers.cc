// Dispatch of workload reconciles to the controller of each kind.
#include "models/controllers/workload_controllers.h"

#include "models/world.h"

namespace kns::models {

WorkloadControllers::WorkloadControllers(World& world)
    : world_(world),
      queue_(world.simulator(), world.config().control_plane.controller_delay,
             sim::eventTag("workload-controllers"), [this](WorkloadId w) { reconcile(w); }) {}

void WorkloadControllers::enqueue(WorkloadId workload) { queue_.add(workload); }

void WorkloadControllers::setReplicas(WorkloadId workload, int replicas) {
  Workload& w = world_.mutableWorkload(workload);
  if (w.spec.replicas == replicas) return;
  w.spec.replicas = replicas;
  enqueue(workload);
}

void WorkloadControllers::revisitAt(WorkloadId workload, sim::Time at) {
  auto& timer = revisits_[workload];
  if (!timer) {
    timer = std::make_unique<sim::Timer>(
        world_.simulator(), [this, workload] { enqueue(workload); }, sim::eventTag("min-ready"));
  }
  if (!timer->armed() || at < timer->deadline()) timer->armAt(at);
}

void WorkloadControllers::reconcile(WorkloadId id) {
  const Workload& workload = world_.workload(id);
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
