// The API server as the cluster's own actors see it: the objects it holds now, and the writes
// the scheduler, the kubelet and the controllers make. World implements it; the actors hold a
// ClusterApi&, so that cluster/ and controllers/ sit below world.h (tests/layering checks the
// order) and an actor's reach into the cluster is this list and nothing else.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "models/cluster/cluster_config.h"
#include "models/cluster/label_index.h"
#include "models/cluster/node.h"
#include "models/cluster/pod.h"
#include "models/cluster/service.h"
#include "models/cluster/workload.h"
#include "models/telemetry.h"
#include "sim/simulator.h"

namespace kns::models {

class ClusterApi {
 public:
  virtual ~ClusterApi() = default;

  // --- Reads: what the API server holds now.
  virtual sim::Simulator& simulator() = 0;
  virtual sim::Time now() const = 0;
  virtual const ClusterConfig& config() const = 0;
  virtual Telemetry& telemetry() = 0;
  virtual const std::vector<Node>& nodes() const = 0;
  virtual const Node& node(NodeId id) const = 0;
  virtual const Pod& pod(PodId id) const = 0;
  virtual const Workload& workload(WorkloadId id) const = 0;
  virtual const Service& service(ServiceId id) const = 0;
  // Pods whose direct owner (ReplicaSet or StatefulSet) is `owner`, not gone, in id order.
  virtual const std::set<PodId>& ownedPods(WorkloadId owner) const = 0;
  // Pods and Service selectors by label.
  virtual const LabelIndex& labelIndex() const = 0;

  // --- Writes. Each reports telemetry and wakes the actors that watch the changed object.
  // Invalidates references to pods (the table grows).
  virtual PodId createPod(WorkloadId owner, const std::string& name, const PodTemplate& spec) = 0;
  virtual void bindPod(PodId pod, NodeId node, Ipv4 ip) = 0;
  virtual void setPodRunning(PodId pod) = 0;
  virtual void setPodReady(PodId pod, bool ready) = 0;
  // Graceful deletion (sets the deletionTimestamp; the pod's kubelet stops it).
  virtual void deletePod(PodId pod) = 0;
  virtual void removePod(PodId pod) = 0;  // the kubelet finished: the pod leaves the API
  virtual void setNodeReady(NodeId node, bool ready) = 0;
  virtual Node& mutableNode(NodeId id) = 0;
  virtual Workload& mutableWorkload(WorkloadId id) = 0;
  // Adds a ReplicaSet under a Deployment. Invalidates references to workloads (the table grows).
  virtual WorkloadId addChildWorkload(WorkloadId owner, WorkloadSpec spec) = 0;
};

}  // namespace kns::models
