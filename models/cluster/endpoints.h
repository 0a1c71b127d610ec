// EndpointSlices as the controller publishes them: immutable, versioned snapshots per Service.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/ids.h"
#include "models/net/ip.h"
#include "sim/time.h"

namespace kns::models {

// One endpoint with its conditions (SEMANTICS §2.3): serving = pod Ready; terminating = pod has a
// deletionTimestamp; ready = serving and not terminating (always true under
// publishNotReadyAddresses).
struct Endpoint {
  Ipv4 address;
  PodId pod;
  NodeId node;
  std::int16_t zone = -1;  // index into ClusterConfig::zones of the pod's node
  bool ready = false;
  bool serving = false;
  bool terminating = false;
  // Topology hints (SEMANTICS §1.9): hints.forZones (a zone index, -1 = none) and
  // hints.forNodes (this endpoint's own node).
  std::int16_t hint_zone = -1;
  bool hint_own_node = false;
};

struct EndpointSlice {
  std::string name;  // "<service>-<n>", stable while the slice exists
  std::vector<Endpoint> endpoints;
};

// Every slice of one Service at one version. Shared, never modified after publication, so every
// kube-proxy, DNS server and ingress controller can point at the version it has synced without
// copying it.
struct ServiceEndpoints {
  ServiceId service;
  std::uint64_t version = 0;  // increases with every change the controller writes
  sim::Time written;          // when the controller wrote this version
  std::vector<EndpointSlice> slices;

  std::size_t size() const;
  std::size_t readyCount() const;
};

using EndpointsSnapshot = std::shared_ptr<const ServiceEndpoints>;

// Told when a Service's endpoints reach it (after the propagation delay).
class EndpointsSubscriber {
 public:
  virtual ~EndpointsSubscriber() = default;
  virtual void onEndpoints(const EndpointsSnapshot& endpoints) = 0;
};

}  // namespace kns::models
