#include "models/ingress/ingress_controller.h"

#include <algorithm>
#include <charconv>

#include "models/world.h"

namespace kns::models {
namespace {

constexpr sim::EventTag kSyncTag = sim::eventTag("ingress.sync");
constexpr sim::EventTag kApplyTag = sim::eventTag("ingress.backends");

// "5", "5s", "500ms" -> a duration; ingress-nginx's timeouts are whole seconds.
std::optional<sim::Duration> seconds(const std::string& text) {
  if (text.empty()) return std::nullopt;
  try {
    return sim::parseDuration(text);
  } catch (const std::invalid_argument&) {
  }
  int value = 0;
  auto [next, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || next != text.data() + text.size() || value < 0) return std::nullopt;
  return std::chrono::seconds(value);
}

bool samePath(const IngressRule& a_rule, const IngressPath& a, const IngressRule& b_rule,
              const IngressPath& b) {
  return IngressRouter::normalizeHost(a_rule.host) == IngressRouter::normalizeHost(b_rule.host) &&
         a.path == b.path;
}

}  // namespace

IngressController::IngressController(World& world, IngressControllerConfig config,
                                     std::vector<IngressSpec> ingresses)
    : world_(world), config_(std::move(config)) {
  route_names_ = {config_.name + " no rule (404)", config_.name + " ssl-redirect (308)"};
  route_ingresses_ = {"", ""};
  for (IngressSpec& ingress : ingresses) {
    specs_.push_back(std::make_unique<IngressSpec>(std::move(ingress)));
    current_.push_back(specs_.back().get());
  }
  buildRoutes();
  if (cloud()) return;  // a cloud load balancer has nothing in the cluster
  // The controller itself: a Deployment of nginx pods behind a LoadBalancer (or NodePort)
  // Service, as the ingress-nginx manifests install it.
  pod_labels_ = {{"app.kubernetes.io/name", "ingress-nginx"},
                 {"app.kubernetes.io/instance", config_.name},
                 {"app.kubernetes.io/component", "controller"}};
  WorkloadSpec deployment;
  deployment.name = config_.name + "-controller";
  deployment.ns = config_.ns;
  deployment.replicas = config_.replicas;
  pod_selector_ = LabelSelector{pod_labels_, {}};
  deployment.selector.match_labels = pod_labels_;
  deployment.pod.labels = pod_labels_;
  deployment.pod.cpu_millicores = 100;
  deployment.pod.startup = DurationDistribution::constant(std::chrono::seconds(2));
  workload_ = world_.createWorkload(deployment);
  ServiceSpec service;
  service.name = config_.name + "-controller";
  service.ns = config_.ns;
  service.type = config_.service_type;
  service.selector = pod_labels_;
  service.external_traffic_policy = config_.external_traffic_policy;
  service.ports = {ServicePort{"http", "TCP", 80, 80, 0}, ServicePort{"https", "TCP", 443, 443, 0}};
  service_ = world_.createService(service);
}

const UpstreamSettings* IngressController::keep(UpstreamSettings settings) {
  kept_settings_.push_back(std::make_unique<UpstreamSettings>(std::move(settings)));
  return kept_settings_.back().get();
}

void IngressController::buildRoutes() {
  primaries_.clear();
  canaries_.clear();
  settings_.clear();
  route_index_.clear();
  for (const IngressSpec* ingress : current_) settings_[ingress] = keep(settingsFor(*ingress));
  // Canary Ingresses attach to the primary path with the same host and path.
  for (const IngressSpec* ingress : current_) {
    std::optional<CanaryConfig> canary = CanaryConfig::fromAnnotations(*ingress);
    if (!canary) {
      primaries_.push_back(ingress);
      continue;
    }
    for (const IngressSpec* primary : current_) {
      if (primary == ingress || CanaryConfig::fromAnnotations(*primary)) continue;
      for (const IngressRule& prule : primary->rules) {
        for (const IngressPath& ppath : prule.paths) {
          for (const IngressRule& crule : ingress->rules) {
            for (const IngressPath& cpath : crule.paths) {
              if (samePath(prule, ppath, crule, cpath) && !canaries_.count(&ppath)) {
                // A canary inherits the primary's settings but not its balancing (§5.7).
                UpstreamSettings merged = *settings_.at(primary);
                const UpstreamSettings& own = *settings_.at(ingress);
                merged.balancer = own.balancer;
                merged.hash_by = own.hash_by;
                merged.subset_size = own.subset_size;
                merged.affinity_cookie = own.affinity_cookie;
                canaries_[&ppath] = CanaryRoute{ingress, *canary, &cpath, keep(std::move(merged))};
              }
            }
          }
        }
      }
    }
  }
  router_ = std::make_unique<IngressRouter>(primaries_);
  // Route names only grow: a route that outlives a reload keeps its index (and its report row).
  auto index = [this](const std::string& name, const std::string& ingress) {
    for (std::size_t i = 0; i < route_names_.size(); ++i) {
      if (route_names_[i] == name) return static_cast<std::uint16_t>(i);
    }
    route_names_.push_back(name);
    route_ingresses_.push_back(ingress);
    return static_cast<std::uint16_t>(route_names_.size() - 1);
  };
  for (const IngressSpec* ingress : primaries_) {
    std::string key = ingress->name + "." + ingress->ns;
    for (const IngressRule& rule : ingress->rules) {
      for (const IngressPath& path : rule.paths) {
        route_index_[&path] =
            index(key + " " + (rule.host.empty() ? "*" : rule.host) + path.path, key);
      }
    }
    if (ingress->default_backend) {
      route_index_[&*ingress->default_backend] = index(key + " defaultBackend", key);
    }
  }
}

void IngressController::applyIngress(IngressSpec spec) {
  auto next = std::make_shared<IngressSpec>(std::move(spec));
  // The controller sees the change at its next sync (rate-limited), and a change of rules makes
  // nginx reload: new workers, new balancers.
  auto gap = std::chrono::duration_cast<sim::Duration>(
      std::chrono::duration<double>(1.0 / std::max(config_.sync_rate_limit, 1e-6)));
  sim::Time at = world_.now();
  if (last_sync_ != sim::Time::min()) at = std::max(at, last_sync_ + gap);
  world_.simulator().scheduleAt(
      at,
      [this, next] {
        last_sync_ = world_.now();
        specs_.push_back(std::make_unique<IngressSpec>(*next));
        const IngressSpec* updated = specs_.back().get();
        bool replaced = false;
        for (const IngressSpec*& ingress : current_) {
          if (ingress->name == updated->name && ingress->ns == updated->ns) {
            ingress = updated;
            replaced = true;
          }
        }
        if (!replaced) current_.push_back(updated);
        buildRoutes();
        // Old workers finish their requests with their own balancers (worker-shutdown-timeout);
        // new requests get new ones.
        for (auto& [pod, state] : pods_) {
          for (auto& [key, slot] : state.balancers)
            state.retired.push_back(std::move(slot.balancer));
          state.balancers.clear();
        }
      },
      kSyncTag);
}

bool IngressController::isControllerPod(const Labels& labels) const {
  return !cloud() && pod_selector_.matches(labels);
}

UpstreamSettings IngressController::settingsFor(const IngressSpec& ingress) const {
  auto get = [&](const std::string& key) {
    std::string value = ingress.annotation(std::string(kNginxAnnotation) + key);
    if (!value.empty()) return value;
    auto it = config_.configmap.find(key);
    return it == config_.configmap.end() ? std::string() : it->second;
  };
  UpstreamSettings s;
  std::string lb = get("load-balance");
  if (lb == "ewma") s.balancer = BalancerKind::Ewma;
  if (lb == "least_request") s.balancer = BalancerKind::LeastRequest;  // kubenetsim's addition
  s.hash_by = get("upstream-hash-by");
  if (!s.hash_by.empty()) {
    s.balancer = get("upstream-hash-by-subset") == "true" ? BalancerKind::ConsistentSubset
                                                          : BalancerKind::ConsistentHash;
  }
  std::string subset_size = get("upstream-hash-by-subset-size");
  if (!subset_size.empty()) s.subset_size = std::max(1, std::atoi(subset_size.c_str()));
  if (get("affinity") == "cookie") {
    s.balancer = get("affinity-mode") == "persistent" ? BalancerKind::StickyPersistent
                                                      : BalancerKind::StickyBalanced;
  }
  std::string cookie = get("session-cookie-name");
  if (!cookie.empty()) s.affinity_cookie = cookie;
  s.change_on_failure = get("session-cookie-change-on-failure") == "true";
  std::string next_upstream = get("proxy-next-upstream");
  if (!next_upstream.empty()) {
    s.retry_on_error = next_upstream.find("error") != std::string::npos;
    s.retry_on_timeout = next_upstream.find("timeout") != std::string::npos;
    if (next_upstream == "off") s.retry_on_error = s.retry_on_timeout = false;
  }
  std::string tries = get("proxy-next-upstream-tries");
  if (!tries.empty()) s.tries = std::max(1, std::atoi(tries.c_str()));
  s.retry_non_idempotent = get("retry-non-idempotent") == "true";
  if (auto t = seconds(get("proxy-connect-timeout"))) s.connect_timeout = *t;
  if (auto t = seconds(get("proxy-read-timeout"))) s.read_timeout = *t;
  return s;
}

IngressDecision IngressController::decide(const std::string& host, const std::string& path,
                                          bool https, const HeaderList& headers,
                                          const HeaderList& cookies, sim::RandomStream& rng) const {
  IngressDecision d;
  d.route = router_->route(host, path, https);
  d.route_index = 0;  // 404
  if (d.route.kind == Route::Kind::Redirect) {
    d.route_index = 1;  // 308
    return d;
  }
  if (d.route.kind != Route::Kind::Backend) return d;
  d.backend = d.route.backend;
  d.ingress = d.route.ingress;
  d.settings = settings_.at(d.ingress);
  const void* key = d.route.path != nullptr ? static_cast<const void*>(d.route.path)
                                            : static_cast<const void*>(d.route.backend);
  auto index = route_index_.find(key);
  if (index != route_index_.end()) d.route_index = index->second;
  if (d.route.path != nullptr) {
    auto canary = canaries_.find(d.route.path);
    if (canary != canaries_.end()) {
      d.canary = decideCanary(canary->second.config, headers, cookies, rng);
      if (d.canary.canary) {
        d.backend = &canary->second.path->backend;
        d.settings = canary->second.settings;
      }
    }
  }
  return d;
}

std::vector<Peer> IngressController::readyPeers(const EndpointsSnapshot& snapshot) const {
  std::vector<Peer> peers;
  if (!snapshot) return peers;
  for (const EndpointSlice& slice : snapshot->slices) {
    for (const Endpoint& e : slice.endpoints) {
      // ingress-nginx skips endpoints whose ready condition is false (terminating ones too).
      if (e.ready && !e.terminating) peers.push_back(Peer{e.address, 0, e.pod});
    }
  }
  std::sort(peers.begin(), peers.end(),
            [](const Peer& a, const Peer& b) { return a.address.value < b.address.value; });
  return peers;
}

void IngressController::onEndpoints(const EndpointsSnapshot& snapshot) {
  latest_[snapshot->service] = snapshot;
  if (cloud()) {
    // The endpoint group and the load balancer's health checks catch up after a delay.
    auto peers = std::make_shared<const std::vector<Peer>>(readyPeers(snapshot));
    ServiceId service = snapshot->service;
    world_.simulator().scheduleAfter(
        config_.endpoint_delay,
        [this, service, peers] {
          PodState& edge = state(PodId{});
          edge.peers[service] = *peers;
          ++edge.version;
        },
        kApplyTag);
    return;
  }
  if (sync_pending_) return;
  sync_pending_ = true;
  // --sync-rate-limit: a token bucket of one token refilled sync_rate_limit times per second.
  auto gap = std::chrono::duration_cast<sim::Duration>(
      std::chrono::duration<double>(1.0 / std::max(config_.sync_rate_limit, 1e-6)));
  sim::Time at = world_.now();
  if (last_sync_ != sim::Time::min()) at = std::max(at, last_sync_ + gap);
  world_.simulator().scheduleAt(
      at, [this] { sync(); }, kSyncTag);
}

void IngressController::sync() {
  sync_pending_ = false;
  last_sync_ = world_.now();
  for (const auto& [service, snapshot] : latest_) synced_[service] = readyPeers(snapshot);
  // Each pod's Lua picks the POSTed backends up at its next poll (BACKENDS_SYNC_INTERVAL).
  for (auto& [pod, state] : pods_) {
    if (world_.pod(pod).gone) continue;
    std::int64_t interval = config_.backends_sync_interval.count();
    std::int64_t since = (world_.now().time_since_epoch() - state.poll_phase).count();
    std::int64_t wait =
        interval <= 0 ? 0 : (interval - ((since % interval) + interval) % interval) % interval;
    auto view = std::make_shared<const std::map<ServiceId, std::vector<Peer>>>(synced_);
    PodId target = pod;  // a structured binding cannot be captured before C++20 in clang 14
    world_.simulator().scheduleAfter(
        sim::Duration{wait}, [this, target, view] { apply(target, *view); }, kApplyTag);
  }
}

void IngressController::apply(PodId pod, std::map<ServiceId, std::vector<Peer>> view) {
  auto it = pods_.find(pod);
  if (it == pods_.end()) return;
  it->second.peers = std::move(view);
  ++it->second.version;
  // Upstream keep-alive connections to peers that left are closed.
  std::set<std::uint32_t> alive;
  for (const auto& [service, peers] : it->second.peers) {
    for (const Peer& p : peers) alive.insert(p.address.value);
  }
  std::erase_if(it->second.idle, [&](const auto& entry) {
    return !alive.count(static_cast<std::uint32_t>(entry.first >> 16));
  });
}

IngressController::PodState& IngressController::state(PodId pod) {
  auto [it, added] = pods_.try_emplace(pod);
  if (added) {
    PodState& s = it->second;
    // A cloud load balancer is one "pod" with no id: the provider's edge.
    std::string name =
        pod.valid() ? world_.pod(pod).ns + "/" + world_.pod(pod).name : "edge/" + config_.name;
    s.rng = std::make_unique<sim::RandomStream>(world_.simulator().config().seed,
                                                world_.simulator().config().replication,
                                                "ingress/" + name);
    s.poll_phase = sim::Duration{s.rng->uniformInt(0, config_.backends_sync_interval.count())};
    // A pod starting up loads the controller's current configuration.
    for (const auto& [service, snapshot] : latest_) s.peers[service] = readyPeers(snapshot);
    if (latest_.empty()) {
      for (const IngressSpec* ingress : current_) {
        auto add = [&](const IngressBackend& b) {
          if (b.service.valid()) s.peers[b.service] = readyPeers(world_.endpoints(b.service));
        };
        for (const IngressRule& rule : ingress->rules) {
          for (const IngressPath& path : rule.paths) add(path.backend);
        }
        if (ingress->default_backend) add(*ingress->default_backend);
      }
    }
  }
  return it->second;
}

bool IngressController::hasPeers(PodId pod, const IngressBackend& backend) {
  if (!backend.service.valid()) return false;
  PodState& s = state(pod);
  auto it = s.peers.find(backend.service);
  return it != s.peers.end() && !it->second.empty();
}

std::vector<Peer> IngressController::peers(PodId pod, const IngressBackend& backend) {
  std::vector<Peer> out;
  if (!backend.service.valid()) return out;
  PodState& s = state(pod);
  auto it = s.peers.find(backend.service);
  if (it == s.peers.end()) return out;
  int target = backend.port;
  for (const ServicePort& p : world_.service(backend.service).spec.ports) {
    if (p.port == backend.port) target = p.target_port;
  }
  out = it->second;
  for (Peer& peer : out) peer.port = target;
  return out;
}

Balancer& IngressController::balancer(PodId pod, int worker, const IngressBackend& backend,
                                      const UpstreamSettings& settings) {
  PodState& s = state(pod);
  // ewma statistics are shared by a pod's workers; the other policies live in each worker.
  bool shared = settings.balancer == BalancerKind::Ewma;
  auto& slot = s.balancers[BalancerKey{backend.service.value, backend.port, settings.balancer,
                                       shared ? 0 : worker}];
  if (!slot.balancer) {
    slot.balancer = makeBalancer(settings.balancer, *s.rng, BalancerOptions{settings.subset_size});
    slot.version = 0;
  }
  if (slot.version != s.version || slot.version == 0) {
    slot.balancer->sync(peers(pod, backend), world_.now());
    slot.version = std::max<std::uint64_t>(s.version, 1);
  }
  return *slot.balancer;
}

sim::RandomStream& IngressController::random(PodId pod) { return *state(pod).rng; }

bool IngressController::takeIdleConnection(PodId pod, const Peer& peer) {
  PodState& s = state(pod);
  auto it = s.idle.find(peer.key());
  if (it == s.idle.end() || it->second <= 0) return false;
  --it->second;
  return true;
}

void IngressController::returnConnection(PodId pod, const Peer& peer) {
  PodState& s = state(pod);
  int& idle = s.idle[peer.key()];  // made once per peer; stays, at 0, when the pool empties
  idle = std::min(idle + 1, 320);  // upstream-keepalive-connections
}

}  // namespace kns::models
