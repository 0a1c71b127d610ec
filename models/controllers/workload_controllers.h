// The ReplicaSet, Deployment and StatefulSet controllers of kube-controller-manager.
#pragma once

#include <map>
#include <memory>

#include "models/cluster/work_queue.h"
#include "models/ids.h"

namespace kns::models {

class ClusterApi;

// Reconciles workloads towards their spec, each on its own work queue (delay:
// ControlPlaneConfig::controller_delay). One file per controller implements its part.
class WorkloadControllers {
 public:
  explicit WorkloadControllers(ClusterApi& cluster);

  // A workload's spec changed, or one of its pods did.
  void enqueue(WorkloadId workload);

 private:
  void reconcile(WorkloadId workload);
  // replica_set_controller.cc: create or delete pods to match spec.replicas.
  void reconcileReplicaSet(WorkloadId rs);
  // deployment_controller.cc: one ReplicaSet per template revision; rolling update between them.
  void reconcileDeployment(WorkloadId deployment);
  // stateful_set_controller.cc: ordinal pods, one at a time (OrderedReady).
  void reconcileStatefulSet(WorkloadId sts);
  void setReplicas(WorkloadId workload, int replicas);
  // Reconciles `workload` again at `at` (a pod then reaches minReadySeconds).
  void revisitAt(WorkloadId workload, sim::Time at);

  ClusterApi& cluster_;
  WorkQueue<WorkloadId> queue_;
  std::map<WorkloadId, std::unique_ptr<sim::Timer>> revisits_;
};

}  // namespace kns::models
