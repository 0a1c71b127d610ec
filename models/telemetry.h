// Typed telemetry: every actor reports what happens to this interface; reports and the GUI
// implement it. Values only (ids, enums, times), never strings to parse back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "models/ids.h"
#include "models/net/ip.h"
#include "sim/time.h"

namespace kns::models {

// Passed by reference only, so declared here: what telemetry observes is defined above it
// (traffic/request.h, ingress/balancers/pick_fact.h), which keeps this header at the bottom of
// models/ for every actor to include.
struct RequestRecord;
struct PickFact;

enum class PodEventKind {
  Created,      // the controller created the pod object
  Scheduled,    // bound to a node; the sandbox got its IP
  Running,      // containers started
  Ready,        // readiness probe passed: Ready=True
  NotReady,     // readiness lost (probe failures, or the node went NotReady)
  Terminating,  // deletionTimestamp set
  Deleted,      // gone from the API; its IP is free again
};

struct PodEvent {
  sim::Time time;
  PodEventKind kind;
  PodId pod;
  NodeId node;             // invalid before scheduling
  std::optional<Ipv4> ip;  // set from Scheduled on
};

// Why a pod could not be placed, counted over all nodes as kubectl's "0/6 nodes are available:
// 2 node(s) were not ready, 4 Insufficient cpu".
struct SchedulingFailedEvent {
  sim::Time time;
  PodId pod;
  int nodes = 0;
  int not_ready = 0;
  int cordoned = 0;
  int too_many_pods = 0;
  int insufficient_cpu = 0;
  int pod_cidr_exhausted = 0;
  int node_affinity = 0;  // "node(s) didn't match Pod's node affinity/selector"
};

enum class NodeEventKind { Failed, Recovered, NotReady, Ready, Cordoned, Uncordoned };

struct NodeEvent {
  sim::Time time;
  NodeEventKind kind;
  NodeId node;
};

enum class EndpointsEventKind {
  Written,    // the EndpointSlice controller wrote a new version
  Delivered,  // subscribers received it, after the propagation delay
};

struct EndpointsEvent {
  sim::Time time;
  EndpointsEventKind kind;
  ServiceId service;
  std::uint64_t version = 0;
  std::size_t endpoints = 0;
  std::size_t ready = 0;
  std::size_t slices = 0;
};

// Every method has an empty default, so an implementation overrides only what it records.
class Telemetry {
 public:
  virtual ~Telemetry() = default;
  virtual void onPodEvent(const PodEvent&) {}
  virtual void onSchedulingFailed(const SchedulingFailedEvent&) {}
  virtual void onNodeEvent(const NodeEvent&) {}
  virtual void onEndpointsEvent(const EndpointsEvent&) {}
  // A request finished (any outcome), with its hops.
  virtual void onRequest(const RequestRecord&) {}
  // A request of source `source` was due but not sent: its clients are pods (from: pods/...) and
  // none ran.
  virtual void onRequestNotSent(sim::Time, std::uint32_t /*source*/) {}
  // A kube-proxy programmed a new endpoints version of a Service on its node.
  virtual void onProxySynced(sim::Time, NodeId, ServiceId, std::uint64_t /*version*/) {}
  // An ingress controller's balancer picked an upstream for request `request` (its `attempt`-th
  // try), with why as the balancer sees it (in words by pick.text(): "ewma picked 10.244.1.9
  // (score 3.10 ms vs 7.40 ms ...)"). For the GUI's request journey: a listener that keeps it
  // copies it, and makes the words only when shown.
  virtual void onIngressPick(std::uint64_t /*request*/, std::uint16_t /*attempt*/,
                             const PickFact& /*pick*/) {}
};

}  // namespace kns::models
