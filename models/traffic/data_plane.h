// The request path: clients, connections, kube-proxy on each node, the network and pod servers.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "models/ingress/ingress_controller.h"
#include "models/labels.h"
#include "models/proxy/kube_proxy.h"
#include "models/traffic/cloud_load_balancer.h"
#include "models/traffic/pod_server.h"
#include "models/traffic/request.h"
#include "models/traffic/slot_pool.h"
#include "models/traffic/traffic_spec.h"
#include "models/world.h"

namespace kns::models {

struct DataPlaneConfig {
  KubeProxyConfig kube_proxy;
  // How pods serve, by label selector (first match wins), else `default_serving`.
  std::vector<std::pair<LabelSelector, ServingSpec>> serving;
  ServingSpec default_serving;
  DnsConfig dns;
  CloudLoadBalancerConfig load_balancer;
};

// Moves every request along its journey, one event per hop:
//   client --(new connection: kube-proxy on the entry node picks a backend; SYN, SYN-ACK)-->
//   request over the network --> pod queue --> pod worker --> response back --> client.
// A connection's backend is fixed at its first packet (conntrack), so later requests on it skip
// the rules and go where the flow goes, even after the endpoint left the Service; if that pod
// is gone the flow black-holes. kube-proxy on each node sees endpoint changes only at its own
// syncs. Every finished request is reported to Telemetry::onRequest with its hops.
class DataPlane : public EndpointsSubscriber, public PodServerListener, public PodWatcher {
 public:
  DataPlane(World& world, DataPlaneConfig config);
  ~DataPlane() override;
  DataPlane(const DataPlane&) = delete;
  DataPlane& operator=(const DataPlane&) = delete;

  // Starts a traffic source at spec.start; returns its index (RequestRecord::source).
  std::uint32_t addTraffic(TrafficSpec spec);
  // Changes a source's arrival rate from now on (a timeline's "change traffic rate").
  void setRate(std::uint32_t source, double rate_per_second);

  // Installs an ingress controller (its Deployment and Service are created in the World) serving
  // `ingresses`; returns its index (RequestRecord::ingress_controller).
  std::uint8_t addIngressController(IngressControllerConfig config,
                                    std::vector<IngressSpec> ingresses);
  const std::vector<std::unique_ptr<IngressController>>& ingressControllers() const {
    return ingress_;
  }

  KubeProxy& kubeProxy(NodeId node);
  // The node's kube-proxy if it exists yet (looking never creates one): for inspection.
  const KubeProxy* findKubeProxy(NodeId node) const {
    return node.value < proxies_.size() ? proxies_[node.value].get() : nullptr;
  }
  // Every kube-proxy's --min-sync-period, from now on.
  void setMinSyncPeriod(sim::Duration period);
  // The cloud load balancer of a LoadBalancer Service (created on first use).
  CloudLoadBalancer& loadBalancer(ServiceId service);
  const DataPlaneConfig& config() const { return config_; }
  std::uint64_t requestsStarted() const { return next_request_id_; }
  std::uint64_t requestsInFlight() const { return requests_.active(); }
  // Visits the record of every request in flight (its hops so far), in slot order: what the GUI
  // draws as moving dots.
  void forEachInFlight(const std::function<void(const RequestRecord&)>& visit) const;

  void onEndpoints(const EndpointsSnapshot& snapshot) override;
  void onServed(std::uint64_t request, PodId pod, sim::Duration waited,
                sim::Duration served) override;
  void onPodChanged(const Pod& pod) override;

 private:
  struct Source;
  struct Connection;
  struct InFlight;
  struct IngressLeg;
  enum class UpstreamFailure { Error, Timeout };

  // Where a packet is: a node's vertex, or the internet.
  struct Place {
    NodeId node;  // invalid: the internet
  };

  // The journey in stages, one file each. A request is named by its handle in requests_, a
  // connection by its handle in connections_; each stage hands on by scheduling the next.

  // Clients and retries (data_plane_clients.cc): arrivals, a request's start and deadline, its
  // end, and what follows it (a retry, a closed-loop user's next request).
  void startSource(std::uint32_t source);
  void scheduleNextArrival(std::uint32_t source);
  void arrive(std::uint32_t source);
  void startRequest(std::uint32_t source, std::uint8_t attempt, sim::Time first_start);
  void complete(std::uint64_t handle, RequestOutcome outcome);
  void expire(std::uint64_t handle);
  void followUp(const RequestRecord& record);
  // Running pods a pod-client source may send from, in id order.
  std::vector<PodId> clientPods(const Source& source) const;

