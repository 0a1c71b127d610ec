// Schema-driven YAML reading (protobuf reflection), unit checks and cross-references.
#include "scenarios/scenario_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "models/net/ip.h"
#include "reports/bounded_read.h"
#include "scenarios/field_checks.h"
#include "scenarios/manifests/manifest_loader.h"
#include "scenarios/manifests/yaml_syntax_check.h"
#include "scenarios/scenario_cluster_checks.h"
#include "scenarios/scenario_ingress.h"
#include "scenarios/scenario_reader.h"
#include "scenarios/scenario_slos.h"
#include "sim/time.h"

namespace kns::scenarios {
namespace {

namespace pb = google::protobuf;

std::size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// Fills protobuf messages from YAML by the fields' JSON names, reporting every mismatch.
class SchemaReader {
 public:
  SchemaReader(std::string file, Diagnostics& diagnostics,
               std::map<std::string, SourceLocation>& locations)
      : file_(std::move(file)), diagnostics_(diagnostics), locations_(locations) {}

  SourceLocation at(const YAML::Node& node) const {
    YAML::Mark mark = node.Mark();
    if (mark.is_null()) return {file_, 0, 0};
    return {file_, mark.line + 1, mark.column + 1};
  }

  void fill(const YAML::Node& node, pb::Message& message, const std::string& path) {
    locations_[path] = at(node);
    if (node.IsNull()) return;
    if (!node.IsMap()) {
      diagnostics_.error(at(node), path,
                         "expected a mapping of " + message.GetDescriptor()->name() + " fields");
      return;
    }
    const pb::Descriptor* descriptor = message.GetDescriptor();
    std::set<std::string> seen;
    for (const auto& entry : node) {
      std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
      std::string field_path = path.empty() ? key : path + "." + key;
      const pb::FieldDescriptor* field = findField(descriptor, key);
      if (field == nullptr) {
        diagnostics_.error(at(entry.first), field_path, unknownFieldMessage(descriptor, key));
        continue;
      }
      if (!seen.insert(key).second) {
        diagnostics_.error(at(entry.first), field_path, "given twice");
        continue;
      }
      locations_[field_path] = at(entry.second);
      fillField(entry.second, message, field, field_path);
    }
  }

 private:
  static const pb::FieldDescriptor* findField(const pb::Descriptor* d, const std::string& key) {
    for (int i = 0; i < d->field_count(); ++i) {
      if (d->field(i)->json_name() == key) return d->field(i);
    }
    return nullptr;
  }

  static std::string unknownFieldMessage(const pb::Descriptor* d, const std::string& key) {
    std::string best;
    std::size_t best_distance = 3;
    std::string all;
    for (int i = 0; i < d->field_count(); ++i) {
      const std::string& name = d->field(i)->json_name();
      all += (all.empty() ? "" : ", ") + name;
      std::string lower_key = key, lower_name = name;
      std::transform(lower_key.begin(), lower_key.end(), lower_key.begin(), ::tolower);
      std::transform(lower_name.begin(), lower_name.end(), lower_name.begin(), ::tolower);
      std::size_t distance = editDistance(lower_key, lower_name);
      if (distance < best_distance) {
        best_distance = distance;
        best = name;
      }
    }
    std::string message = "unknown field '" + key + "'";
    if (!best.empty()) return message + "; did you mean '" + best + "'?";
    return message + "; expected one of: " + all;
  }

