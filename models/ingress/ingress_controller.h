// An ingress controller as an actor (ingress-nginx, SEMANTICS §5): its Ingresses, its own view
// of each backend's endpoints (refreshed after its sync delays), and per controller pod the load
// balancers and upstream keep-alive pools. The request plumbing (hops, timing, retries) is the
// DataPlane's; this class answers "where to" and keeps the controller's state.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "models/cluster/endpoints.h"
#include "models/cluster/service.h"
#include "models/ingress/balancers/balancer.h"
#include "models/ingress/canary.h"
#include "models/ingress/ingress_router.h"
#include "models/labels.h"
#include "sim/simulator.h"

namespace kns::models {

class World;

enum class IngressControllerKind {
  Nginx,    // ingress-nginx: controller pods behind a Service, proxying to pod IPs
  CloudL7,  // a GCE-like cloud HTTP(S) load balancer: no pods in the cluster; it terminates
            // connections at the provider's edge and sends straight to pod IPs (NEGs)
};

struct IngressControllerConfig {
  IngressControllerKind kind = IngressControllerKind::Nginx;
  std::string name = "ingress-nginx";
  std::string ingress_class = "nginx";  // the IngressClass it serves
  std::string ns = "ingress-nginx";
  int replicas = 2;
  ServiceType service_type = ServiceType::LoadBalancer;
  TrafficPolicy external_traffic_policy =
      TrafficPolicy::Local;                                   // as ingress-nginx's cloud manifests
  int workers = 2;                                            // worker-processes
  sim::Duration request_cpu = std::chrono::microseconds(50);  // proxying one request
  sim::Duration tls_handshake_cpu = std::chrono::microseconds(500);  // ECDSA P-256 (§6.3)
  double sync_rate_limit = 0.3;                                      // --sync-rate-limit
  sim::Duration backends_sync_interval = std::chrono::seconds(1);    // Lua's poll of new backends
  // CloudL7: the round trip between a client and the provider's edge where TLS ends, the
  // edge's own processing, and how long a pod's readiness takes to reach the load balancer
  // (endpoint groups and health checks; tens of seconds in practice).
  sim::Duration edge_rtt = std::chrono::milliseconds(2);
  sim::Duration edge_processing = std::chrono::microseconds(200);
  sim::Duration endpoint_delay = std::chrono::seconds(10);
  // The controller's ConfigMap (load-balance, proxy-next-upstream, proxy-connect-timeout, ...),
  // by the real key names; Ingress annotations override per Ingress.
  std::map<std::string, std::string> configmap;
};

// The proxying settings that apply to one request's location (ConfigMap, then annotations).
struct UpstreamSettings {
  BalancerKind balancer = BalancerKind::RoundRobin;
  std::string hash_by;  // upstream-hash-by, e.g. "$request_uri"
  int subset_size = 3;
  bool retry_on_error = true;    // proxy-next-upstream has "error"
  bool retry_on_timeout = true;  // and "timeout"
  int tries = 3;                 // proxy-next-upstream-tries
  bool retry_non_idempotent = false;
  sim::Duration connect_timeout = std::chrono::seconds(5);
  sim::Duration read_timeout = std::chrono::seconds(60);
  std::string affinity_cookie = "INGRESSCOOKIE";  // session-cookie-name
  bool change_on_failure = false;                 // session-cookie-change-on-failure
};

// Where one request goes: the route, the backend after the canary decision, the settings.
struct IngressDecision {
  Route route;
  const IngressBackend* backend = nullptr;  // after the canary decision (null: no backend)
  const IngressSpec* ingress = nullptr;     // whose annotations apply
  CanaryDecision canary;
  // The location's settings, worked out when the Ingresses were loaded (kept for the run: a
  // request in flight across a reload keeps its own). Null when there is no backend.
  const UpstreamSettings* settings = nullptr;
  std::uint16_t route_index = 0;  // the (Ingress, path) this request matched, for reports
};

class IngressController {
 public:
  IngressController(World& world, IngressControllerConfig config,
                    std::vector<IngressSpec> ingresses);
  IngressController(const IngressController&) = delete;
  IngressController& operator=(const IngressController&) = delete;

  const IngressControllerConfig& config() const { return config_; }
  // The Ingresses it serves now.
  const std::vector<const IngressSpec*>& ingresses() const { return current_; }
  // kubectl apply of an Ingress of this class (a new one, or a change of one by name): taken at
  // the controller's next sync, with an nginx reload (balancers start afresh).
  void applyIngress(IngressSpec ingress);
  ServiceId service() const { return service_; }  // invalid for a CloudL7
  bool cloud() const { return config_.kind == IngressControllerKind::CloudL7; }
  WorkloadId workload() const { return workload_; }
  // Labels of the controller's pods.
  const Labels& podLabels() const { return pod_labels_; }
  bool isControllerPod(const Labels& labels) const;

