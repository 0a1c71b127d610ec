// The simulated cluster: nodes, pods, workloads, Services and the actors that move them.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/cluster/endpoints.h"
#include "models/cluster/label_index.h"
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
  // --service-cluster-ip-range (kubeadm's default); the lower 256 addresses are the static band
  // for fixed clusterIPs, dynamic ones are drawn from the rest (SEMANTICS §3.2).
  Cidr service_cidr = *Cidr::parse("10.96.0.0/12");
  // --service-node-port-range 30000-32767; dynamic ports come from above the static band
  // 30000-30085 (SEMANTICS §1.8).
  int node_port_base = 30000;
  int node_port_count = 2768;
  // Where cloud load balancers get their EXTERNAL-IP (TEST-NET-3, a documentation range).
  Cidr load_balancer_pool = *Cidr::parse("203.0.113.0/24");
  ControlPlaneConfig control_plane;
};

// Nodes as the scenario format describes them: `count` nodes named <prefix>0, <prefix>1, ...
// placed on the zones round-robin (node 0 in the first zone, node 1 in the second, ...).
struct NodePoolSpec {
  int count = 1;
  std::string name_prefix = "node-";
  NodeSpec node;  // name and zone are filled in per node
};

// Told of every change to any pod (after telemetry), for actors outside the control plane such
// as the data plane, which must drop a pod's requests when it goes.
class PodWatcher {
 public:
  virtual ~PodWatcher() = default;
  virtual void onPodChanged(const Pod& pod) = 0;
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
  // Allocates the clusterIP, node ports and EXTERNAL-IP as the API server and cloud controller
  // would; std::invalid_argument for a fixed clusterIP outside the range or taken, or a node
  // port outside the range or taken.
  ServiceId createService(ServiceSpec spec);
  ServiceId findService(const std::string& name, const std::string& ns = "default") const;
  // `kubectl apply` of a changed Service: a new selector, ports, type or policies. The ClusterIP
  // stays (it is immutable), kept ports keep their nodePorts, a LoadBalancer keeps its address.
  // std::invalid_argument for what the API server refuses (clusterIP or headless changes, to or
  // from ExternalName, a taken nodePort); nothing changes then.
  void updateService(ServiceId service, ServiceSpec next);
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
  void watchPods(PodWatcher* watcher) { pod_watchers_.push_back(watcher); }

  // --- Queries.
  sim::Simulator& simulator() { return sim_; }
  sim::Time now() const { return sim_.now(); }
  const ClusterConfig& config() const { return config_; }
  const Topology& topology() const { return network_.topology(); }
  ZonedNetwork& network() { return network_; }
  const std::vector<Node>& nodes() const { return nodes_; }
  const Node& node(NodeId id) const { return nodes_.at(id.value); }
  NodeId findNode(const std::string& name) const;
  // The zone's index in ClusterConfig::zones, or -1.
  std::int16_t zoneIndex(const std::string& zone) const;
  // Every pod ever created, the deleted ones too (gone == true), by id.
  const std::vector<Pod>& pods() const { return pods_; }
  // Pods not gone, in id order.
  const std::set<PodId>& livePods() const { return live_pods_; }
  // The live pod that holds this IP now, if any (a reused IP belongs to the newest pod).
  PodId podAt(Ipv4 ip) const;
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
  // Pods and Service selectors by label: which Services select a pod, which pods a Service.
  const LabelIndex& labelIndex() const { return label_index_; }

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
  void allocateServiceAddresses(Service& service);
  void indexSelector(const Service& service);
  std::set<std::uint32_t> used_cluster_ips_;
  std::set<int> used_node_ports_;
  std::map<WorkloadId, std::set<PodId>> owned_pods_;  // direct owner -> its pods not gone
  std::set<PodId> live_pods_;
  LabelIndex label_index_;
  PodId& ipOwnerSlot(Ipv4 ip);
  std::vector<PodId> ip_owner_in_cidr_;                          // by offset in cluster_cidr
  std::unordered_map<std::uint32_t, PodId> ip_owner_elsewhere_;  // never iterated
  std::vector<PodWatcher*> pod_watchers_;
  std::unique_ptr<Kubelet> kubelet_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<WorkloadControllers> controllers_;
  std::unique_ptr<NodeLifecycleController> node_lifecycle_;
  std::unique_ptr<EndpointSliceController> endpoint_slices_;
};

}  // namespace kns::models
