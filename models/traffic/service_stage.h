// The Service path of a new connection's first packet: the cloud load balancer or NodePort it
// enters by, and the kube-proxy rule on the entry node that picks the backend (or rejects or
// drops it). Owns every node's kube-proxy and every LoadBalancer Service's cloud load balancer.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "models/proxy/endpoint_history.h"
#include "models/proxy/kube_proxy.h"
#include "models/traffic/cloud_load_balancer.h"
#include "models/traffic/stage.h"

namespace kns::models {

class ServiceStage : private Stage {
 public:
  explicit ServiceStage(RequestTable& table) : Stage(table) {}

  // Sends the connection's first packet through the Service: kube-proxy on the entry node picks
  // the backend; the SYN goes on to it (ConnectionStage::synArrives).
  void routeViaService(std::uint64_t handle);

  // Every node's kube-proxy watches EndpointSlices.
  void onEndpoints(const EndpointsSnapshot& snapshot);
  KubeProxy& kubeProxy(NodeId node);
  const KubeProxy* findKubeProxy(NodeId node) const {
    return node.value < proxies_.size() ? proxies_[node.value].get() : nullptr;
  }
  void setMinSyncPeriod(sim::Duration period);
  CloudLoadBalancer& loadBalancer(ServiceId service);
  // The Service's place in kube-proxy's KUBE-SERVICES chain (Services with a clusterIP before it).
  std::size_t serviceRank(ServiceId service) const;

 private:
  EndpointHistory endpoint_history_;                  // what every node's kube-proxy syncs from
  std::vector<std::unique_ptr<KubeProxy>> proxies_;   // by NodeId; null until first needed
  std::size_t proxies_started_ = 0;                   // nodes whose kube-proxy was started
  mutable std::vector<std::uint32_t> service_ranks_;  // serviceRank's, by ServiceId
  std::map<ServiceId, std::unique_ptr<CloudLoadBalancer>> load_balancers_;
};

}  // namespace kns::models
