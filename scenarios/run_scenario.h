// One scenario run from a loaded file to its Report: the shared core of `kubenetsim run`,
// `sweep` and the tests.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "reports/recorder.h"
#include "reports/report.pb.h"
#include "reports/slo.h"
#include "scenarios/live_run.h"
#include "scenarios/simulation.h"

namespace kns::scenarios {

struct RunOptions {
  // Requests kept whole for the Chrome trace (a deterministic sample by request id).
  double trace_fraction = 0;
  std::size_t trace_limit = 2000;
  // Called every `step` of simulated time; returning false stops the run early (a partial
  // report marked interrupted). Steps never change results: events run in the same order.
  std::function<bool(sim::Time now, std::uint64_t events)> on_step;
  sim::Duration step = std::chrono::seconds(1);
  std::vector<std::string> overrides;  // recorded in the report
  std::uint64_t replication = 0;       // independent random streams for the same seed
  // SLOs judged instead of the scenario's (sweeps given --slo).
  std::optional<std::vector<reports::SloSpec>> slos;
  // Ceilings on the run's events, and a Ctrl-C flag (see LiveRunOptions).
  sim::WorkBudget budget = defaultWorkBudget();
  const std::atomic<bool>* interrupt = nullptr;
};

struct RunResult {
  reports::proto::Report report;
  std::vector<models::RequestRecord> traces;
  bool interrupted = false;
  // Why the run stopped early: "interrupt", or the run error (an event that failed, a work
  // ceiling) with its simulated time; "" when it ran to its end.
  std::string stopped_by;
  bool failed() const { return !stopped_by.empty() && stopped_by != "interrupt"; }
  // What the run recorded, with the cluster's facts: enough for the trace and any later report
  // (the simulation itself is let go when the run ends).
  std::unique_ptr<reports::Recorder> recorder;
};

// Builds and runs `scenario`. False (with diagnostics) when building it fails.
bool runScenario(const LoadedScenario& scenario, const RunOptions& options, RunResult& result,
                 Diagnostics& diagnostics);

}  // namespace kns::scenarios
