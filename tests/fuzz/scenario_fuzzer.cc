// libFuzzer target over the whole way in: scenario text (with includes and manifests relative to
// scenarios/examples), `--set` overrides taken from the input's last lines, building the cluster,
// and a few simulated seconds of running it. Any input must end in diagnostics or a bounded run,
// never a crash, a sanitizer report or a hang. See docs/fuzzing.md.
//
// Input: scenario YAML, then optionally a line "#--set" followed by one assignment per line.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "scenarios/live_run.h"
#include "scenarios/scenario_loader.h"

namespace {

void splitOverrides(std::string& text, std::vector<std::string>& overrides) {
  std::size_t marker = text.find("\n#--set\n");
  if (marker == std::string::npos) return;
  std::string rest = text.substr(marker + 8);
  text.resize(marker + 1);
  for (std::size_t start = 0; start < rest.size() && overrides.size() < 8;) {
    std::size_t end = rest.find('\n', start);
    std::string line = rest.substr(start, end == std::string::npos ? end : end - start);
    if (!line.empty()) overrides.push_back(line);
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

// Clusters the fuzzer builds are kept small: a cluster at Kubernetes' maxima is valid input
// that needs gigabytes under ASan's shadow memory and is exercised by the scale benchmarks
// (docs/performance.md), not here. What the fuzzer looks for (crashes, hangs, blow-ups out of
// proportion to the input) shows at any size.
bool smallCluster(const kns::scenarios::LoadedScenario& loaded) {
  const auto& spec = loaded.scenario.spec();
  if (spec.cluster().nodes().count() > 200) return false;
  std::int64_t pods = 0;
  for (const auto& w : loaded.manifests.workloads) pods += w.replicas;
  for (const auto& c : spec.cluster().ingress_controllers()) pods += c.replicas();
  for (const auto& step : spec.timeline()) pods += step.replicas();
  for (const auto& [index, manifests] : loaded.timeline_manifests) {
    for (const auto& w : manifests.workloads) pods += w.replicas;
  }
  return pods <= 4000 && loaded.manifests.services.size() <= 500;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> overrides;
  splitOverrides(text, overrides);
  kns::scenarios::Diagnostics diagnostics;
  kns::scenarios::LoadedScenario loaded;
  bool ok = kns::scenarios::loadScenarioText(text, "fuzz.yaml", KNS_EXAMPLES_DIR, loaded,
                                             diagnostics, overrides);
  (void)diagnostics.str();
  if (!ok || !smallCluster(loaded)) return 0;
  kns::scenarios::LiveRunOptions options;
  // Small ceilings keep each input to a fraction of a second.
  options.budget = {
      .max_events = 200'000, .max_events_per_second = 100'000, .max_events_per_instant = 10'000};
  std::unique_ptr<kns::scenarios::LiveRun> run =
      kns::scenarios::LiveRun::start(loaded, options, diagnostics);
  if (!run) return 0;
  try {
    run->runUntil(kns::sim::Time{std::chrono::seconds(3)});
  } catch (const kns::sim::WorkBudgetExceeded&) {
  } catch (const kns::sim::SimulationError& e) {
    // An event that throws is a model bug the loader should have prevented: report it.
    std::fprintf(stderr, "run error: %s\n", e.what());
    __builtin_trap();
  }
  run->finish();
  (void)run->report(false);
  return 0;
}
