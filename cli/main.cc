// kubenetsim: the headless program. Today: `validate`; `run`, `get`, `sweep` and `merge` come
// with the reports and CLI work (see the issues).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "scenarios/scenario_loader.h"

namespace {

int validate(const std::string& path, const std::vector<std::string>& overrides) {
  kns::scenarios::Diagnostics diagnostics;
  kns::scenarios::LoadedScenario loaded;
  bool ok = kns::scenarios::loadScenarioFile(path, loaded, diagnostics, overrides);
  std::fputs(diagnostics.str().c_str(), stderr);
  if (!ok) {
    std::fprintf(stderr, "%s: %zu error(s); nothing was run\n", path.c_str(),
                 diagnostics.errorCount());
    return 2;
  }
  const auto& spec = loaded.scenario.spec();
  const auto& m = loaded.manifests;
  int nodes = spec.cluster().nodes().has_count() ? spec.cluster().nodes().count() : 3;
  std::size_t zones = spec.cluster().nodes().zones_size() ? spec.cluster().nodes().zones_size() : 1;
  std::printf("scenario %s: valid\n", loaded.scenario.metadata().name().c_str());
  std::printf("  cluster:   %d nodes in %zu zone(s), kube-proxy %s\n", nodes, zones,
              spec.cluster().kube_proxy().mode().empty()
                  ? "iptables"
                  : spec.cluster().kube_proxy().mode().c_str());
  std::printf("  manifests: %zu workloads, %zu Services, %zu Ingresses\n", m.workloads.size(),
              m.services.size(), m.ingresses.size());
  for (const auto& [kind, count] : m.skipped)
    std::printf("             skipped %d %s\n", count, kind.c_str());
  std::printf("  traffic:   %d source(s); timeline: %d event(s); duration %s\n",
              spec.traffic_size(), spec.timeline_size(),
              spec.duration().empty() ? "60s" : spec.duration().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kubenetsim: a discrete-event simulator of a Kubernetes cluster's network"};
  app.require_subcommand(1);
  std::string scenario;
  CLI::App* validate_cmd = app.add_subcommand(
      "validate", "check a scenario file and its manifests; exit 2 on any error");
  validate_cmd->add_option("SCENARIO", scenario, "the scenario file")->required();
  std::vector<std::string> overrides;
  validate_cmd->add_option("--set", overrides,
                           "override a field by the path errors print, e.g. "
                           "spec.traffic[0].arrivals.rate=3000/s");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;  // usage errors exit 2, as bad input does
  }
  if (validate_cmd->parsed()) return validate(scenario, overrides);
  return 2;
}