  // Connections (data_plane_connections.cc): choosing or opening one, the client's DNS lookup,
  // the handshake, requests waiting for it, and closing.
  Connection* takeConnection(Source& source, std::uint64_t handle);
  void openConnection(std::uint64_t handle);
  void lookup(std::uint64_t handle);
  void connectWithAnswer(std::uint64_t handle, const DnsAnswer& answer);
  void synArrives(std::uint64_t connection);
  void establish(std::uint64_t connection);  // the handshake is done: send what waited
  void requestFinishedOnConnection(std::uint64_t connection, bool broken);
  void closeConnection(std::uint64_t connection);
  Connection* connection(std::uint64_t handle) const { return connections_.find(handle); }
  Connection& liveConnection(std::uint64_t handle) const;  // one a request holds: must exist

  // The Service path (data_plane_service.cc): the cloud load balancer or NodePort a first packet
  // enters by, and the kube-proxy rule on the entry node that picks its backend.
  void routeViaService(std::uint64_t handle);

  // Delivery (data_plane_delivery.cc): along the established flow to the pod, the pod's queue
  // and workers (onServed, above), the response back.
  void send(std::uint64_t handle);
  void reachPod(std::uint64_t handle);

  // The L7 proxy stage (data_plane_ingress.cc): through an ingress controller, TLS, the
  // controller's CPU, routing and balancing, the upstream connection and its retries, the
  // answer back to the client.
  IngressController* controllerOf(PodId pod);
  void ingressArrive(std::uint64_t handle);
  void ingressAdmit(std::uint64_t handle);
  void ingressDispatch(std::uint64_t handle);
  void ingressTry(std::uint64_t handle);
  void upstreamSend(std::uint64_t handle);
  void upstreamArrive(std::uint64_t handle);
  void upstreamServed(std::uint64_t handle, sim::Duration waited, sim::Duration served);
  void upstreamFailed(std::uint64_t handle, UpstreamFailure failure);
  void ingressRespond(std::uint64_t handle, RequestOutcome outcome, sim::Duration after);

  // The core (data_plane.cc): slots, pods as servers, travel.
  InFlight* find(std::uint64_t handle);
  std::uint64_t allocateRequest();
  void releaseRequest(std::uint64_t handle);
  PodServer& server(PodId pod);
  const ServingSpec& servingFor(const Pod& pod) const;
  // One-way latency between places (nullopt: unreachable), including `bytes` at the bottleneck.
  std::optional<sim::Duration> travel(Place from, Place to, std::uint32_t bytes) const;
  std::size_t serviceRank(ServiceId service) const;

  World& world_;
  DataPlaneConfig config_;
  EndpointHistory endpoint_history_;  // what every node's kube-proxy syncs from
  DnsView dns_;
  std::vector<std::unique_ptr<KubeProxy>> proxies_;   // by NodeId; null until first needed
  std::size_t proxies_started_ = 0;                   // nodes whose kube-proxy was started
  mutable std::vector<std::uint32_t> service_ranks_;  // serviceRank's, by ServiceId
  struct TravelMemo {
    std::uint64_t version = ~std::uint64_t{0};  // the topology's; never a real one at first
    std::uint32_t a = 0, b = 0, bytes = 0;      // node ids (the internet: invalid), bytes
    std::optional<sim::Duration> result;
  };
  mutable std::array<TravelMemo, 512> travel_memo_;  // travel()'s recent answers
  std::vector<std::unique_ptr<PodServer>> servers_;  // by PodId; null when not serving
  std::map<ServiceId, std::unique_ptr<CloudLoadBalancer>> load_balancers_;
  std::vector<std::unique_ptr<IngressController>> ingress_;
  std::vector<std::uint8_t> pod_controller_;  // controllerOf's answers by PodId (0xFF: none)
  std::vector<std::unique_ptr<Source>> sources_;
  // Handles name slots (generation << 32 | slot); the ids in records count up from 1 and 0.
  SlotPool<Connection> connections_;
  SlotPool<InFlight> requests_;
  std::vector<std::uint64_t> ready_scratch_;  // a connection's pending requests, being sent
  std::uint64_t next_request_id_ = 0;
  std::uint64_t next_connection_id_ = 1;
};

}  // namespace kns::models
