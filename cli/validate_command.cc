// `kubenetsim validate SCENARIO`: every error at once, exit 2 on any; a summary when valid.
#include <cstdio>

#include "cli/commands.h"
#include "scenarios/simulation.h"

namespace kns::cli {

bool loadForCommand(const std::string& path, const std::vector<std::string>& overrides,
                    scenarios::LoadedScenario& loaded) {
  scenarios::Diagnostics diagnostics;
  bool ok = scenarios::loadScenarioFile(path, loaded, diagnostics, overrides);
  std::fputs(diagnostics.str().c_str(), stderr);
  if (!ok) {
    std::fprintf(stderr, "%s: %zu error(s); nothing was run\n", path.c_str(),
                 diagnostics.errorCount());
  }
  return ok;
}

int validateCommand(const std::string& path, const std::vector<std::string>& overrides) {
  scenarios::LoadedScenario loaded;
  if (!loadForCommand(path, overrides, loaded)) return 2;
  // Building it (nothing runs) finds what the API server would refuse, as `run` would: a
  // nodePort two Services ask for, say. Its warnings are printed too.
  {
    scenarios::Diagnostics diagnostics;
    scenarios::Simulation simulation(loaded, nullptr, diagnostics);
    std::fputs(diagnostics.str().c_str(), stderr);
    if (diagnostics.hasErrors()) {
      std::fprintf(stderr, "%s: %zu error(s) building the cluster; nothing was run\n", path.c_str(),
                   diagnostics.errorCount());
      return 2;
    }
  }
  const auto& spec = loaded.scenario.spec();
  const auto& m = loaded.manifests;
  std::printf("scenario %s: valid\n", loaded.scenario.metadata().name().c_str());
  std::printf("  cluster:   %d nodes in %zu zone(s), kube-proxy %s\n", loaded.typed.nodes.count,
              loaded.typed.cluster.zones.size(),
              scenarios::valueOr(spec.cluster().kube_proxy(), "mode").c_str());
  std::printf("  manifests: %zu workloads, %zu Services, %zu Ingresses", m.workloads.size(),
              m.services.size(), m.ingresses.size());
  if (!m.gateway_api.gateways.empty() || !m.gateway_api.routes.empty()) {
    std::printf(", %zu Gateways, %zu HTTPRoutes", m.gateway_api.gateways.size(),
                m.gateway_api.routes.size());
  }
  std::printf("\n");
  for (const auto& [kind, count] : m.skipped)
    std::printf("             skipped %d %s\n", count, kind.c_str());
  std::printf("  traffic:   %d source(s); timeline: %d event(s); SLOs: %d; duration %s\n",
              spec.traffic_size(), spec.timeline_size(), spec.slos_size(),
              scenarios::valueOr(spec, "duration").c_str());
  return 0;
}

}  // namespace kns::cli
