// Delivery: a request on an established flow (conntrack), its way to the pod, the pod's queue
// and workers, and the response back to the client. Owns the pods' servers; an ingress
// controller pod's requests go to the L7 proxy stage instead.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/traffic/pod_server.h"
#include "models/traffic/stage.h"

namespace kns::models {

class DeliveryStage : private Stage, public PodServerListener {
 public:
  explicit DeliveryStage(RequestTable& table) : Stage(table) {}

  // The request leaves the client on its connection's flow.
  void send(std::uint64_t handle);
  // The pod's server (created on first use, with the serving spec its labels select).
  PodServer& server(PodId pod);
  // A pod went: its server's requests are reset.
  void podGone(PodId pod);

  void onServed(std::uint64_t request, PodId pod, sim::Duration waited,
                sim::Duration served) override;

 private:
  void reachPod(std::uint64_t handle);
  const ServingSpec& servingFor(const Pod& pod) const;

  std::vector<std::unique_ptr<PodServer>> servers_;  // by PodId; null when not serving
};

}  // namespace kns::models