  void fillField(const YAML::Node& node, pb::Message& message, const pb::FieldDescriptor* field,
                 const std::string& path) {
    const pb::Reflection* reflection = message.GetReflection();
    if (field->is_map()) {
      if (!node.IsMap()) {
        diagnostics_.error(at(node), path, "expected a mapping of strings (key: value)");
        return;
      }
      for (const auto& entry : node) {
        if (!entry.second.IsScalar()) {
          diagnostics_.error(at(entry.second), path + "." + entry.first.Scalar(),
                             "expected a string");
          continue;
        }
        pb::Message* pair = reflection->AddMessage(&message, field);
        pair->GetReflection()->SetString(pair, pair->GetDescriptor()->FindFieldByName("key"),
                                         entry.first.Scalar());
        pair->GetReflection()->SetString(pair, pair->GetDescriptor()->FindFieldByName("value"),
                                         entry.second.Scalar());
      }
      return;
    }
    if (field->is_repeated()) {
      if (!node.IsSequence()) {
        diagnostics_.error(at(node), path, "expected a list");
        return;
      }
      for (std::size_t i = 0; i < node.size(); ++i) {
        std::string item_path = path + "[" + std::to_string(i) + "]";
        locations_[item_path] = at(node[i]);
        if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
          fill(node[i], *reflection->AddMessage(&message, field), item_path);
        } else if (auto text = scalar(node[i], item_path)) {
          reflection->AddString(&message, field, *text);  // repeated scalars are strings here
        }
      }
      return;
    }
    if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      fill(node, *reflection->MutableMessage(&message, field), path);
      return;
    }
    std::optional<std::string> text = scalar(node, path);
    if (!text) return;
    switch (field->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_STRING:
        reflection->SetString(&message, field, *text);
        break;
      case pb::FieldDescriptor::CPPTYPE_INT32: {
        int value = 0;
        if (parseWhole(*text, value))
          reflection->SetInt32(&message, field, value);
        else
          diagnostics_.error(at(node), path, "'" + *text + "' is not a whole number");
        break;
      }
      case pb::FieldDescriptor::CPPTYPE_UINT64: {
        std::uint64_t value = 0;
        if (parseWhole(*text, value))
          reflection->SetUInt64(&message, field, value);
        else
          diagnostics_.error(at(node), path, "'" + *text + "' is not a non-negative whole number");
        break;
      }
      case pb::FieldDescriptor::CPPTYPE_DOUBLE: {
        double value = 0;
        auto [next, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
        if (ec == std::errc{} && next == text->data() + text->size()) {
          reflection->SetDouble(&message, field, value);
        } else {
          diagnostics_.error(at(node), path, "'" + *text + "' is not a number");
        }
        break;
      }
      case pb::FieldDescriptor::CPPTYPE_BOOL:
        if (*text == "true" || *text == "false")
          reflection->SetBool(&message, field, *text == "true");
        else
          diagnostics_.error(at(node), path, "'" + *text + "' is not true or false");
        break;
      default:
        diagnostics_.error(at(node), path, "unsupported field type");
    }
  }

