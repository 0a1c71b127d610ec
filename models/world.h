// The simulated cluster: nodes, pods, workloads, Services and the actors that move them.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "models/cluster/endpoints.h"
#include "models/cluster/node.h"
#include "models/cluster/pod.h"
#include "models/cluster/service.h"
#include "models/cluster/workload.h"
#include "models/net/topology.h"
#include "models/telemetry.h"
#include "sim/simulator.h"

namespace kns::models {

// Delays of the control plane's hops. Each hop is an event of its own; the defaults are those of
// a quiet cluster (SEMANTICS §1.10 and §2.2), and every one can be set.
struct ControlPlaneConfig {
  // API watch plus work-queue latency before a workload controller (ReplicaSet, Deployment,
  // StatefulSet) reacts to a change. Not in SEMANTICS: 0 unless set.
  sim::Duration controller_delay{0};
  // Scheduler latency from a pod's creation to its binding.
  sim::Duration scheduling_delay{0};
  // --endpointslice-updates-batch-period: default 0, no batching (SEMANTICS §2.2).
  sim::Duration endpoint_batch_period{0};
  // Watch latency from a written EndpointSlice to its subscribers (kube-proxy, DNS, ingress).
  sim::Duration endpoint_propagation{0};
  // --max-endpoints-per-slice: default 100 (SEMANTICS §2.1).
  int max_endpoints_per_slice = 100;
  // --node-monitor-grace-period: a silent node is marked NotReady after this (50 s since
  // Kubernetes 1.32, 40 s before).
  sim::Duration node_monitor_grace = std::chrono::seconds(50);
  // DefaultTolerationSeconds for node.kubernetes.io/not-ready and unreachable: pods on a
  // NotReady node are evicted this long after it became NotReady.
  sim::Duration not_ready_toleration = std::chrono::seconds(300);
};

struct ClusterConfig {
  NetworkConfig network;
  std::vector<std::string> zones{"zone-a"};
  Cidr cluster_cidr = *Cidr::parse("10.244.0.0/16");  // --cluster-cidr
  int node_cidr_prefix = 24;                          // --node-cidr-mask-size
  Cidr node_network = *Cidr::parse("10.0.0.0/16");    // node InternalIPs
  IpReusePolicy ip_reuse = IpReusePolicy::NextAfterLast;
  ControlPlaneConfig control_plane;
};

// Nodes as the scenario format describes them: `count` nodes named <prefix>0, <prefix>1, ...
// placed on the zones round-robin (node 0 in the first zone, node 1 in the second, ...).
struct NodePoolSpec {
  int count = 1;
  std::string name_prefix = "node-";
  NodeSpec node;  // name and zone are filled in per node
};

class Kubelet;
class Scheduler;
class WorkloadControllers;
class NodeLifecycleController;
class EndpointSliceController;

// The cluster as actors on one Simulator. The public methods are the builder and the timeline's
// actions (what a user or a scenario does); the actors react with events of their own. Queries
// return the state the API server holds now.
class World {
 public:
  World(sim::Simulator& sim, ClusterConfig config, Telemetry* telemetry = nullptr);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // --- Building and acting.
  NodeId addNode(NodeSpec spec);
  std::vector<NodeId> addNodePool(const NodePoolSpec& pool);
  WorkloadId createWorkload(WorkloadSpec spec);
  ServiceId createService(ServiceSpec spec);
  void scale(WorkloadId workload, int replicas);
  // Changes the pod template: a rolling update (Deployment) or ordered replacement (StatefulSet).
  void rollout(WorkloadId workload, PodTemplate pod);
  // Graceful deletion, as `kubectl delete pod`.
  void deletePod(PodId pod);
  // Makes the app pass or fail its readiness probe from now on; probes notice later.
  void setPodHealthy(PodId pod, bool healthy);
  // The machine dies (or comes back). The control plane notices after node_monitor_grace.
  void failNode(NodeId node);
  void recoverNode(NodeId node);
  void cordon(NodeId node, bool cordoned = true);
  // kubectl drain: cordon, then evict every pod (graceful deletion).
  void drain(NodeId node);
  void subscribe(EndpointsSubscriber* subscriber);

