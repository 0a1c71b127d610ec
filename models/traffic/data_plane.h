// The request path, a thin front over its stages: clients, connections, the Service path
// (kube-proxy on each node, cloud load balancers), delivery to pods, and the L7 proxy stage.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "models/traffic/client_stage.h"
#include "models/traffic/connection_stage.h"
#include "models/traffic/data_plane_config.h"
#include "models/traffic/delivery_stage.h"
#include "models/traffic/l7_proxy_stage.h"
#include "models/traffic/request_table.h"
#include "models/traffic/service_stage.h"
#include "models/world.h"

namespace kns::models {

// Moves every request along its journey, one event per hop:
//   client --(new connection: kube-proxy on the entry node picks a backend; SYN, SYN-ACK)-->
//   request over the network --> pod queue --> pod worker --> response back --> client.
// A connection's backend is fixed at its first packet (conntrack), so later requests on it skip
// the rules and go where the flow goes, even after the endpoint left the Service; if that pod
// is gone the flow black-holes. kube-proxy on each node sees endpoint changes only at its own
// syncs. Every finished request is reported to Telemetry::onRequest with its hops.
class DataPlane : public EndpointsSubscriber, public PodWatcher {
 public:
  DataPlane(World& world, DataPlaneConfig config);
  ~DataPlane() override;
  DataPlane(const DataPlane&) = delete;
  DataPlane& operator=(const DataPlane&) = delete;

  // Starts a traffic source at spec.start; returns its index (RequestRecord::source).
  std::uint32_t addTraffic(TrafficSpec spec) { return clients_.addTraffic(std::move(spec)); }
  // Changes a source's arrival rate from now on (a timeline's "change traffic rate").
  void setRate(std::uint32_t source, double rate_per_second) {
    clients_.setRate(source, rate_per_second);
  }

  // Installs an ingress controller (its Deployment and Service are created in the World) serving
  // `ingresses`; returns its index (RequestRecord::ingress_controller).
  std::uint8_t addIngressController(IngressControllerConfig config,
                                    std::vector<IngressSpec> ingresses) {
    return l7_.addIngressController(std::move(config), std::move(ingresses));
  }
  const std::vector<std::unique_ptr<IngressController>>& ingressControllers() const {
    return l7_.controllers();
  }

  KubeProxy& kubeProxy(NodeId node) { return service_.kubeProxy(node); }
  // The node's kube-proxy if it exists yet (looking never creates one): for inspection.
  const KubeProxy* findKubeProxy(NodeId node) const { return service_.findKubeProxy(node); }
  // Every kube-proxy's --min-sync-period, from now on.
  void setMinSyncPeriod(sim::Duration period) { service_.setMinSyncPeriod(period); }
  // The cloud load balancer of a LoadBalancer Service (created on first use).
  CloudLoadBalancer& loadBalancer(ServiceId service) { return service_.loadBalancer(service); }
  const DataPlaneConfig& config() const { return table_.config; }
  std::uint64_t requestsStarted() const { return table_.next_request_id; }
  std::uint64_t requestsInFlight() const { return table_.requests.active(); }
  // Visits the record of every request in flight (its hops so far), in slot order: what the GUI
  // draws as moving dots.
  void forEachInFlight(const std::function<void(const RequestRecord&)>& visit) const;

  void onEndpoints(const EndpointsSnapshot& snapshot) override;
  void onPodChanged(const Pod& pod) override;

 private:
  // The journey in stages, one class each; a stage hands a request on by scheduling the next.
  RequestTable table_;           // requests, connections, sources, travel: what stages share
  ClientStage clients_;          // arrivals, deadlines, ends, retries
  ConnectionStage connections_;  // connection reuse, DNS, the handshake, conntrack
  ServiceStage service_;         // cloud load balancer, NodePort, the kube-proxy rule
  DeliveryStage delivery_;       // the flow to the pod, its queue and workers, the way back
  L7ProxyStage l7_;              // ingress controllers (the L7 proxy stage)
};

}  // namespace kns::models
