// What the data plane's stages share: the requests and connections in flight (slots named by
// handles), the traffic sources, travel between places, and the two moves every stage makes:
// schedule a request's next hop, or end it with an outcome after a delay.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "models/ingress/ingress_controller.h"
#include "models/traffic/data_plane_config.h"
#include "models/traffic/request.h"
#include "models/traffic/slot_pool.h"
#include "models/traffic/traffic_spec.h"
#include "models/world.h"
#include "sim/ring_queue.h"

namespace kns::models {

inline constexpr sim::EventTag kArrivalTag = sim::eventTag("traffic.arrival");
inline constexpr sim::EventTag kHopTag = sim::eventTag("request.hop");
inline constexpr sim::EventTag kDeadlineTag = sim::eventTag("request.deadline");
inline constexpr std::uint32_t kSynBytes = 60;

// Where a packet is: a node's vertex, or the internet.
struct Place {
  NodeId node;  // invalid: the internet
};

enum class UpstreamFailure { Error, Timeout };

// A request inside an ingress controller pod and on its way to an upstream pod.
struct IngressLeg {
  enum class Phase { Controller, Upstream };
  Phase phase = Phase::Controller;
  IngressController* controller = nullptr;
  std::uint8_t controller_index = 0;
  PodId pod;    // the controller pod
  NodeId node;  // its node
  int worker = 0;
  IngressDecision decision;
  Peer peer;  // the current try's upstream
  PodId upstream;
  NodeId upstream_node;
  TriedPeers tried;
  std::string hash_key;  // upstream-hash-by, evaluated for this request
  int tries = 0;
  bool sent = false;  // the request was written to the upstream (non-idempotent: no retry)
  sim::Time try_start;
  sim::EventId read_timeout;
  Balancer* balancer = nullptr;

  // Ready for the next request through a controller; the buffers keep their capacity.
  void reset() {
    TriedPeers kept_tried = std::move(tried);
    std::string kept_key = std::move(hash_key);
    kept_tried.clear();
    kept_key.clear();
    *this = IngressLeg{};
    tried = std::move(kept_tried);
    hash_key = std::move(kept_key);
  }
};

struct TrafficSource {
  TrafficSpec spec;
  sim::RandomStream* rng = nullptr;
  double rate = 0;
  double mean_gap_s = 0;  // 1 / rate, worked out once per rate (a division per arrival saved)
  void setRate(double per_second) {
    rate = per_second;
    mean_gap_s = 1.0 / per_second;
  }
  NodeId client_node;  // invalid for internet clients
  NodeId entry_node;   // NodePort: the node dialled
  Ipv4 first_client_ip;
  std::uint32_t next_client = 0;
  std::vector<std::uint64_t> connections;  // open (KeepAlive, Multiplexed)
  std::size_t next_multiplexed = 0;
  sim::RingQueue<std::uint64_t> waiting;  // KeepAlive: requests waiting for a free connection
  std::optional<DnsAnswer> cached;        // the client's DNS cache for spec.host
  sim::EventId next_arrival;
  std::unique_ptr<sim::WeightedChoice> mix;  // over spec.mix, when it has several entries
  std::map<std::uint32_t, std::string> affinity_cookies;  // INGRESSCOOKIE by client address
};

struct Connection {
  std::uint64_t handle = 0;  // its slot in the table's pool
  std::uint64_t id = 0;      // 1, 2, 3, ... in order of opening: what records and reports show
  std::uint32_t source = 0;
  ServiceId service;      // the Service dialled (for DNS clients: the one the name resolved to)
  bool external = false;  // to an ExternalName's host, outside the cluster
  Place client;
  Ipv4 client_ip;
  NodeId entry;  // the node whose kube-proxy chose the backend
  Ipv4 endpoint;
  NodeId pod_node;
  PodId pod;  // the pod that answered the SYN
  Ipv4 source_at_pod;
  std::uint8_t cloud = 0xFF;  // to a cloud L7 load balancer's edge (its index), not a Service
  bool established = false;
  bool closed = false;
  bool ipvs_counted = false;
  int in_flight = 0;
  int requests = 0;
  std::vector<std::uint64_t> pending;  // requests waiting for the handshake
};

struct InFlight {
  // What the client sees if its deadline passes first: a plain timeout, or the cause already
  // known (the SYN went to a dead address, a DROP, an established flow black-holed).
  RequestOutcome cause_if_expired = RequestOutcome::Timeout;
  RequestRecord record;
  std::uint32_t source = 0;
  std::uint64_t connection = 0;
  sim::EventId deadline;
  sim::EventId next;
  bool in_ingress = false;  // an ingress controller proxies it: `ingress` holds its leg
  IngressLeg ingress;
};

// A request with its connection and source: what most hops start by looking up.
struct Journey {
  InFlight& request;
  Connection& connection;
  TrafficSource& source;
};

class ClientStage;
class ConnectionStage;
class ServiceStage;
class DeliveryStage;
class L7ProxyStage;

// The stages, for one to hand a request to the next (set by the DataPlane that owns them).
struct Stages {
  ClientStage* clients = nullptr;
  ConnectionStage* connections = nullptr;
  ServiceStage* service = nullptr;
  DeliveryStage* delivery = nullptr;
  L7ProxyStage* l7 = nullptr;
};

class RequestTable {
 public:
  RequestTable(World& world, DataPlaneConfig config) : world(world), config(std::move(config)) {}

