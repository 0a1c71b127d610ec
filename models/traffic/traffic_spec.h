// A stream of requests: where clients are, what they call, how often, over which connections.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/distribution.h"
#include "models/ids.h"
#include "models/labels.h"
#include "models/net/ip.h"
#include "models/traffic/dns.h"
#include "sim/time.h"

namespace kns::models {

enum class ArrivalProcess { Poisson, Constant };

// One kind of request a source sends; a source draws from its mix by weight. Host, path,
// headers and cookies matter to Ingress routing, canaries and affinity.
struct RequestTemplate {
  std::string method = "GET";
  std::string host;
  std::string path = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::pair<std::string, std::string>> cookies;
  double weight = 1;
};

// How clients use TCP connections. kube-proxy balances connections, not requests, so this
// decides how even the load is (SEMANTICS §1.3).
enum class ConnectionMode {
  PerRequest,   // a new connection for every request, closed after the response
  KeepAlive,    // HTTP/1.1 keep-alive: a pool of up to max_connections, one request at a time each
  Multiplexed,  // HTTP/2 or gRPC: max_connections long-lived connections, requests spread over them
};

// How the request enters: the Service's ClusterIP (from a node or pod), a NodePort on a
// node's IP, or the cloud load balancer's EXTERNAL-IP.
enum class EntryPoint { ClusterIp, NodePort, LoadBalancer };

struct TrafficSpec {
  std::string name;
  // Clients: on a node (by name), on the internet, or in pods: each new connection comes from
  // a random Running pod that `client_pods` selects (in client_namespace), from its IP and node.
  bool from_internet = false;
  std::string from_node;
  std::optional<LabelSelector> client_pods;
  // Source addresses: an explicit first address, or the node's IP (a hostNetwork client) /
  // 198.51.100.1 (TEST-NET-2) for internet clients; `clients` distinct addresses counting up
  // from it, used in turn by new connections.
  std::optional<Ipv4> client_ip;
  int clients = 1;
  ServiceId service;
  // Or a DNS name ("web", "web.shop", "web.shop.svc.cluster.local") resolved by cluster DNS
  // when a connection opens: ClusterIP Services answer their virtual IP, headless ones their
  // ready pods' IPs (the client picks one at random), ExternalName ones a CNAME that sends the
  // request out of the cluster. In-cluster clients only.
  std::string host;
  std::string client_namespace = "default";
  DnsCachePolicy dns_cache = DnsCachePolicy::RespectTtl;
  int port = 80;
  // To an ingress controller's Service: HTTPS (port 443, TLS terminated by the controller) or
  // plain HTTP; each RequestTemplate's host and path are what the controller routes on.
  bool https = false;
  // Or straight to a cloud L7 load balancer (DataPlane::ingressControllers index), which has no
  // Service in the cluster; `service` is then unused.
  std::uint8_t ingress_controller = 0xFF;
  int tls_version = 13;  // 13: one round trip before the request; 12: two
  EntryPoint entry = EntryPoint::ClusterIp;
  std::string entry_node;  // NodePort: the node whose IP the client dials

  // Open loop: arrivals at `rate_per_second`, Poisson or evenly spaced, whatever the answers.
  ArrivalProcess arrivals = ArrivalProcess::Poisson;
  double rate_per_second = 100;
  // A rate schedule: from each time on, the given rate (piecewise constant; 0 pauses).
  std::vector<std::pair<sim::Time, double>> rate_schedule;
  // On/off bursts: when both are set, arrivals only during the `on` part of each cycle.
  sim::Duration on_period{0};
  sim::Duration off_period{0};
  // Closed loop: `users` > 0 replaces the arrival process; each user sends a request, waits for
  // its final answer, thinks, and sends the next.
  int users = 0;
  DurationDistribution think_time = DurationDistribution::exponential(std::chrono::seconds(1));
  // Retries of failed requests (any outcome but ok), after backoff x 2^attempt. Each attempt is
  // reported; a closed-loop user moves on only after the last.
  int retries = 0;
  sim::Duration retry_backoff = std::chrono::milliseconds(100);
  ConnectionMode connection = ConnectionMode::PerRequest;
  int max_connections = 1;          // KeepAlive and Multiplexed pool size
  int requests_per_connection = 0;  // KeepAlive: close after this many (0: never)
  // The request mix (empty: a single GET /).
  std::vector<RequestTemplate> mix;
  std::uint32_t request_bytes = 500;
  std::uint32_t response_bytes = 2000;
  sim::Duration timeout = std::chrono::seconds(10);         // whole request
  sim::Duration connect_timeout = std::chrono::seconds(3);  // SYN unanswered
  sim::Time start{};
  sim::Time stop = sim::kTimeMax;
};

}  // namespace kns::models
