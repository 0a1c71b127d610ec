// The simulated cluster: nodes, pods, workloads, Services and the actors that move them.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/cluster/cluster_api.h"
#include "models/cluster/cluster_config.h"
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

// The cluster as actors on one Simulator: the API server's objects (ClusterApi, which the
// scheduler, kubelet and controllers write through) and the actors that move them. The public
// surface is grouped by who calls it: the builder, the timeline's actions (what a user or a
// scenario does), the queries everyone reads, and the API the actors use. Final, so that calls
// through a World& (the data plane's, on every request) are direct.
class World final : public ClusterApi {
 public:
  World(sim::Simulator& sim, ClusterConfig config, Telemetry* telemetry = nullptr);
  ~World() override;
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // --- Building the cluster (a scenario's manifests), and who watches it.
  NodeId addNode(NodeSpec spec);
  std::vector<NodeId> addNodePool(const NodePoolSpec& pool);
  WorkloadId createWorkload(WorkloadSpec spec);
  // Allocates the clusterIP, node ports and EXTERNAL-IP as the API server and cloud controller
  // would; std::invalid_argument for a fixed clusterIP outside the range or taken, or a node
  // port outside the range or taken.
  ServiceId createService(ServiceSpec spec);
  void subscribe(EndpointsSubscriber* subscriber);
  void watchPods(PodWatcher* watcher) { pod_watchers_.push_back(watcher); }

  // --- The timeline's actions: what a user does to a running cluster.
  // `kubectl apply` of a changed Service: a new selector, ports, type or policies. The ClusterIP
  // stays (it is immutable), kept ports keep their nodePorts, a LoadBalancer keeps its address.
  // std::invalid_argument for what the API server refuses (clusterIP or headless changes, to or
  // from ExternalName, a taken nodePort); nothing changes then.
  void updateService(ServiceId service, ServiceSpec next);
  void scale(WorkloadId workload, int replicas);
  // Changes the pod template: a rolling update (Deployment) or ordered replacement (StatefulSet).
  void rollout(WorkloadId workload, PodTemplate pod);
  // Graceful deletion, as `kubectl delete pod` (also the actors' API: evictions, scale-down).
  void deletePod(PodId pod) override;
  // Makes the app pass or fail its readiness probe from now on; probes notice later.
  void setPodHealthy(PodId pod, bool healthy);
  // The machine dies (or comes back). The control plane notices after node_monitor_grace.
  void failNode(NodeId node);
  void recoverNode(NodeId node);
  void cordon(NodeId node, bool cordoned = true);
  // kubectl drain: cordon, then evict every pod (graceful deletion).
  void drain(NodeId node);

  // --- Queries: the state the API server holds now (ClusterApi's reads, and more).
  sim::Simulator& simulator() override { return sim_; }
  sim::Time now() const override { return sim_.now(); }
  const ClusterConfig& config() const override { return config_; }
  const Topology& topology() const { return network_.topology(); }
  ZonedNetwork& network() { return network_; }
  const std::vector<Node>& nodes() const override { return nodes_; }
  const Node& node(NodeId id) const override { return nodes_.at(id.value); }
  NodeId findNode(const std::string& name) const;
  // The zone's index in ClusterConfig::zones, or -1.
  std::int16_t zoneIndex(const std::string& zone) const;
  // Every pod ever created, the deleted ones too (gone == true), by id.
  const std::vector<Pod>& pods() const { return pods_; }
  // Pods not gone, in id order.
  const std::set<PodId>& livePods() const { return live_pods_; }
  // The live pod that holds this IP now, if any (a reused IP belongs to the newest pod).
  PodId podAt(Ipv4 ip) const;
  const Pod& pod(PodId id) const override { return pods_.at(id.value); }
  const Workload& workload(WorkloadId id) const override { return workloads_.at(id.value); }
  const std::vector<Workload>& workloads() const { return workloads_; }
  WorkloadId findWorkload(const std::string& name, const std::string& ns = "default") const;
  const Service& service(ServiceId id) const override { return services_.at(id.value); }
  const std::vector<Service>& services() const { return services_; }
  ServiceId findService(const std::string& name, const std::string& ns = "default") const;
  // Pods a workload owns (a Deployment's through its ReplicaSets) that are not gone.
  std::vector<PodId> podsOf(WorkloadId workload) const;
  const std::set<PodId>& ownedPods(WorkloadId owner) const override;
  // The controller's latest written endpoints of a Service (what subscribers will see next).
  EndpointsSnapshot endpoints(ServiceId service) const;
  const LabelIndex& labelIndex() const override { return label_index_; }
  Telemetry& telemetry() override { return *telemetry_; }

  // --- The actors' API (ClusterApi's writes), and the actors themselves for tests and loaders.
  PodId createPod(WorkloadId owner, const std::string& name, const PodTemplate& spec) override;
  void bindPod(PodId pod, NodeId node, Ipv4 ip) override;
  void setPodRunning(PodId pod) override;
  void setPodReady(PodId pod, bool ready) override;
  void removePod(PodId pod) override;
  void setNodeReady(NodeId node, bool ready) override;
  Node& mutableNode(NodeId id) override { return nodes_.at(id.value); }
  Workload& mutableWorkload(WorkloadId id) override { return workloads_.at(id.value); }
  WorkloadId addChildWorkload(WorkloadId owner, WorkloadSpec spec) override;
  Pod& mutablePod(PodId id) { return pods_.at(id.value); }
  Kubelet& kubelet() { return *kubelet_; }
  Scheduler& scheduler() { return *scheduler_; }
  WorkloadControllers& controllers() { return *controllers_; }
  EndpointSliceController& endpointSlices() { return *endpoint_slices_; }

 private:
  // Wakes whoever watches this pod: its owner's controller and the Services that select it.
  void podChanged(PodId pod);
  void markPodDeleted(PodId pod);  // sets the deletionTimestamp

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