  template <typename T>
  static bool parseWhole(const std::string& text, T& value) {
    auto [next, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc{} && next == text.data() + text.size() && !text.empty();
  }

  std::optional<std::string> scalar(const YAML::Node& node, const std::string& path) {
    if (!node.IsScalar()) {
      diagnostics_.error(at(node), path, "expected a single value, not a list or mapping");
      return std::nullopt;
    }
    return node.Scalar();
  }

  std::string file_;
  Diagnostics& diagnostics_;
  std::map<std::string, SourceLocation>& locations_;
};

SourceLocation locate(const LoadedScenario& s, const std::string& path) {
  auto it = s.locations.find(path);
  return it != s.locations.end() ? it->second : SourceLocation{s.file, 0, 0};
}

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
  if (source.file().empty() == source.inline_().empty()) {
    diagnostics.error(locate(s, path), path, "give exactly one of file or inline");
    return;
  }
  if (!source.file().empty()) {
    std::filesystem::path file = std::filesystem::path(s.directory) / source.file();
    if (!std::filesystem::is_regular_file(file)) {
      diagnostics.error(
          locate(s, path + ".file"), path + ".file",
          "no such file '" + file.string() + "' (paths are relative to the scenario)");
      return;
    }
    loadManifestFile(file.string(), applied, diagnostics);
  } else {
    loadManifestText(source.inline_(), s.file + ":" + path + ".inline", applied, diagnostics);
  }
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

bool hasService(const Manifests& m, const std::string& name, const std::string& ns) {
  return std::any_of(m.services.begin(), m.services.end(),
                     [&](const ServiceManifest& s) { return s.name == name && s.ns == ns; });
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

// Cross-references: manifests, traffic sources and targets, timeline targets.
void validate(LoadedScenario& s, Diagnostics& diagnostics) {
  const proto::Scenario& sc = s.scenario;
  if (!sc.api_version().empty() && sc.api_version() != "kubenetsim/v1") {
    diagnostics.error(locate(s, "apiVersion"), "apiVersion",
                      "'" + sc.api_version() + "' is not kubenetsim/v1");
  }
  if (!sc.kind().empty() && sc.kind() != "Scenario") {
    diagnostics.error(locate(s, "kind"), "kind", "'" + sc.kind() + "' is not Scenario");
  }
  if (sc.metadata().name().empty()) {
    diagnostics.error(locate(s, "metadata"), "metadata.name",
                      "missing: every scenario needs a name");
  }
  checkFieldDomains(sc, "", s, diagnostics);
  validateMetadataName(s, diagnostics);
  const proto::ScenarioSpec& spec = sc.spec();
  const proto::Nodes& nodes = spec.cluster().nodes();
  int node_count = nodes.has_count() ? nodes.count() : 3;
  validateClusterShape(s, diagnostics);
  // Manifests.
  for (int i = 0; i < spec.manifests_size(); ++i) {
    const proto::ManifestSource& m = spec.manifests(i);
    std::string path = "spec.manifests[" + std::to_string(i) + "]";
    if (m.file().empty() == m.inline_().empty()) {
      diagnostics.error(locate(s, path), path, "give exactly one of file or inline");
      continue;
    }
    if (!m.file().empty()) {
      std::filesystem::path file = std::filesystem::path(s.directory) / m.file();
      if (!std::filesystem::is_regular_file(file)) {
        diagnostics.error(
            locate(s, path + ".file"), path + ".file",
            "no such file '" + file.string() + "' (paths are relative to the scenario)");
        continue;
      }
      loadManifestFile(file.string(), s.manifests, diagnostics);
    } else {
      loadManifestText(m.inline_(), s.file + ":" + path + ".inline", s.manifests, diagnostics);
    }
  }
  validateClusterSize(s, diagnostics);
  // Workload behaviour.
  for (int i = 0; i < spec.workloads_size(); ++i) {
    const proto::Workload& w = spec.workloads(i);
    std::string path = "spec.workloads[" + std::to_string(i) + "]";
    if (w.selector().empty()) {
      diagnostics.error(locate(s, path), path + ".selector",
                        "missing: the pod labels this applies to");
    }
    validateServiceTime(s, w.service_time(), path + ".serviceTime", diagnostics);
  }
  // Traffic.
  std::set<std::string> names;
  for (int i = 0; i < spec.traffic_size(); ++i) {
    const proto::Traffic& t = spec.traffic(i);
    std::string path = "spec.traffic[" + std::to_string(i) + "]";
    if (t.name().empty())
      diagnostics.error(locate(s, path), path + ".name",
                        "missing: every traffic source needs a name");
    else if (!names.insert(t.name()).second)
      diagnostics.error(locate(s, path + ".name"), path + ".name",
                        "'" + t.name() + "' is used twice");
    const std::string& from = t.from();
    if (from.rfind("pods/", 0) == 0) {
      std::string error;
      if (!parseLabelSelector(from.substr(5), &error)) {
        diagnostics.error(locate(s, path + ".from"), path + ".from", error);
      } else if (from.size() == 5) {
        diagnostics.error(locate(s, path + ".from"), path + ".from",
                          "pods/ needs a label selector, e.g. pods/app=frontend");
      }
    } else if (!from.empty() && from != "internet") {
      bool ok = from.rfind("node/node-", 0) == 0;
      int index = -1;
      if (ok) {
        std::string digits = from.substr(10);
        auto [next, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
        ok = ec == std::errc{} && next == digits.data() + digits.size() && index >= 0 &&
             index < node_count;
      }
      if (!ok) {
        diagnostics.error(locate(s, path + ".from"), path + ".from",
                          "'" + from +
                              "' is not 'internet', 'pods/<label>=<value>[,...]' or "
                              "'node/node-<n>' with n below the node count (" +
                              std::to_string(node_count) + ")");
      }
    }
    if (t.has_think_time())
      validateServiceTime(s, t.think_time(), path + ".thinkTime", diagnostics);
    for (int k = 0; k < t.schedule_size(); ++k) {
      std::string step = path + ".schedule[" + std::to_string(k) + "]";
      if (t.schedule(k).at().empty() || t.schedule(k).rate().empty()) {
        diagnostics.error(locate(s, step), step,
                          "a step needs both at and rate, e.g. {at: 30s, rate: 500/s}");
      }
    }
    if (t.on_period().empty() != t.off_period().empty()) {
      diagnostics.error(locate(s, path), path + ".onPeriod",
                        "bursts need both onPeriod and offPeriod");
    }
    const std::string& to = t.to();
    std::size_t slash = to.find('/');
    std::string scheme = slash == std::string::npos ? "" : to.substr(0, slash);
    std::string target = slash == std::string::npos ? "" : to.substr(slash + 1);
    if (scheme == "service" || scheme == "loadbalancer") {
      std::string name = target.substr(0, target.find('.'));
      std::string ns =
          target.find('.') == std::string::npos ? "default" : target.substr(target.find('.') + 1);
      if (!hasService(s.manifests, name, ns)) {
        diagnostics.error(
            locate(s, path + ".to"), path + ".to",
            "no Service '" + name + "' in namespace '" + ns + "' among the manifests");
      }
    } else if (scheme == "nodeport") {
      std::size_t second = target.find('/');
      if (second == std::string::npos ||
          !hasService(s.manifests, target.substr(second + 1), "default")) {
        diagnostics.error(locate(s, path + ".to"), path + ".to",
                          "expected nodeport/<node>/<service> naming a Service of the manifests");
      }
    } else if (to.rfind("http://", 0) == 0 || to.rfind("https://", 0) == 0) {
      // through an ingress controller: checked in scenario_ingress.cc
    } else if (scheme != "dns" || target.empty()) {
      diagnostics.error(locate(s, path + ".to"), path + ".to",
                        "'" + to +
                            "' is not service/<name>[.<namespace>], nodeport/<node>/<service>, "
                            "loadbalancer/<service>, dns/<name> or http(s)://<host><path>");
    }
  }
  // Dangling references are warnings: the simulation shows them as failed requests (503).
  for (const IngressManifest& ing : s.manifests.ingresses) {
    auto check = [&](const IngressBackendManifest& b) {
      if (!b.service.empty() && !hasService(s.manifests, b.service, ing.ns)) {
        diagnostics.warning(ing.where, "spec",
                            "Ingress " + ing.name + " names Service '" + b.service +
                                "', which no manifest defines in "
                                "namespace '" +
                                ing.ns + "': its requests get 503");
      }
    };
    if (ing.default_backend) check(*ing.default_backend);
    for (const IngressRuleManifest& rule : ing.rules) {
      for (const IngressPathManifest& path : rule.paths) check(path.backend);
    }
  }
  validateSlos(s, diagnostics);
  validateIngressControllers(s, diagnostics);
  validateNetworkTimeline(s, diagnostics);
  // Timeline.
  for (int i = 0; i < spec.timeline_size(); ++i) {
    const proto::TimelineEvent& e = spec.timeline(i);
    std::string path = "spec.timeline[" + std::to_string(i) + "]";
    int actions = !e.scale().empty() + !e.rollout().empty() + !e.fail_node().empty() +
                  !e.recover_node().empty() + !e.drain_node().empty() + !e.delete_pod().empty() +
                  !e.traffic().empty() + !e.slow_node().empty() + !e.set().empty() + e.has_apply();
    if (e.at().empty())
      diagnostics.error(locate(s, path), path + ".at",
                        "missing: when the event happens, e.g. '30s'");
    if (actions != 1) {
      diagnostics.error(locate(s, path), path,
                        "give exactly one of scale, rollout, failNode, recoverNode, drainNode, "
                        "deletePod, traffic (with rate), slowNode (with latency), set, apply");
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

}  // namespace

SourceLocation locateClosest(const LoadedScenario& s, std::string path) {
  while (true) {
    auto it = s.locations.find(path);
    if (it != s.locations.end()) return it->second;
    std::size_t cut = path.find_last_of(".[");
    if (cut == std::string::npos) return SourceLocation{s.file, 0, 0};
    path.resize(cut);
  }
}

std::string valueOr(const google::protobuf::Message& message, const char* field_name) {
  const pb::FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(field_name);
  std::string value = message.GetReflection()->GetString(message, field);
  return value.empty() ? field->options().GetExtension(proto::default_value) : value;
}

std::optional<models::LabelSelector> parseLabelSelector(const std::string& text,
                                                        std::string* error) {
  models::LabelSelector selector;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string term = text.substr(start, comma == std::string::npos ? comma : comma - start);
    std::size_t equals = term.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == term.size()) {
      if (error != nullptr) {
        *error = "'" + term + "' is not label=value; write e.g. pods/app=frontend,tier=web";
      }
      return std::nullopt;
    }
    selector.match_labels[term.substr(0, equals)] = term.substr(equals + 1);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return selector;
}

std::optional<double> parseRatePerSecond(const std::string& text, std::string* error) {
  std::size_t slash = text.find('/');
  auto fail = [&]() -> std::optional<double> {
    if (error != nullptr)
      *error = "'" + text + "' is not a rate; write e.g. '2000/s', '30/m' or '1/h'";
    return std::nullopt;
  };
  if (slash == std::string::npos) return fail();
  double count = 0;
  auto [next, ec] = std::from_chars(text.data(), text.data() + slash, count);
  if (ec != std::errc{} || next != text.data() + slash || !(count >= 0) || !std::isfinite(count))
    return fail();
  std::string unit = text.substr(slash + 1);
  if (unit == "s") return count;
  if (unit == "m" || unit == "min") return count / 60;
  if (unit == "h") return count / 3600;
  if (unit == "ms") return count * 1000;
  return fail();
}

namespace {

// Sets one field named by a diagnostics-style path ("spec.traffic[0].arrivals.rate") from text.
// Lists are indexed and must already have that element; messages along the path are created.
void applyOverride(proto::Scenario& scenario, const std::string& assignment,
                   const std::string& file, Diagnostics& diagnostics) {
  SourceLocation where{"--set", 0, 0};
  std::size_t equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0) {
    diagnostics.error(where, assignment, "expected path=value, e.g. spec.cluster.nodes.count=12");
    return;
  }
  std::string path = assignment.substr(0, equals);
  std::string value = assignment.substr(equals + 1);
  pb::Message* message = &scenario;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = path.find('.', start);
    std::string part =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    int index = -1;
    std::size_t bracket = part.find('[');
    if (bracket != std::string::npos) {
      std::string digits = part.substr(bracket + 1);
      bool closed = !digits.empty() && digits.back() == ']';
      if (closed) digits.pop_back();
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (!closed || digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() ||
          index < 0) {
        diagnostics.error(where, path,
                          "'" + part + "' is not list[index] with a number, e.g. traffic[0]");
        return;
      }
      part = part.substr(0, bracket);
    }
    const pb::Descriptor* d = message->GetDescriptor();
    const pb::FieldDescriptor* field = nullptr;
    for (int i = 0; i < d->field_count(); ++i) {
      if (d->field(i)->json_name() == part) field = d->field(i);
    }
    if (field == nullptr) {
      diagnostics.error(where, path, "'" + part + "' is not a field of " + d->name());
      return;
    }
    const pb::Reflection* r = message->GetReflection();
    bool last = dot == std::string::npos;
    if (field->is_map()) {
      // The rest of the path is the key, dots and all: selector.app.kubernetes.io/name=web.
      if (last || dot + 1 >= path.size()) {
        diagnostics.error(where, path, "'" + part + "' is a map; name a key: " + path + ".<key>");
        return;
      }
      std::string key = path.substr(dot + 1);
      const pb::Descriptor* entry = field->message_type();
      pb::Message* slot = nullptr;
      for (int i = 0; i < r->FieldSize(*message, field); ++i) {
        pb::Message* e = r->MutableRepeatedMessage(message, field, i);
        if (e->GetReflection()->GetString(*e, entry->FindFieldByName("key")) == key) slot = e;
      }
      if (slot == nullptr) {
        slot = r->AddMessage(message, field);
        slot->GetReflection()->SetString(slot, entry->FindFieldByName("key"), key);
      }
      slot->GetReflection()->SetString(slot, entry->FindFieldByName("value"), value);
      return;
    }
    if (field->is_repeated()) {
      if (index < 0 || index >= r->FieldSize(*message, field)) {
        diagnostics.error(where, path,
                          part + " has " + std::to_string(r->FieldSize(*message, field)) +
                              " entries; there is no [" + std::to_string(index) + "]");
        return;
      }
      if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
        if (last) r->SetRepeatedString(message, field, index, value);
        return;
      }
      message = r->MutableRepeatedMessage(message, field, index);
    } else if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      message = r->MutableMessage(message, field);
    } else {
      if (!last) {
        diagnostics.error(where, path, "'" + part + "' is a value, not a section");
        return;
      }
      // Read the value as if it were written in the file, with the same conversions.
      Diagnostics local;
      std::map<std::string, SourceLocation> ignored;
      SchemaReader reader(file, local, ignored);
      YAML::Node node;
      node[part] = value;
      reader.fill(node, *message, "");
      for (const Diagnostic& diag : local.all()) diagnostics.error(where, path, diag.message);
      return;
    }
    if (last) {
      diagnostics.error(where, path, "'" + part + "' is a section; name one of its fields");
      return;
    }
    start = dot + 1;
  }
}

}  // namespace

bool readScenarioDocument(const std::string& text, const std::string& name,
                          proto::Scenario& scenario,
                          std::map<std::string, SourceLocation>& locations,
                          Diagnostics& diagnostics) {
  if (text.find('\0') != std::string::npos) {
    diagnostics.error({name, 0, 0}, "", "file contains NUL bytes: it is not YAML text");
    return false;
  }
  if (!checkYamlSyntax(text, name, diagnostics)) return false;
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    diagnostics.error({name, e.mark.line + 1, e.mark.column + 1}, "", "not valid YAML: " + e.msg);
    return false;
  }
  documents.erase(std::remove_if(documents.begin(), documents.end(),
                                 [](const YAML::Node& d) { return !d || d.IsNull(); }),
                  documents.end());
  if (documents.size() != 1) {
    diagnostics.error({name, 0, 0}, "",
                      "a scenario file holds exactly one YAML document; found " +
                          std::to_string(documents.size()));
    return false;
  }
  SchemaReader reader(name, diagnostics, locations);
  reader.fill(documents[0], scenario, "");
  return true;
}