  // Routing, canary and settings for a request (`rng`: the controller pod's stream).
  IngressDecision decide(const std::string& host, const std::string& path, bool https,
                         const HeaderList& headers, const HeaderList& cookies,
                         sim::RandomStream& rng) const;

  // The EndpointSlice watch: the controller syncs at most sync_rate_limit times per second,
  // then each pod's Lua picks the new backends up at its next poll.
  void onEndpoints(const EndpointsSnapshot& snapshot);

  // The balancer of `pod`'s `worker` for a backend, synced to that pod's view.
  Balancer& balancer(PodId pod, int worker, const IngressBackend& backend,
                     const UpstreamSettings& settings);
  // `pod`'s view of the backend's ready peers (empty: no endpoints, 503).
  std::vector<Peer> peers(PodId pod, const IngressBackend& backend);
  bool hasPeers(PodId pod, const IngressBackend& backend);
  // The controller pod's own random stream (canary weights, worker choice).
  sim::RandomStream& random(PodId pod);

  // Upstream keep-alive: takes an idle connection to `peer` from `pod`'s pool (true) or not.
  bool takeIdleConnection(PodId pod, const Peer& peer);
  void returnConnection(PodId pod, const Peer& peer);

  // Route names for reports, by route_index: 0 "<controller> no rule (404)", 1 "<controller>
  // ssl-redirect (308)", then "<ingress>.<namespace> <host><path>" (only growing).
  const std::vector<std::string>& routeNames() const { return route_names_; }
  // The Ingress of each route, "<ingress>.<namespace>" ("" for the 404 and 308 answers).
  const std::vector<std::string>& routeIngresses() const { return route_ingresses_; }

 private:
  struct BalancerSlot {
    std::unique_ptr<Balancer> balancer;
    std::uint64_t version = 0;  // the pod's view it was synced to
  };
  // A balancer per backend (Service and port), policy and worker.
  using BalancerKey = std::tuple<std::uint32_t, int, BalancerKind, int>;
  struct CanaryRoute {
    const IngressSpec* ingress = nullptr;  // the canary Ingress
    CanaryConfig config;
    const IngressPath* path = nullptr;           // its path for the primary's
    const UpstreamSettings* settings = nullptr;  // the primary's, with the canary's balancing
  };
  struct PodState {
    sim::Duration poll_phase{0};
    std::map<ServiceId, std::vector<Peer>> peers;  // this pod's applied view
    std::uint64_t version = 1;                     // bumped at every applied view
    std::map<BalancerKey, BalancerSlot> balancers;
    std::vector<std::unique_ptr<Balancer>> retired;  // from before a reload, for in-flight requests
    std::map<PeerKey, int> idle;  // keep-alive pool by peer (an entry stays, at 0, once made)
    std::unique_ptr<sim::RandomStream> rng;
  };
  PodState& state(PodId pod);
  void buildRoutes();
  void sync();
  void apply(PodId pod, std::map<ServiceId, std::vector<Peer>> view);
  std::vector<Peer> readyPeers(const EndpointsSnapshot& snapshot) const;
  UpstreamSettings settingsFor(const IngressSpec& ingress) const;
  const UpstreamSettings* keep(UpstreamSettings settings);

  World& world_;
  IngressControllerConfig config_;
  std::vector<std::unique_ptr<IngressSpec>> specs_;  // every version, kept: decisions point in
  std::vector<const IngressSpec*> current_;
  std::vector<const IngressSpec*> primaries_;
  std::map<const IngressPath*, CanaryRoute> canaries_;  // by the primary's path
  std::map<const IngressSpec*, const UpstreamSettings*> settings_;
  std::vector<std::unique_ptr<UpstreamSettings>> kept_settings_;  // every version, for the run
  std::unique_ptr<IngressRouter> router_;
  std::vector<std::string> route_names_;
  std::vector<std::string> route_ingresses_;
  std::map<const void*, std::uint16_t> route_index_;  // by IngressPath or default backend
  ServiceId service_;
  WorkloadId workload_;
  Labels pod_labels_;
  LabelSelector pod_selector_;                     // of pod_labels_, made once
  std::map<ServiceId, EndpointsSnapshot> latest_;  // what the controller's informer has
  std::map<ServiceId, std::vector<Peer>> synced_;  // what its last sync sent to nginx
  sim::Time last_sync_ = sim::Time::min();
  bool sync_pending_ = false;
  std::map<PodId, PodState> pods_;
};

}  // namespace kns::models
