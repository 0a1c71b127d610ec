// Reports are built from recorded facts, not from the live model: once a run has ended, its
// simulation (World, controllers, data plane) can be destroyed and the report, its JSON and the
// Chrome trace still come out the same, names and all.
#include <gtest/gtest.h>

#include "reports/chrome_trace.h"
#include "reports/report_builder.h"
#include "reports/report_files.h"
#include "scenarios/live_run.h"
#include "scenarios/scenario_loader.h"
#include "scenarios/scenario_slos.h"

namespace kns::scenarios {
namespace {

class ReportAfterSimulation : public ::testing::TestWithParam<const char*> {};

TEST_P(ReportAfterSimulation, IsTheSameWithTheSimulationGone) {
  LoadedScenario scenario;
  Diagnostics diagnostics;
  ASSERT_TRUE(loadScenarioFile(std::string(KNS_SOURCE_DIR) + "/scenarios/examples/" + GetParam(),
                               scenario, diagnostics))
      << diagnostics.str();
  LiveRunOptions options;
  options.trace_fraction = 0.05;
  std::unique_ptr<LiveRun> run = LiveRun::start(scenario, options, diagnostics);
  ASSERT_NE(run, nullptr) << diagnostics.str();
  run->runUntil(run->end());
  run->finish();
  std::string with_simulation = reports::reportJson(run->report(false));
  std::string trace_with = reports::chromeTraceJson(
      run->recorder().traces(), run->recorder().facts(), run->recorder().config().source_names);

  reports::RunMetadata metadata = run->metadata(false, "");
  std::unique_ptr<reports::Recorder> recorder = run->takeRecorder();
  std::unique_ptr<Simulation> simulation = run->takeSimulation();
  simulation.reset();  // the World, its pods, the controllers and their route lists: gone
  run.reset();

  ASSERT_NE(recorder->facts(), nullptr);
  std::string without =
      reports::reportJson(reports::buildReport(*recorder, metadata, scenario.typed.slos));
  EXPECT_EQ(without, with_simulation);
  EXPECT_NE(without.find("\"kind\": \"pod\""), std::string::npos);
  // Every pod and Service is named from the facts: none falls back to its id ("pod-7").
  for (const char* fallback : {"\"name\": \"pod-", "\"name\": \"service-"}) {
    EXPECT_EQ(without.find(fallback), std::string::npos) << fallback << " in " << GetParam();
  }
  EXPECT_EQ(reports::chromeTraceJson(recorder->traces(), recorder->facts(),
                                     recorder->config().source_names),
            trace_with);
}

INSTANTIATE_TEST_SUITE_P(Examples, ReportAfterSimulation,
                         ::testing::Values("clusterip.yaml", "rollout-stale-endpoints.yaml",
                                           "ingress-canary.yaml", "node-failure.yaml"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           name = name.substr(0, name.find('.'));
                           for (char& c : name) c = c == '-' ? '_' : c;
                           return name;
                         });

}  // namespace
}  // namespace kns::scenarios