bool readScenarioSource(const std::string& path, const SourceLocation& where, std::string& text,
                        Diagnostics& diagnostics) {
  std::string error;
  if (reports::readBoundedFile(path, kMaxManifestBytes, text, error)) return true;
  diagnostics.error(where, "", path + " " + error);
  return false;
}

bool loadScenarioText(const std::string& text, const std::string& name,
                      const std::string& directory, LoadedScenario& out, Diagnostics& diagnostics,
                      const std::vector<std::string>& overrides) {
  out.file = name;
  out.directory = directory;
  if (!readScenarioDocument(text, name, out.scenario, out.locations, diagnostics)) return false;
  std::vector<std::string> chain{name};
  resolveIncludes(out.scenario, out.locations, directory, chain, diagnostics);
  for (const std::string& assignment : overrides) {
    applyOverride(out.scenario, assignment, name, diagnostics);
  }
  validate(out, diagnostics);
  return !diagnostics.hasErrors();
}

bool loadScenarioFile(const std::string& path, LoadedScenario& out, Diagnostics& diagnostics,
                      const std::vector<std::string>& overrides) {
  std::string text;
  if (!readScenarioSource(path, {path, 0, 0}, text, diagnostics)) return false;
  std::string directory = std::filesystem::path(path).parent_path().string();
  return loadScenarioText(text, path, directory.empty() ? "." : directory, out, diagnostics,
                          overrides);
}

}  // namespace kns::scenarios
