// `kubectl get` tables of a running simulation, as kubectl prints them: shared by the CLI's
// `kubenetsim get` and the GUI's table panel.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scenarios/simulation.h"

namespace kns::scenarios {

struct GetOptions {
  std::string ns = "default";
  bool all_namespaces = false;
  bool wide = false;
};

// Rows in kubectl's order (namespace/name; nodes as created). No rows: "No resources found".
struct ResourceTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// kubectl's AGE column (k8s.io/apimachinery duration.HumanDuration): "45s", "2m30s", "3h", "2d".
std::string kubectlAge(sim::Duration d);
// Whether a namespaced object is listed: -A, or its namespace is -n's.
bool inNamespace(const GetOptions& options, const std::string& ns);

// "pods", "svc", "endpoints", "ingress", "nodes", "gatewayclasses", "gateways" or "httproutes"
// for any of kubectl's names of them ("po", "services", "ing", "gtw", ...); nullopt for
// anything else.
std::optional<std::string> canonicalResource(const std::string& kind);

// The table of `resource` (a canonical name) at the simulation's current time.
ResourceTable kubectlGet(const std::string& resource, const LoadedScenario& loaded,
                         Simulation& simulation, const GetOptions& options);

}  // namespace kns::scenarios