  World& world;
  DataPlaneConfig config;
  Stages stages;
  std::vector<std::unique_ptr<TrafficSource>> sources;
  // Handles name slots (generation << 32 | slot); the ids in records count up from 1 and 0.
  SlotPool<Connection> connections;
  SlotPool<InFlight> requests;
  std::uint64_t next_request_id = 0;
  std::uint64_t next_connection_id = 1;

  InFlight* find(std::uint64_t handle) const { return requests.find(handle); }
  Connection* connection(std::uint64_t handle) const { return connections.find(handle); }
  // The connection a live request holds: it must exist.
  Connection& liveConnection(std::uint64_t handle) const {
    Connection* c = connections.find(handle);
    if (c == nullptr) [[unlikely]] {
      throw std::logic_error("a request refers to a connection that is gone");
    }
    return *c;
  }
  // A live request, its connection and its connection's source.
  Journey journey(std::uint64_t handle) const {
    InFlight& r = *find(handle);
    Connection& c = liveConnection(r.connection);
    return {r, c, *sources[c.source]};
  }
  std::uint64_t allocateRequest();
  // A request takes an open connection: it is counted in flight there, and its record names the
  // connection and the client address it comes from.
  void attach(InFlight& r, Connection& c) {
    r.connection = c.handle;
    r.record.connection = c.id;
    r.record.client_ip = c.client_ip;
    ++c.in_flight;
  }
  void releaseRequest(std::uint64_t handle) { requests.release(handle); }

  // The request's next hop: `then` after `delay` (it replaces the pending one, which the caller
  // has cancelled or which has fired).
  template <class Then>
  void nextHop(InFlight& r, sim::Duration delay, Then&& then) {
    r.next = world.simulator().scheduleAfter(delay, std::forward<Then>(then), kHopTag);
  }
  // The request ends with `outcome` after `delay`: a refused or timed-out connect, an answer
  // on its way back (replacing the pending next hop, as nextHop does).
  void endAfter(std::uint64_t handle, InFlight& r, sim::Duration delay, RequestOutcome outcome);

  // One-way latency between places (nullopt: unreachable), including `bytes` at the bottleneck.
  std::optional<sim::Duration> travel(Place from, Place to, std::uint32_t bytes) const;

 private:
  struct TravelMemo {
    std::uint64_t version = ~std::uint64_t{0};  // the topology's; never a real one at first
    std::uint32_t a = 0, b = 0, bytes = 0;      // node ids (the internet: invalid), bytes
    std::optional<sim::Duration> result;
  };
  mutable std::array<TravelMemo, 512> travel_memo_;  // travel()'s recent answers
};

}  // namespace kns::models
