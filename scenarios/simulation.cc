// Scenario fields (with the schema's defaults) to the models' configuration and actions.
#include "scenarios/simulation.h"

#include <algorithm>
#include <cstdlib>
#include <tuple>

#include "scenarios/manifests/apply_ingresses.h"
#include "scenarios/manifests/manifest_loader.h"
#include "scenarios/scenario_ingress.h"

namespace kns::scenarios {
namespace {

namespace pb = google::protobuf;

sim::Duration durationOr(const pb::Message& message, const char* field_name) {
  return sim::parseDuration(valueOr(message, field_name));  // validated by the loader
}

models::DurationDistribution distribution(const proto::ServiceTime& t) {
  std::string kind = valueOr(t, "distribution");
  sim::Duration mean = durationOr(t, "mean");
  if (kind == "constant") return models::DurationDistribution::constant(mean);
  if (kind == "uniform") {
    return models::DurationDistribution::uniform(sim::parseDuration(t.min()),
                                                 sim::parseDuration(t.max()));
  }
  if (kind == "lognormal")
    return models::DurationDistribution::lognormal(mean, doubleOr(t, "sigma"));
  if (kind == "erlang")
    return models::DurationDistribution::erlang(static_cast<int>(intOr(t, "k")), mean);
  return models::DurationDistribution::exponential(mean);
}

models::LabelSelector selectorOf(const proto::Workload& w) {
  models::LabelSelector s;
  for (const auto& [key, value] : w.selector()) s.match_labels[key] = value;
  return s;
}

models::ProxyMode proxyMode(const std::string& mode) {
  if (mode == "ipvs") return models::ProxyMode::Ipvs;
  if (mode == "nftables") return models::ProxyMode::Nftables;
  return models::ProxyMode::Iptables;
}

models::IpvsScheduler ipvsScheduler(const std::string& name) {
  using S = models::IpvsScheduler;
  if (name == "wrr") return S::WeightedRoundRobin;
  if (name == "lc") return S::LeastConnection;
  if (name == "wlc") return S::WeightedLeastConnection;
  if (name == "sed") return S::ShortestExpectedDelay;
  if (name == "nq") return S::NeverQueue;
  if (name == "sh") return S::SourceHashing;
  if (name == "dh") return S::DestinationHashing;
  return S::RoundRobin;
}

// "scale deployment/web to 5", "failNode node-2": what a chart marks at the event's time.
std::string timelineLabel(const proto::TimelineEvent& e) {
  if (!e.scale().empty()) return "scale " + e.scale() + " to " + std::to_string(e.replicas());
  if (!e.rollout().empty()) return "rollout " + e.rollout();
  if (!e.fail_node().empty()) return "failNode " + e.fail_node();
  if (!e.recover_node().empty()) return "recoverNode " + e.recover_node();
  if (!e.drain_node().empty()) return "drainNode " + e.drain_node();
  if (!e.delete_pod().empty()) return "deletePod " + e.delete_pod();
  if (!e.traffic().empty()) return "traffic " + e.traffic() + " at " + e.rate();
  if (!e.slow_node().empty()) return "slowNode " + e.slow_node() + " to " + e.latency();
  if (!e.set().empty()) return "set " + e.set();
  if (e.has_apply()) return "apply " + (e.apply().file().empty() ? "manifest" : e.apply().file());
  return "event";
}

}  // namespace

Simulation::Simulation(const LoadedScenario& scenario, models::Telemetry* telemetry,
                       Diagnostics& diagnostics, std::uint64_t replication) {
  // The loader's checks are meant to leave nothing a model would refuse; whatever still throws
  // becomes an error of the scenario rather than the end of the program.
  try {
    build(scenario, telemetry, diagnostics, replication);
  } catch (const std::exception& e) {
    diagnostics.error({scenario.file, 0, 0}, "spec",
                      std::string("the cluster could not be built: ") + e.what());
  }
}

void Simulation::build(const LoadedScenario& scenario, models::Telemetry* telemetry,
                       Diagnostics& diagnostics, std::uint64_t replication) {
  const proto::ScenarioSpec& spec = scenario.scenario.spec();
  sim_ = std::make_unique<sim::Simulator>(
      sim::SimulatorConfig{.seed = uint64Or(spec, "seed"), .replication = replication});
  end_ = sim::Time{durationOr(spec, "duration")};

  const proto::Cluster& cluster = spec.cluster();
  models::ClusterConfig config;
  if (cluster.nodes().zones_size() > 0) {
    config.zones.assign(cluster.nodes().zones().begin(), cluster.nodes().zones().end());
  }
  config.network.same_node = durationOr(cluster.network(), "same_node");
  config.network.same_zone = durationOr(cluster.network(), "same_zone");
  config.network.cross_zone = durationOr(cluster.network(), "cross_zone");
  config.network.internet = durationOr(cluster.network(), "internet");
  config.cluster_cidr = *models::Cidr::parse(valueOr(cluster.nodes(), "pod_cidr"));
  const proto::ControlPlane& cp = cluster.control_plane();
  config.control_plane.endpoint_propagation = durationOr(cp, "endpoint_propagation");
  config.control_plane.endpoint_batch_period = durationOr(cp, "endpoint_batch_period");
  config.control_plane.node_monitor_grace = durationOr(cp, "node_monitor_grace");
  config.control_plane.not_ready_toleration = durationOr(cp, "not_ready_toleration");
  world_ = std::make_unique<models::World>(*sim_, config, telemetry);
  models::NodePoolSpec pool;
  pool.count = static_cast<int>(intOr(cluster.nodes(), "count"));
  pool.node.max_pods = static_cast<int>(intOr(cluster.nodes(), "max_pods"));
  pool.node.cpu_millicores = *parseCpuMillicores(valueOr(cluster.nodes(), "cpu"));
  try {
    world_->addNodePool(pool);
  } catch (const std::invalid_argument& e) {
    diagnostics.error({scenario.file, 0, 0}, "spec.cluster.nodes", e.what());
  }

  models::DataPlaneConfig data;
  data.kube_proxy.mode = proxyMode(valueOr(cluster.kube_proxy(), "mode"));
  data.kube_proxy.ipvs_scheduler = ipvsScheduler(valueOr(cluster.kube_proxy(), "ipvs_scheduler"));
  data.kube_proxy.min_sync_period = durationOr(cluster.kube_proxy(), "min_sync_period");
  for (const proto::Workload& w : spec.workloads()) {
    models::ServingSpec serving;
    serving.service_time = distribution(w.service_time());
    serving.workers = static_cast<int>(intOr(w, "concurrency"));
    serving.queue_limit = static_cast<int>(intOr(w, "queue_limit"));
    data.serving.emplace_back(selectorOf(w), serving);
  }
  data_ = std::make_unique<models::DataPlane>(*world_, data);

  // Start-up and preStop of the first `workloads` entry whose selector matches the pod.
  customize_ = [&spec](models::PodTemplate& pod) {
    for (const proto::Workload& w : spec.workloads()) {
      if (!selectorOf(w).matches(pod.labels)) continue;
      pod.startup = models::DurationDistribution::constant(durationOr(w, "startup_delay"));
      pod.pre_stop = durationOr(w, "pre_stop");
      return;
    }
  };
  applied_ = applyManifests(*world_, scenario.manifests, diagnostics, customize_);
  std::vector<std::string> classes;
  for (const proto::IngressController& c : cluster.ingress_controllers()) {
    models::IngressControllerConfig config = ingressControllerConfig(c);
    classes.push_back(config.ingress_class);
    std::vector<models::IngressSpec> ingresses =
        ingressesForClass(*world_, scenario.manifests, config.ingress_class, diagnostics);
    try {
      data_->addIngressController(std::move(config), std::move(ingresses));
    } catch (const std::invalid_argument& e) {
      diagnostics.error({scenario.file, 0, 0}, "spec.cluster.ingressControllers", e.what());
    }
  }
  warnUnservedIngresses(scenario.manifests, classes, diagnostics);
  addTraffic(scenario, diagnostics);
  scheduleTimeline(scenario, diagnostics);
}

Simulation::~Simulation() {
  data_.reset();  // actors before the simulator they schedule on
  world_.reset();
}

void Simulation::run() { sim_->runUntil(end_); }

void Simulation::runUntil(sim::Time t) { sim_->runUntil(std::min(t, end_)); }

void Simulation::addTraffic(const LoadedScenario& scenario, Diagnostics& diagnostics) {
  const proto::ScenarioSpec& spec = scenario.scenario.spec();
  for (int i = 0; i < spec.traffic_size(); ++i) {
    const proto::Traffic& t = spec.traffic(i);
    models::TrafficSpec traffic;
    traffic.name = t.name();
    std::string from = valueOr(t, "from");
    traffic.from_internet = from == "internet";
    if (from.rfind("pods/", 0) == 0) {
      traffic.client_pods = parseLabelSelector(from.substr(5), nullptr);
    } else if (!traffic.from_internet) {
      traffic.from_node = from.substr(std::string("node/").size());
    }
    const std::string& to = t.to();
    std::string scheme = to.substr(0, to.find('/'));
    std::string target = to.substr(to.find('/') + 1);
    auto serviceId = [&](const std::string& name_ns) {
      std::size_t dot = name_ns.find('.');
      std::string name = name_ns.substr(0, dot);
      std::string ns = dot == std::string::npos ? "default" : name_ns.substr(dot + 1);
      return world_->findService(name, ns);
    };
    if (scheme == "service") {
      traffic.service = serviceId(target);
    } else if (scheme == "loadbalancer") {
      traffic.service = serviceId(target);
      traffic.entry = models::EntryPoint::LoadBalancer;
    } else if (scheme == "nodeport") {
      traffic.entry = models::EntryPoint::NodePort;
      traffic.entry_node = target.substr(0, target.find('/'));
      traffic.service = serviceId(target.substr(target.find('/') + 1));
    } else if (std::optional<TargetUrl> url = parseTargetUrl(to)) {
      // Through the ingress controller whose Ingresses name the host (else the first one).
      const auto& controllers = data_->ingressControllers();
      const models::IngressController* controller = controllers.front().get();
      for (const auto& candidate : controllers) {
        bool serves = false;
        for (const models::IngressSpec* ing : candidate->ingresses()) {
          for (const models::IngressRule& rule : ing->rules) {
            serves |= models::IngressRouter::hostMatches(
                rule.host, models::IngressRouter::normalizeHost(url->host));
          }
        }
        if (serves) {
          controller = candidate.get();
          break;
        }
      }
      traffic.service = controller->service();
      if (controller->cloud()) {
        for (std::size_t k = 0; k < controllers.size(); ++k) {
          if (controllers[k].get() == controller)
            traffic.ingress_controller = static_cast<std::uint8_t>(k);
        }
      }
      traffic.https = url->https;
      traffic.port = url->https ? 443 : 80;
      traffic.tls_version = valueOr(t, "tls") == "1.2" ? 12 : 13;
      if (traffic.from_internet && !controller->cloud()) {
        bool node_port = controller->config().service_type == models::ServiceType::NodePort;
        traffic.entry = node_port ? models::EntryPoint::NodePort : models::EntryPoint::LoadBalancer;
        if (node_port) traffic.entry_node = world_->nodes().front().spec.name;
      }
    } else {  // dns/<name>
      traffic.host = target;
    }
    std::string error;
    traffic.rate_per_second = *parseRatePerSecond(valueOr(t.arrivals(), "rate"), &error);
    traffic.arrivals = valueOr(t.arrivals(), "process") == "constant"
                           ? models::ArrivalProcess::Constant
                           : models::ArrivalProcess::Poisson;
    std::string mode = valueOr(t.connections(), "mode");
    traffic.connection = mode == "keep-alive"    ? models::ConnectionMode::KeepAlive
                         : mode == "multiplexed" ? models::ConnectionMode::Multiplexed
                                                 : models::ConnectionMode::PerRequest;
    traffic.max_connections = static_cast<int>(intOr(t.connections(), "max"));
    traffic.requests_per_connection = t.connections().has_requests_per_connection()
                                          ? t.connections().requests_per_connection()
                                          : 0;
    traffic.timeout = durationOr(t, "timeout");
    traffic.retries = static_cast<int>(intOr(t, "retries"));
    traffic.start = sim::Time{durationOr(t, "start")};
    traffic.users = static_cast<int>(intOr(t, "users"));
    if (t.has_think_time()) traffic.think_time = distribution(t.think_time());
    if (!t.on_period().empty()) traffic.on_period = sim::parseDuration(t.on_period());
    if (!t.off_period().empty()) traffic.off_period = sim::parseDuration(t.off_period());
    traffic.clients = static_cast<int>(intOr(t, "clients"));
    for (const proto::RateStep& step : t.schedule()) {
      traffic.rate_schedule.emplace_back(sim::Time{sim::parseDuration(step.at())},
                                         *parseRatePerSecond(step.rate(), nullptr));
    }
    std::optional<TargetUrl> url = parseTargetUrl(to);
    for (const proto::RequestKind& kind : t.mix()) {
      models::RequestTemplate request;
      request.method = valueOr(kind, "method");
      request.host = kind.host().empty() && url ? url->host : kind.host();
      request.path = valueOr(kind, "path");
      request.headers.assign(kind.headers().begin(), kind.headers().end());
      request.cookies.assign(kind.cookies().begin(), kind.cookies().end());
      std::sort(request.headers.begin(), request.headers.end());  // map order is unspecified
      std::sort(request.cookies.begin(), request.cookies.end());
      request.weight = doubleOr(kind, "weight");
      traffic.mix.push_back(std::move(request));
    }
    if (url && traffic.mix.empty()) {  // the URL is the request
      models::RequestTemplate request;
      request.host = url->host;
      request.path = url->path;
      traffic.mix.push_back(request);
    }
    traffic.stop = end_;
    try {
      data_->addTraffic(traffic);
    } catch (const std::invalid_argument& e) {
      std::string path = "spec.traffic[" + std::to_string(i) + "]";
      auto where = scenario.locations.find(path);
      diagnostics.error(
          where != scenario.locations.end() ? where->second : SourceLocation{scenario.file, 0, 0},
          path, e.what());
    }
  }
}

void Simulation::scheduleTimeline(const LoadedScenario& scenario, Diagnostics& diagnostics) {
  const proto::ScenarioSpec& spec = scenario.scenario.spec();
  auto workloadOf = [this](const std::string& ref) {
    return world_->findWorkload(ref.substr(ref.find('/') + 1));
  };
  for (int i = 0; i < spec.timeline_size(); ++i) {
    const proto::TimelineEvent& e = spec.timeline(i);
    sim::Time at{sim::parseDuration(e.at())};
    std::string path = "spec.timeline[" + std::to_string(i) + "]";
    auto where = scenario.locations.find(path);
    SourceLocation location =
        where != scenario.locations.end() ? where->second : SourceLocation{scenario.file, 0, 0};
    auto nodeOf = [&](const std::string& name) {
      models::NodeId node = world_->findNode(name);
      if (!node.valid()) diagnostics.error(location, path, "no node '" + name + "' in the cluster");
      return node;
    };
    // Each action is an event of the simulation at its time; the models own what follows.
    std::function<void()> action;
    if (!e.scale().empty()) {
      models::WorkloadId w = workloadOf(e.scale());
      int replicas = e.replicas();
      action = [this, w, replicas] { world_->scale(w, replicas); };
    } else if (!e.rollout().empty()) {
      models::WorkloadId w = workloadOf(e.rollout());
      action = [this, w] {
        models::PodTemplate next = world_->workload(w).spec.pod;
        // A new template: revision 1, 2, 3, ... (its ReplicaSet is <name>-<revision>).
        next.revision = std::to_string(std::atoi(next.revision.c_str()) + 1);
        world_->rollout(w, next);
      };
    } else if (!e.fail_node().empty()) {
      models::NodeId node = nodeOf(e.fail_node());
      action = [this, node] { world_->failNode(node); };
    } else if (!e.recover_node().empty()) {
      models::NodeId node = nodeOf(e.recover_node());
      action = [this, node] { world_->recoverNode(node); };
    } else if (!e.drain_node().empty()) {
      models::NodeId node = nodeOf(e.drain_node());
      action = [this, node] { world_->drain(node); };
    } else if (!e.traffic().empty()) {
      std::uint32_t source = 0;
      for (int k = 0; k < spec.traffic_size(); ++k) {
        if (spec.traffic(k).name() == e.traffic()) source = static_cast<std::uint32_t>(k);
      }
      double rate = *parseRatePerSecond(e.rate(), nullptr);
      action = [this, source, rate] { data_->setRate(source, rate); };
    } else if (!e.slow_node().empty()) {
      models::NodeId node = nodeOf(e.slow_node());
      sim::Duration latency = sim::parseDuration(e.latency());
      action = [this, node, latency] {
        models::ZonedNetwork& network = world_->network();
        network.topology().setLinkLatency(network.uplink(world_->node(node).vertex), latency);
      };
    } else if (e.has_apply()) {
      // kubectl apply: Services change in place, Deployments scale and roll to a new template.
      const Manifests& applied = scenario.timeline_manifests.at(i);
      std::vector<std::pair<models::ServiceId, models::ServiceSpec>> services;
      for (const ServiceManifest& svc : applied.services) {
        services.emplace_back(world_->findService(svc.name, svc.ns),
                              serviceSpecOf(svc, applied, diagnostics));
      }
      std::vector<std::tuple<models::WorkloadId, int, models::PodTemplate>> deployments;
      for (const WorkloadManifest& w : applied.workloads) {
        models::PodTemplate pod = podTemplateOf(w);
        customize_(pod);
        deployments.emplace_back(world_->findWorkload(w.name, w.ns), w.replicas, pod);
      }
      // Ingresses go to the controller of their class (the scenario's IngressClasses decide a
      // class-less one's), which takes them at its next sync.
      Manifests with_classes = applied;
      with_classes.ingress_classes = scenario.manifests.ingress_classes;
      std::vector<std::pair<models::IngressController*, models::IngressSpec>> ingresses;
      for (const auto& controller : data_->ingressControllers()) {
        for (models::IngressSpec& spec : ingressesForClass(
                 *world_, with_classes, controller->config().ingress_class, diagnostics)) {
          ingresses.emplace_back(controller.get(), std::move(spec));
        }
      }
      auto ingress_changes = std::make_shared<decltype(ingresses)>(std::move(ingresses));
      auto changes = std::make_shared<std::pair<decltype(services), decltype(deployments)>>(
          std::move(services), std::move(deployments));
      action = [this, changes, ingress_changes] {
        for (auto& [controller, spec] : *ingress_changes) controller->applyIngress(spec);
        for (const auto& [id, spec] : changes->first) world_->updateService(id, spec);
        for (const auto& [id, replicas, pod] : changes->second) {
          const models::Workload& w = world_->workload(id);
          if (w.spec.replicas != replicas) world_->scale(id, replicas);
          models::PodTemplate next = pod;
          next.revision = w.spec.pod.revision;
          bool changed = next.labels != w.spec.pod.labels ||
                         next.cpu_millicores != w.spec.pod.cpu_millicores ||
                         next.termination_grace != w.spec.pod.termination_grace;
          if (changed) {
            next.revision = std::to_string(std::atoi(w.spec.pod.revision.c_str()) + 1);
            world_->rollout(id, next);
          }
        }
      };
    } else if (!e.set().empty()) {
      // A parameter that changes while the cluster runs (validated by the loader).
      std::string key = e.set().substr(0, e.set().find('='));
      sim::Duration value = sim::parseDuration(e.set().substr(e.set().find('=') + 1));
      action = [this, key, value] {
        if (key == "spec.cluster.kubeProxy.minSyncPeriod") {
          data_->setMinSyncPeriod(value);
          return;
        }
        models::NetworkConfig network = world_->network().config();
        if (key == "spec.cluster.network.sameNode") network.same_node = value;
        if (key == "spec.cluster.network.sameZone") network.same_zone = value;
        if (key == "spec.cluster.network.crossZone") network.cross_zone = value;
        if (key == "spec.cluster.network.internet") network.internet = value;
        world_->network().setLatencies(network);
      };
    } else if (!e.delete_pod().empty()) {
      std::string name = e.delete_pod();
      action = [this, name] {
        for (models::PodId pod : world_->livePods()) {
          if (world_->pod(pod).name == name) world_->deletePod(pod);
        }
      };
    }
    if (diagnostics.hasErrors() || !action) continue;
    marks_.emplace_back(at, timelineLabel(e));
    auto shared = std::make_shared<std::function<void()>>(std::move(action));
    sim_->scheduleAt(
        at, [shared] { (*shared)(); }, sim::eventTag("timeline"));
  }
}

}  // namespace kns::scenarios
