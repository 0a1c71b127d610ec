// The DataPlane's per-source, per-connection and per-request state, shared by its .cc files.
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "models/traffic/data_plane.h"
#include "sim/ring_queue.h"

namespace kns::models {

inline constexpr sim::EventTag kArrivalTag = sim::eventTag("traffic.arrival");
inline constexpr sim::EventTag kHopTag = sim::eventTag("request.hop");
inline constexpr sim::EventTag kDeadlineTag = sim::eventTag("request.deadline");
inline constexpr std::uint32_t kSynBytes = 60;

// A request inside an ingress controller pod and on its way to an upstream pod.
struct DataPlane::IngressLeg {
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

struct DataPlane::Source {
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

struct DataPlane::Connection {
  std::uint64_t handle = 0;  // its slot in the DataPlane's pool
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

struct DataPlane::InFlight {
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

// Called several times per request, so inline.
inline DataPlane::InFlight* DataPlane::find(std::uint64_t handle) { return requests_.find(handle); }

inline DataPlane::Connection& DataPlane::liveConnection(std::uint64_t handle) const {
  Connection* c = connections_.find(handle);
  if (c == nullptr) [[unlikely]] {
    throw std::logic_error("a request refers to a connection that is gone");
  }
  return *c;
}

}  // namespace kns::models
