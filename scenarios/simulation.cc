// A loaded scenario's typed values (LoadedScenario::typed) to the models' configuration and
// actions: building the cluster, resolving names against it, scheduling the timeline.
#include "scenarios/simulation.h"

#include <algorithm>
#include <cstdlib>
#include <tuple>

#include "scenarios/manifests/apply_ingresses.h"
#include "scenarios/manifests/manifest_loader.h"

namespace kns::scenarios {

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
  const TypedScenario& typed = scenario.typed;
  sim_ = std::make_unique<sim::Simulator>(
      sim::SimulatorConfig{.seed = typed.seed, .replication = replication});
  end_ = sim::Time{typed.duration};
  world_ = std::make_unique<models::World>(*sim_, typed.cluster, telemetry);
  try {
    world_->addNodePool(typed.nodes);
  } catch (const std::invalid_argument& e) {
    diagnostics.error({scenario.file, 0, 0}, "spec.cluster.nodes", e.what());
  }

  models::DataPlaneConfig data;
  data.kube_proxy = typed.kube_proxy;
  for (const TypedWorkload& w : typed.workloads) data.serving.emplace_back(w.selector, w.serving);
  data_ = std::make_unique<models::DataPlane>(*world_, data);

  // Start-up and preStop of the first `workloads` entry whose selector matches the pod.
  customize_ = [workloads = typed.workloads](models::PodTemplate& pod) {
    for (const TypedWorkload& w : workloads) {
      if (!w.selector.matches(pod.labels)) continue;
      pod.startup = models::DurationDistribution::constant(w.startup_delay);
      pod.pre_stop = w.pre_stop;
      return;
    }
  };
  applied_ = applyManifests(*world_, scenario.manifests, diagnostics, customize_);
  std::vector<std::string> classes;
  for (models::IngressControllerConfig config : typed.ingress_controllers) {
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
  for (const TypedTraffic& source : scenario.typed.traffic) {
    models::TrafficSpec traffic = source.spec;
    const TrafficTarget& target = source.target;
    try {
      if (target.kind == TrafficTarget::Kind::Url) {
        throughIngressController(target.url, traffic);
      } else if (target.kind != TrafficTarget::Kind::Dns) {  // DNS: resolved per connection
        traffic.service = world_->findService(target.service, target.ns);
      }
      data_->addTraffic(traffic);
    } catch (const std::invalid_argument& e) {
      diagnostics.error(source.where, source.path, e.what());
    }
  }
}

// Through the ingress controller whose Ingresses name the URL's host (else the first one), by
// its Service's entry, or straight to a cloud load balancer.
void Simulation::throughIngressController(const TargetUrl& url, models::TrafficSpec& traffic) {
  const auto& controllers = data_->ingressControllers();
  if (controllers.empty()) throw std::invalid_argument("no ingress controller serves " + url.host);
  std::size_t chosen = 0;
  for (std::size_t k = 0; k < controllers.size(); ++k) {
    bool serves = false;
    for (const models::IngressSpec* ing : controllers[k]->ingresses()) {
      for (const models::IngressRule& rule : ing->rules) {
        serves |= models::IngressRouter::hostMatches(
            rule.host, models::IngressRouter::normalizeHost(url.host));
      }
    }
    if (serves) {
      chosen = k;
      break;
    }
  }
  const models::IngressController& controller = *controllers[chosen];
  traffic.service = controller.service();
  if (controller.cloud()) traffic.ingress_controller = static_cast<std::uint8_t>(chosen);
  if (traffic.from_internet && !controller.cloud()) {
    bool node_port = controller.config().service_type == models::ServiceType::NodePort;
    traffic.entry = node_port ? models::EntryPoint::NodePort : models::EntryPoint::LoadBalancer;
    if (node_port) traffic.entry_node = world_->nodes().front().spec.name;
  }
}

void Simulation::scheduleTimeline(const LoadedScenario& scenario, Diagnostics& diagnostics) {
  for (const TypedTimelineEvent& event : scenario.typed.timeline) {
    // Each action is an event of the simulation at its time; the models own what follows.
    std::function<void()> action = event.action == TypedTimelineEvent::Action::Apply
                                       ? applyAction(scenario, event, diagnostics)
                                       : actionOf(event, diagnostics);
    if (diagnostics.hasErrors() || !action) continue;
    marks_.emplace_back(event.at, event.label);
    auto shared = std::make_shared<std::function<void()>>(std::move(action));
    sim_->scheduleAt(
        event.at, [shared] { (*shared)(); }, sim::eventTag("timeline"));
  }
}

std::function<void()> Simulation::actionOf(const TypedTimelineEvent& event,
                                           Diagnostics& diagnostics) {
  using Action = TypedTimelineEvent::Action;
  auto nodeOf = [&](const std::string& name) {
    models::NodeId node = world_->findNode(name);
    if (!node.valid()) {
      diagnostics.error(event.where, event.path, "no node '" + name + "' in the cluster");
    }
    return node;
  };
  switch (event.action) {
    case Action::Scale:
      return [this, w = world_->findWorkload(event.target), replicas = event.replicas] {
        world_->scale(w, replicas);
      };
    case Action::Rollout:
      return [this, w = world_->findWorkload(event.target)] {
        models::PodTemplate next = world_->workload(w).spec.pod;
        // A new template: revision 1, 2, 3, ... (its ReplicaSet is <name>-<revision>).
        next.revision = std::to_string(std::atoi(next.revision.c_str()) + 1);
        world_->rollout(w, next);
      };
    case Action::FailNode:
      return [this, node = nodeOf(event.target)] { world_->failNode(node); };
    case Action::RecoverNode:
      return [this, node = nodeOf(event.target)] { world_->recoverNode(node); };
    case Action::DrainNode:
      return [this, node = nodeOf(event.target)] { world_->drain(node); };
    case Action::SetRate:
      return [this, source = event.source, rate = event.rate] { data_->setRate(source, rate); };
    case Action::SlowNode:
      return [this, node = nodeOf(event.target), latency = event.value] {
        models::ZonedNetwork& network = world_->network();
        network.topology().setLinkLatency(network.uplink(world_->node(node).vertex), latency);
      };
    case Action::Set:
      return
          [this, setting = event.setting, value = event.value] { changeSetting(setting, value); };
    case Action::DeletePod:
      return [this, name = event.target] {
        for (models::PodId pod : world_->livePods()) {
          if (world_->pod(pod).name == name) world_->deletePod(pod);
        }
      };
    case Action::FailReadiness:
    case Action::PassReadiness:
      // The app starts or stops failing its readiness probe; the kubelet notices at its next
      // probes (failureThreshold or successThreshold of them in a row).
      return [this, name = event.target, healthy = event.action == Action::PassReadiness] {
        for (models::PodId pod : world_->livePods()) {
          if (world_->pod(pod).name == name) world_->setPodHealthy(pod, healthy);
        }
      };
    case Action::Apply:
      break;
  }
  return {};
}

void Simulation::changeSetting(RuntimeSetting setting, sim::Duration value) {
  if (setting == RuntimeSetting::MinSyncPeriod) {
    data_->setMinSyncPeriod(value);
    return;
  }
  models::NetworkConfig network = world_->network().config();
  switch (setting) {
    case RuntimeSetting::SameNodeLatency:
      network.same_node = value;
      break;
    case RuntimeSetting::SameZoneLatency:
      network.same_zone = value;
      break;
    case RuntimeSetting::CrossZoneLatency:
      network.cross_zone = value;
      break;
    case RuntimeSetting::InternetLatency:
      network.internet = value;
      break;
    case RuntimeSetting::MinSyncPeriod:
      break;
  }
  world_->network().setLatencies(network);
}

// kubectl apply: Services change in place, Deployments scale and roll to a new template.
std::function<void()> Simulation::applyAction(const LoadedScenario& scenario,
                                              const TypedTimelineEvent& event,
                                              Diagnostics& diagnostics) {
  const Manifests& applied = scenario.timeline_manifests.at(event.apply);
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
  return [this, changes, ingress_changes] {
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
}

}  // namespace kns::scenarios
