// A scenario run that advances in steps and can report at any moment: the core of runScenario
// (headless runs, sweeps) and of the GUI's session, so both see the same numbers.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/telemetry_tee.h"
#include "reports/recorder.h"
#include "reports/report.pb.h"
#include "reports/report_builder.h"
#include "reports/slo.h"
#include "scenarios/fact_recorder.h"
#include "scenarios/simulation.h"
#include "sim/fingerprint.h"

namespace kns::scenarios {

// The ceilings every run has unless its command raises them: 2 x 10^9 events in all (about ten
// minutes of this machine's time), 5 x 10^8 in one simulated second, 10^7 at one instant.
sim::WorkBudget defaultWorkBudget();

struct LiveRunOptions {
  double trace_fraction = 0;  // requests kept whole for the Chrome trace
  std::size_t trace_limit = 2000;
  std::uint64_t replication = 0;
  std::vector<std::string> overrides;  // recorded in the report
  // Also told of everything the recorder is (the GUI); not owned, may be null.
  models::Telemetry* observer = nullptr;
  // Ceilings on the run's events (WorkBudgetExceeded past one); see defaultWorkBudget().
  sim::WorkBudget budget = defaultWorkBudget();
  // A Ctrl-C flag: runUntil() returns soon after it turns true (interrupted() then says so).
  const std::atomic<bool>* interrupt = nullptr;
};

class LiveRun {
 public:
  // Builds the simulation; null (with diagnostics) when the scenario cannot be built.
  static std::unique_ptr<LiveRun> start(const LoadedScenario& scenario,
                                        const LiveRunOptions& options, Diagnostics& diagnostics);
  ~LiveRun();
  LiveRun(const LiveRun&) = delete;
  LiveRun& operator=(const LiveRun&) = delete;

  // Runs to `t` (at most the scenario's end). Steps never change results. An event's exception
  // leaves as sim::SimulationError, a ceiling as sim::WorkBudgetExceeded; report() still works.
  void runUntil(sim::Time t) { simulation_->runUntil(t); }
  // Runs the next event if it is before the end; false when there is none.
  bool stepEvent();
  sim::Time now() const { return simulation_->simulator().now(); }
  sim::Time end() const { return simulation_->end(); }
  bool finished() const { return now() >= end(); }
  // The last runUntil() stopped early because the interrupt flag turned true.
  bool interrupted() const { return simulation_->simulator().interrupted(); }
  std::uint64_t events() const { return fingerprint_.events(); }
  std::string fingerprint() const { return fingerprint_.hex(); }

  // The report of what happened up to now(). The recorder is copied and the copy's windows
  // closed, so asking mid-run changes nothing in the run or in its final report.
  // `stopped_by` says why a partial run stopped ("interrupt" or the run error).
  reports::proto::Report report(bool interrupted,
                                const std::optional<std::vector<reports::SloSpec>>& slos = {},
                                const std::string& stopped_by = "") const;
  // Ends the run where it is: closes the recorder's windows and detaches the fingerprint.
  // Then report() and the recorder hold the final figures.
  void finish();

  // What a report says about the run itself (scenario, seed, fingerprint, timeline marks).
  reports::RunMetadata metadata(bool interrupted, const std::string& stopped_by) const;

  Simulation& simulation() { return *simulation_; }
  const Simulation& simulation() const { return *simulation_; }
  reports::Recorder& recorder() { return *recorder_; }
  const LoadedScenario& scenario() const { return scenario_; }

  // For runScenario's result: the run's parts outlive it.
  std::unique_ptr<reports::Recorder> takeRecorder() { return std::move(recorder_); }
  std::unique_ptr<Simulation> takeSimulation() { return std::move(simulation_); }

 private:
  LiveRun(const LoadedScenario& scenario, LiveRunOptions options);

  const LoadedScenario& scenario_;
  LiveRunOptions options_;
  std::unique_ptr<reports::Recorder> recorder_;
  std::unique_ptr<FactRecorder> facts_;  // fills the recorder's ClusterFacts
  std::unique_ptr<models::TelemetryTee> facts_tee_;
  std::unique_ptr<models::TelemetryTee> tee_;
  std::unique_ptr<Simulation> simulation_;
  sim::Fingerprint fingerprint_;
  bool finished_ = false;
};

}  // namespace kns::scenarios
