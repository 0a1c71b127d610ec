// What happened to one request: its outcome and every hop, compact (ids and enums only).
#pragma once

#include <array>
#include <cstdint>

#include "models/hop_rule.h"
#include "models/ids.h"
#include "models/net/ip.h"
#include "sim/time.h"

namespace kns::models {

enum class RequestOutcome : std::uint8_t {
  Ok,
  Overflow,           // the pod's queue was full: 503
  ConnectionRefused,  // REJECT (no endpoints) or RST (nothing listens at the address yet)
  ConnectTimeout,     // SYN dropped (DROP rule, dead node, or no pod at the address)
  BlackHole,          // an established flow whose pod is gone: no answer until the timeout
  Reset,              // the pod went away while serving the request
  Timeout,            // the client's deadline passed first
  StaleEndpoint,      // kube-proxy sent the SYN to an address no pod holds any more (not yet
                      // synced), or a cached DNS answer named one: unanswered until the
                      // connect timeout
  DnsFailure,         // NXDOMAIN, or no DNS server answered
  // Answers of an ingress controller (SEMANTICS §5.8-5.9):
  Redirect,        // 308 to https:// (ssl-redirect for a TLS host)
  NotFound,        // 404 from the default backend: no rule matched
  BadGateway,      // 502: every try failed with an error (refused, reset)
  NoEndpoints,     // 503: the backend has no ready endpoint (or its Service is missing)
  GatewayTimeout,  // 504: the last try timed out (connect or read)
};
inline constexpr int kRequestOutcomeCount = 14;
const char* outcomeName(RequestOutcome outcome);

enum class HopKind : std::uint8_t {
  LoadBalancer,  // the cloud load balancer picked a node
  KubeProxy,     // a node's kube-proxy picked (or refused) the backend
  Conntrack,     // an established connection: no rule walk, the flow keeps its backend
  Network,       // packets crossing links between two places
  PodQueue,      // waiting for a free worker in the pod
  PodService,    // a worker serving the request
  Dns,           // a DNS lookup (node and chosen: the CoreDNS pod that answered)
  ExternalHost,  // the host outside the cluster an ExternalName points to
  TlsHandshake,  // TLS on a new HTTPS connection, terminated by the ingress controller
  Ingress,       // the ingress controller routed the request and picked an upstream (or answered)
};

struct Hop {
  Hop() = default;
  Hop(HopKind k, NodeId where, sim::Time when) : kind(k), node(where), at(when) {}

  HopKind kind = HopKind::Network;
  Rule rule = Rule::None;
  std::uint16_t arg = 0;
  std::uint16_t count = 0;
  NodeId node;     // where the hop happened (or where it started, for Network)
  NodeId to_node;  // Network: where it arrived (invalid for the internet)
  Ipv4 chosen;     // KubeProxy: the backend picked
  PodId pod;       // PodQueue / PodService
  sim::Time at;
  sim::Duration spent{0};
};

// What a request was, apart from its hops (RequestRecord adds them).
struct RequestFacts {
  std::uint64_t id = 0;
  std::uint32_t source = 0;      // index of the traffic source
  std::uint64_t connection = 0;  // id of the TCP connection it travelled on
  bool new_connection = false;
  std::uint8_t attempt = 0;     // 0 for the first try, then 1, 2, ... for retries
  bool retried = false;         // failed, and the client tries again: not the user's last word
  sim::Time first_start;        // when the first attempt started (the user's view)
  std::uint16_t mix_entry = 0;  // which RequestTemplate of the source's mix
  // Through an ingress controller: which one (index in DataPlane::ingressControllers) and which
  // route (IngressController::routeNames); 0xFF / 0xFFFF otherwise.
  std::uint8_t ingress_controller = 0xFF;
  std::uint16_t ingress_route = 0xFFFF;
  bool canary = false;  // sent to a canary Ingress's backend
  ServiceId service;
  NodeId client_node;  // invalid for internet clients
  Ipv4 client_ip;
  Ipv4 source_ip_at_pod;  // after SNAT, what the pod sees
  PodId pod;              // the pod that served (or was meant to serve) it
  sim::Time start;
  sim::Time end;
  RequestOutcome outcome = RequestOutcome::Ok;
};

struct RequestRecord : RequestFacts {
  static constexpr int kMaxHops = 20;  // an ingress path with retries takes up to ~18

  std::uint8_t hop_count = 0;
  std::array<Hop, kMaxHops> hops{};  // [0, hop_count) are this request's

  // A fresh record for a new request, without rewriting the 800 bytes of old hops (nothing
  // reads past hop_count).
  void reset() {
    static_cast<RequestFacts&>(*this) = RequestFacts{};
    hop_count = 0;
  }

  // Adds a hop; past kMaxHops the last slot is overwritten (records stay fixed-size).
  void addHop(const Hop& hop) { hops[hop_count < kMaxHops ? hop_count++ : kMaxHops - 1] = hop; }
  sim::Duration latency() const { return end - start; }
  // Time spent in the pod (queue + service), the queueing-theory "time in system".
  sim::Duration timeInPod() const;
};

}  // namespace kns::models
