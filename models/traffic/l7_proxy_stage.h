// The L7 proxy stage (SEMANTICS §5): requests through an ingress controller — the client's
// connection ends at a controller pod or a cloud edge (TLS terminated there), the controller's
// CPU, routing and balancing, the upstream connection to a pod's IP and its retries, and the
// answer back. Ingress controllers plug in here (and, next, the Gateway API's gateways).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/ingress/ingress_controller.h"
#include "models/traffic/stage.h"

namespace kns::models {

class L7ProxyStage : private Stage {
 public:
  explicit L7ProxyStage(RequestTable& table) : Stage(table) {}

  // Installs an ingress controller (its Deployment and Service are created in the World)
  // serving `ingresses`; returns its index (RequestRecord::ingress_controller).
  std::uint8_t addIngressController(IngressControllerConfig config,
                                    std::vector<IngressSpec> ingresses);
  const std::vector<std::unique_ptr<IngressController>>& controllers() const { return ingress_; }
  // The controller whose pod this is, if any.
  IngressController* controllerOf(PodId pod);
  void onEndpoints(const EndpointsSnapshot& snapshot);

  // A request reaches a controller pod (or a cloud edge): TLS, then the controller's workers.
  void ingressArrive(std::uint64_t handle);
  // The controller's CPU is spent: route and balance.
  void ingressDispatch(std::uint64_t handle);
  // The upstream pod served the request.
  void upstreamServed(std::uint64_t handle, sim::Duration waited, sim::Duration served);
  // The try failed (an error or a timeout): the next upstream, or the client's answer.
  void upstreamFailed(std::uint64_t handle, UpstreamFailure failure);

 private:
  void ingressAdmit(std::uint64_t handle);
  void ingressTry(std::uint64_t handle);
  void upstreamSend(std::uint64_t handle);
  void upstreamArrive(std::uint64_t handle);
  void ingressRespond(std::uint64_t handle, RequestOutcome outcome, sim::Duration after);

  std::vector<std::unique_ptr<IngressController>> ingress_;
  std::vector<std::uint8_t> pod_controller_;  // controllerOf's answers by PodId (0xFF: none)
};

}  // namespace kns::models