  // --- Queries.
  sim::Simulator& simulator() { return sim_; }
  sim::Time now() const { return sim_.now(); }
  const ClusterConfig& config() const { return config_; }
  const Topology& topology() const { return network_.topology(); }
  ZonedNetwork& network() { return network_; }
  const std::vector<Node>& nodes() const { return nodes_; }
  const Node& node(NodeId id) const { return nodes_.at(id.value); }
  NodeId findNode(const std::string& name) const;
  // Every pod ever created, the deleted ones too (gone == true), by id.
  const std::vector<Pod>& pods() const { return pods_; }
  // Pods not gone, in id order.
  const std::set<PodId>& livePods() const { return live_pods_; }
  const Pod& pod(PodId id) const { return pods_.at(id.value); }
  const Workload& workload(WorkloadId id) const { return workloads_.at(id.value); }
  const std::vector<Workload>& workloads() const { return workloads_; }
  WorkloadId findWorkload(const std::string& name, const std::string& ns = "default") const;
  const Service& service(ServiceId id) const { return services_.at(id.value); }
  const std::vector<Service>& services() const { return services_; }
  // Pods a workload owns (a Deployment's through its ReplicaSets) that are not gone.
  std::vector<PodId> podsOf(WorkloadId workload) const;
  // Pods whose direct owner (ReplicaSet or StatefulSet) is `owner`, not gone, in id order.
  const std::set<PodId>& ownedPods(WorkloadId owner) const;
  // The controller's latest written endpoints of a Service (what subscribers will see next).
  EndpointsSnapshot endpoints(ServiceId service) const;

  // --- For the actors (kubelet, scheduler, controllers): mutations of the API state. Each
  // reports telemetry and wakes the actors that watch the changed object.
  // Invalidates references to pods (the table grows).
  PodId createPod(WorkloadId owner, const std::string& name, const PodTemplate& spec);
  void bindPod(PodId pod, NodeId node, Ipv4 ip);
  void setPodRunning(PodId pod);
  void setPodReady(PodId pod, bool ready);
  void markPodDeleted(PodId pod);  // sets the deletionTimestamp
  void removePod(PodId pod);       // the kubelet finished: the pod leaves the API
  void setNodeReady(NodeId node, bool ready);
  Pod& mutablePod(PodId id) { return pods_.at(id.value); }
  Node& mutableNode(NodeId id) { return nodes_.at(id.value); }
  Workload& mutableWorkload(WorkloadId id) { return workloads_.at(id.value); }
  // Adds a ReplicaSet under a Deployment. Invalidates references to workloads (the table grows).
  WorkloadId addChildWorkload(WorkloadId owner, WorkloadSpec spec);
  Telemetry& telemetry() { return *telemetry_; }
  Kubelet& kubelet() { return *kubelet_; }
  Scheduler& scheduler() { return *scheduler_; }
  WorkloadControllers& controllers() { return *controllers_; }
  EndpointSliceController& endpointSlices() { return *endpoint_slices_; }

 private:
  // Wakes whoever watches this pod: its owner's controller and the Services that select it.
  void podChanged(PodId pod);

  sim::Simulator& sim_;
  ClusterConfig config_;
  Telemetry null_telemetry_;
  Telemetry* telemetry_;
  ZonedNetwork network_;
  std::vector<Node> nodes_;
  std::vector<Pod> pods_;
  std::vector<Workload> workloads_;
  std::vector<Service> services_;
  std::map<WorkloadId, std::set<PodId>> owned_pods_;  // direct owner -> its pods not gone
  std::set<PodId> live_pods_;
  std::unique_ptr<Kubelet> kubelet_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<WorkloadControllers> controllers_;
  std::unique_ptr<NodeLifecycleController> node_lifecycle_;
  std::unique_ptr<EndpointSliceController> endpoint_slices_;
};

}  // namespace kns::models
