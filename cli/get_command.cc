// `kubenetsim get pods|svc|endpoints|ingress|nodes SCENARIO --at 30s`: the simulated cluster at
// a moment, as kubectl prints it (same columns, same AGE format), so what a user reads in the
// Kubernetes documentation can be checked against the simulation.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.h"
#include "reports/text_table.h"
#include "scenarios/kubectl_get.h"
#include "scenarios/kubectl_get_gateway.h"

namespace kns::cli {

int getCommand(const GetCommandOptions& options) {
  std::optional<std::string> kind = scenarios::canonicalResource(options.kind);
  if (!kind) {
    std::fprintf(stderr,
                 "kubenetsim get: unknown resource type '%s'; use pods, svc, endpoints, ingress, "
                 "nodes, gatewayclasses, gateways or httproutes\n",
                 options.kind.c_str());
    return 2;
  }
  if (options.yaml && !scenarios::isGatewayApiResource(*kind)) {
    std::fprintf(stderr,
                 "kubenetsim get: -o yaml is available for gatewayclasses, gateways and "
                 "httproutes (their status); use -o wide or no -o for %s\n",
                 options.kind.c_str());
    return 2;
  }
  std::vector<std::string> overrides = options.overrides;
  scenarios::LoadedScenario loaded;
  if (!loadForCommand(options.scenario, overrides, loaded)) return 2;
  sim::Duration at{0};
  try {
    at = sim::parseDuration(options.at);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "kubenetsim get: --at '%s' is not a duration; write e.g. '30s'\n",
                 options.at.c_str());
    return 2;
  }
  if (at < sim::Duration::zero()) {
    std::fprintf(stderr, "kubenetsim get: --at '%s' must not be negative; the run starts at 0s\n",
                 options.at.c_str());
    return 2;
  }
  scenarios::Diagnostics diagnostics;
  scenarios::Simulation simulation(loaded, nullptr, diagnostics);
  std::fputs(diagnostics.str().c_str(), stderr);
  if (diagnostics.hasErrors()) return 2;
  if (sim::Time{at} > simulation.end()) {
    std::fprintf(stderr, "kubenetsim get: --at %s is after the scenario's end (%s)\n",
                 options.at.c_str(),
                 sim::formatDuration(simulation.end().time_since_epoch()).c_str());
    return 2;
  }
  simulation.runUntil(sim::Time{at});
  scenarios::GetOptions get;
  get.ns = options.ns;
  get.all_namespaces = options.all_namespaces;
  get.wide = options.wide;
  if (options.yaml) {
    std::fputs(scenarios::gatewayApiYaml(*kind, loaded, simulation, get).c_str(), stdout);
    return 0;
  }
  scenarios::ResourceTable rows = scenarios::kubectlGet(*kind, loaded, simulation, get);
  reports::TextTable table(rows.header);
  for (auto& row : rows.rows) table.add(row);
  // Nodes print even when empty (kubectl lists no header-only table for the others), and
  // cluster-scoped GatewayClasses have no namespace to name.
  if (table.rows() == 0 && *kind == "gatewayclasses") {
    std::printf("No resources found\n");
  } else if (table.rows() == 0 && *kind != "nodes") {
    std::printf("No resources found in %s namespace.\n", options.ns.c_str());
  } else {
    std::printf("%s", table.str().c_str());
  }
  return 0;
}
}  // namespace kns::cli
