// The scenario's timeline: each event's one action and its references, `apply`'s manifests,
// `set`'s runtime parameters, and the network latencies after every change.
#include <filesystem>
#include <set>

#include "scenarios/manifests/manifest_loader.h"
#include "scenarios/validate_sections.h"
#include "sim/time.h"

namespace kns::scenarios {
namespace {

// What is wrong with a timeline `set` ("" when nothing): only parameters that can change while
// a cluster runs, with values in their units.
std::string runtimeSettingProblem(const std::string& assignment) {
  std::size_t equals = assignment.find('=');
  if (equals == std::string::npos)
    return "expected path=value, e.g. spec.cluster.network.crossZone=2ms";
  std::string path = assignment.substr(0, equals);
  std::string value = assignment.substr(equals + 1);
  static const std::set<std::string> durations = {
      "spec.cluster.kubeProxy.minSyncPeriod", "spec.cluster.network.sameNode",
      "spec.cluster.network.sameZone", "spec.cluster.network.crossZone",
      "spec.cluster.network.internet"};
  if (!durations.count(path)) {
    return "'" + path +
           "' cannot change during a run; these can: spec.cluster.kubeProxy.minSyncPeriod, "
           "spec.cluster.network.sameNode, .sameZone, .crossZone, .internet (and traffic rates "
           "with traffic/rate)";
  }
  try {
    if (sim::parseDuration(value) < sim::Duration::zero()) return "must not be negative";
  } catch (const std::invalid_argument& e) {
    return "'" + value + "' is not a duration; write e.g. '2ms'";
  }
  return "";
}

// A timeline `apply`: its manifests load, and hold only Services and Deployments the scenario
// already has, changed as the API server allows.
void validateTimelineApply(LoadedScenario& s, int index, Diagnostics& diagnostics) {
  const proto::ManifestSource& source = s.scenario.spec().timeline(index).apply();
  std::string path = "spec.timeline[" + std::to_string(index) + "].apply";
  Manifests applied;
  if (!loadManifestSource(s, source, path, applied, diagnostics)) return;
  for (const WorkloadManifest& w : applied.workloads) {
    bool known = std::any_of(s.manifests.workloads.begin(), s.manifests.workloads.end(),
                             [&](const WorkloadManifest& o) {
                               return o.kind == w.kind && o.name == w.name && o.ns == w.ns;
                             });
    if (w.kind != "Deployment" || !known) {
      diagnostics.error(w.where, "metadata.name",
                        w.kind + " " + w.name +
                            ": a timeline apply changes a Deployment or Service the scenario "
                            "already has");
    }
  }
  for (const ServiceManifest& svc : applied.services) {
    auto before = std::find_if(
        s.manifests.services.begin(), s.manifests.services.end(),
        [&](const ServiceManifest& o) { return o.name == svc.name && o.ns == svc.ns; });
    if (before == s.manifests.services.end()) {
      diagnostics.error(svc.where, "metadata.name",
                        "Service " + svc.name +
                            ": a timeline apply changes a Service the scenario "
                            "already has");
    } else if (before->headless != svc.headless ||
               (svc.cluster_ip && before->cluster_ip != svc.cluster_ip) ||
               (before->type == models::ServiceType::ExternalName) !=
                   (svc.type == models::ServiceType::ExternalName)) {
      diagnostics.error(svc.where, "spec",
                        "Service " + svc.name +
                            ": spec.clusterIP is immutable (and ExternalName changes are not "
                            "simulated)");
    }
  }
  if (!applied.endpoint_slices.empty() || !applied.ingress_classes.empty()) {
    diagnostics.error(locate(s, path), path,
                      "only Services, Deployments and Ingresses can be applied during a run");
  }
  s.timeline_manifests[index] = std::move(applied);
}

bool hasWorkload(const Manifests& m, const std::string& kind, const std::string& name) {
  return std::any_of(m.workloads.begin(), m.workloads.end(), [&](const WorkloadManifest& w) {
    std::string k = w.kind;
    std::transform(k.begin(), k.end(), k.begin(), ::tolower);
    return k == kind && w.name == name;
  });
}

// Network changes must keep the latencies consistent at every moment, in time order.
void validateNetworkTimeline(const LoadedScenario& s, Diagnostics& diagnostics) {
  const proto::ScenarioSpec& spec = s.scenario.spec();
  std::vector<std::pair<sim::Duration, int>> network_sets;
  for (int i = 0; i < spec.timeline_size(); ++i) {
    const proto::TimelineEvent& e = spec.timeline(i);
    if (e.set().rfind("spec.cluster.network.", 0) != 0 || !runtimeSettingProblem(e.set()).empty()) {
      continue;
    }
    try {
      network_sets.emplace_back(sim::parseDuration(e.at()), i);
    } catch (const std::invalid_argument&) {
    }
  }
  std::stable_sort(network_sets.begin(), network_sets.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::map<std::string, sim::Duration> network;
  for (const char* key : {"sameNode", "sameZone", "crossZone", "internet"}) {
    std::string field = std::string(key) == "sameNode"    ? "same_node"
                        : std::string(key) == "sameZone"  ? "same_zone"
                        : std::string(key) == "crossZone" ? "cross_zone"
                                                          : "internet";
    try {
      network[key] = sim::parseDuration(valueOr(spec.cluster().network(), field.c_str()));
    } catch (const std::invalid_argument&) {
      return;  // reported by the unit checks
    }
  }
  for (const auto& [at, i] : network_sets) {
    const std::string& set = spec.timeline(i).set();
    std::string key = set.substr(std::string("spec.cluster.network.").size(),
                                 set.find('=') - std::string("spec.cluster.network.").size());
    network[key] = sim::parseDuration(set.substr(set.find('=') + 1));
    if (network["crossZone"] < network["sameZone"] ||
        network["internet"] * 2 < network["sameZone"]) {
      std::string path = "spec.timeline[" + std::to_string(i) + "].set";
      diagnostics.error(locate(s, path), path,
                        "after this change the latencies break sameZone <= crossZone and sameZone "
                        "<= 2 x internet");
    }
  }
}

}  // namespace

void validateTimeline(LoadedScenario& s, Diagnostics& diagnostics) {
  validateNetworkTimeline(s, diagnostics);
  const proto::ScenarioSpec& spec = s.scenario.spec();
  for (int i = 0; i < spec.timeline_size(); ++i) {
    const proto::TimelineEvent& e = spec.timeline(i);
    std::string path = "spec.timeline[" + std::to_string(i) + "]";
    int actions = !e.scale().empty() + !e.rollout().empty() + !e.fail_node().empty() +
                  !e.recover_node().empty() + !e.drain_node().empty() + !e.delete_pod().empty() +
                  !e.fail_readiness().empty() + !e.pass_readiness().empty() + !e.traffic().empty() +
                  !e.slow_node().empty() + !e.set().empty() + e.has_apply();
    if (e.at().empty())
      diagnostics.error(locate(s, path), path + ".at",
                        "missing: when the event happens, e.g. '30s'");
    if (actions != 1) {
      diagnostics.error(
          locate(s, path), path,
          "give exactly one of scale, rollout, failNode, recoverNode, drainNode, "
          "deletePod, failReadiness, passReadiness, traffic (with rate), slowNode (with "
          "latency), set, apply");
      continue;
    }
    if (e.has_apply()) validateTimelineApply(s, i, diagnostics);
    if (!e.set().empty()) {
      std::string problem = runtimeSettingProblem(e.set());
      if (!problem.empty()) diagnostics.error(locate(s, path + ".set"), path + ".set", problem);
    }

    if (!e.traffic().empty()) {
      bool known = false;
      for (const proto::Traffic& t : spec.traffic()) known |= t.name() == e.traffic();
      if (!known) {
        diagnostics.error(locate(s, path + ".traffic"), path + ".traffic",
                          "no traffic source named '" + e.traffic() + "'");
      }
      if (e.rate().empty()) {
        diagnostics.error(locate(s, path), path + ".rate", "missing: the new rate, e.g. '500/s'");
      }
    }
    if (!e.scale().empty() && !e.has_replicas()) {
      diagnostics.error(locate(s, path), path + ".replicas",
                        "missing: scale needs the new replica count, e.g. replicas: 5");
    }
    if (!e.slow_node().empty() && e.latency().empty()) {
      diagnostics.error(locate(s, path), path + ".latency",
                        "missing: the link's new latency, e.g. '5ms'");
    }
    for (const std::string* ref : {&e.scale(), &e.rollout()}) {
      if (ref->empty()) continue;
      std::size_t cut = ref->find('/');
      std::string kind = cut == std::string::npos ? "" : ref->substr(0, cut);
      std::string name = cut == std::string::npos ? "" : ref->substr(cut + 1);
      if ((kind != "deployment" && kind != "statefulset") ||
          !hasWorkload(s.manifests, kind, name)) {
        diagnostics.error(
            locate(s, path), path,
            "'" + *ref + "' is not deployment/<name> or statefulset/<name> of the manifests");
      }
    }
  }
}

}  // namespace kns::scenarios
