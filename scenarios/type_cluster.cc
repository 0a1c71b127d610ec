// The run's settings, the cluster, the workloads and the ingress controllers as typed values.
#include "scenarios/enum_words.h"
#include "scenarios/manifests/manifest_loader.h"
#include "scenarios/scenario_typing.h"

namespace kns::scenarios {

sim::Duration durationOr(const google::protobuf::Message& message, const char* field_name) {
  return sim::parseDuration(valueOr(message, field_name));
}

models::DurationDistribution distributionOf(const proto::ServiceTime& t) {
  sim::Duration mean = durationOr(t, "mean");
  switch (kDistributions(valueOr(t, "distribution"))) {
    case DistributionKind::Constant:
      return models::DurationDistribution::constant(mean);
    case DistributionKind::Uniform:
      return models::DurationDistribution::uniform(sim::parseDuration(t.min()),
                                                   sim::parseDuration(t.max()));
    case DistributionKind::Lognormal:
      return models::DurationDistribution::lognormal(mean, doubleOr(t, "sigma"));
    case DistributionKind::Erlang:
      return models::DurationDistribution::erlang(static_cast<int>(intOr(t, "k")), mean);
    case DistributionKind::Exponential:
      break;
  }
  return models::DurationDistribution::exponential(mean);
}

SourceLocation placeOf(const LoadedScenario& scenario, const std::string& path) {
  auto where = scenario.locations.find(path);
  return where != scenario.locations.end() ? where->second : SourceLocation{scenario.file, 0, 0};
}

namespace {

template <class T>
T required(std::optional<T> value, const char* what) {
  if (!value) throw std::logic_error(std::string("the loader let through an invalid ") + what);
  return *value;
}

void typeNodesAndNetwork(const proto::Cluster& cluster, TypedScenario& typed) {
  models::ClusterConfig& config = typed.cluster;
  if (cluster.nodes().zones_size() > 0) {
    config.zones.assign(cluster.nodes().zones().begin(), cluster.nodes().zones().end());
  }
  config.network.same_node = durationOr(cluster.network(), "same_node");
  config.network.same_zone = durationOr(cluster.network(), "same_zone");
  config.network.cross_zone = durationOr(cluster.network(), "cross_zone");
  config.network.internet = durationOr(cluster.network(), "internet");
  config.cluster_cidr =
      required(models::Cidr::parse(valueOr(cluster.nodes(), "pod_cidr")), "pod CIDR");
  const proto::ControlPlane& cp = cluster.control_plane();
  config.control_plane.endpoint_propagation = durationOr(cp, "endpoint_propagation");
  config.control_plane.endpoint_batch_period = durationOr(cp, "endpoint_batch_period");
  config.control_plane.node_monitor_grace = durationOr(cp, "node_monitor_grace");
  config.control_plane.not_ready_toleration = durationOr(cp, "not_ready_toleration");

  typed.nodes.count = static_cast<int>(intOr(cluster.nodes(), "count"));
  typed.nodes.node.max_pods = static_cast<int>(intOr(cluster.nodes(), "max_pods"));
  typed.nodes.node.cpu_millicores =
      required(parseCpuMillicores(valueOr(cluster.nodes(), "cpu")), "node CPU");

  typed.kube_proxy.mode = kProxyModes(valueOr(cluster.kube_proxy(), "mode"));
  typed.kube_proxy.ipvs_scheduler =
      kIpvsSchedulers(valueOr(cluster.kube_proxy(), "ipvs_scheduler"));
  typed.kube_proxy.min_sync_period = durationOr(cluster.kube_proxy(), "min_sync_period");
}

TypedWorkload typeWorkload(const proto::Workload& w) {
  TypedWorkload typed;
  for (const auto& [key, value] : w.selector()) typed.selector.match_labels[key] = value;
  typed.serving.service_time = distributionOf(w.service_time());
  typed.serving.workers = static_cast<int>(intOr(w, "concurrency"));
  typed.serving.queue_limit = static_cast<int>(intOr(w, "queue_limit"));
  typed.startup_delay = durationOr(w, "startup_delay");
  typed.pre_stop = durationOr(w, "pre_stop");
  return typed;
}

models::IngressControllerConfig typeIngressController(const proto::IngressController& c) {
  models::IngressControllerConfig config;
  config.kind = kIngressControllerKinds(valueOr(c, "kind"));
  config.name = valueOr(c, "name");
  config.ingress_class = valueOr(c, "ingress_class");
  config.replicas = static_cast<int>(intOr(c, "replicas"));
  config.service_type = kIngressServiceTypes(valueOr(c, "service"));
  config.external_traffic_policy = kTrafficPolicies(valueOr(c, "external_traffic_policy"));
  config.workers = static_cast<int>(intOr(c, "workers"));
  config.request_cpu = durationOr(c, "request_cpu");
  config.tls_handshake_cpu = durationOr(c, "tls_handshake_cpu");
  config.sync_rate_limit = doubleOr(c, "sync_rate_limit");
  config.endpoint_delay = durationOr(c, "endpoint_delay");
  config.configmap.insert(c.config().begin(), c.config().end());
  return config;
}

}  // namespace

void typeCluster(const LoadedScenario& scenario, TypedScenario& typed) {
  const proto::ScenarioSpec& spec = scenario.scenario.spec();
  typed.seed = uint64Or(spec, "seed");
  typed.duration = durationOr(spec, "duration");
  typeNodesAndNetwork(spec.cluster(), typed);
  for (const proto::Workload& w : spec.workloads()) typed.workloads.push_back(typeWorkload(w));
  for (const proto::IngressController& c : spec.cluster().ingress_controllers()) {
    typed.ingress_controllers.push_back(typeIngressController(c));
  }
}

}  // namespace kns::scenarios
