#include "scenarios/run_scenario.h"

#include "scenarios/live_run.h"

namespace kns::scenarios {

bool runScenario(const LoadedScenario& scenario, const RunOptions& options, RunResult& result,
                 Diagnostics& diagnostics) {
  LiveRunOptions live;
  live.trace_fraction = options.trace_fraction;
  live.trace_limit = options.trace_limit;
  live.replication = options.replication;
  live.overrides = options.overrides;
  std::unique_ptr<LiveRun> run = LiveRun::start(scenario, live, diagnostics);
  if (!run) return false;

  sim::Time now{};
  while (now < run->end()) {
    now = options.on_step ? std::min(now + options.step, run->end()) : run->end();
    run->runUntil(now);
    if (options.on_step && !options.on_step(now, run->simulation().simulator().eventCount()) &&
        now < run->end()) {
      result.interrupted = true;
      break;
    }
  }
  run->finish();
  result.report = run->report(result.interrupted, options.slos);
  result.traces = run->recorder().traces();
  result.recorder = run->takeRecorder();
  result.simulation = run->takeSimulation();
  return true;
}

}  // namespace kns::scenarios
