// The scenario's traffic section: names, clients (from), targets (to), schedules and bursts.
#include <charconv>
#include <set>

#include "scenarios/field_checks.h"
#include "scenarios/scenario_cluster_checks.h"
#include "scenarios/validate_sections.h"

namespace kns::scenarios {
namespace {

// `from`: internet, pods/<selector> or node/node-<n> of the cluster.
void validateClients(const LoadedScenario& s, const proto::Traffic& t, const std::string& path,
                     Diagnostics& diagnostics) {
  int node_count = static_cast<int>(intOr(s.scenario.spec().cluster().nodes(), "count"));
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
}

// `to`: a Service of the manifests by one of its entries, a DNS name or an http(s) URL.
void validateTarget(const LoadedScenario& s, const proto::Traffic& t, const std::string& path,
                    Diagnostics& diagnostics) {
  const std::string& to = t.to();
  std::size_t slash = to.find('/');
  std::string scheme = slash == std::string::npos ? "" : to.substr(0, slash);
  std::string target = slash == std::string::npos ? "" : to.substr(slash + 1);
  if (scheme == "service" || scheme == "loadbalancer") {
    std::string name = target.substr(0, target.find('.'));
    std::string ns =
        target.find('.') == std::string::npos ? "default" : target.substr(target.find('.') + 1);
    if (!hasService(s.manifests, name, ns)) {
      diagnostics.error(locate(s, path + ".to"), path + ".to",
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

}  // namespace

void validateTraffic(const LoadedScenario& s, Diagnostics& diagnostics) {
  const proto::ScenarioSpec& spec = s.scenario.spec();
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
    validateClients(s, t, path, diagnostics);
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
    validateTarget(s, t, path, diagnostics);
  }
}

}  // namespace kns::scenarios
