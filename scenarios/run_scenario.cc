#include "scenarios/run_scenario.h"

#include <new>

namespace kns::scenarios {

bool runScenario(const LoadedScenario& scenario, const RunOptions& options, RunResult& result,
                 Diagnostics& diagnostics) {
  LiveRunOptions live;
  live.trace_fraction = options.trace_fraction;
  live.trace_limit = options.trace_limit;
  live.replication = options.replication;
  live.overrides = options.overrides;
  live.budget = options.budget;
  live.interrupt = options.interrupt;
  std::unique_ptr<LiveRun> run = LiveRun::start(scenario, live, diagnostics);
  if (!run) return false;

  // A run that fails part-way (an event's exception, a work ceiling, memory) still gives the
  // report of what happened until then, marked with the reason.
  try {
    sim::Time now{};
    while (now < run->end()) {
      now = options.on_step ? std::min(now + options.step, run->end()) : run->end();
      run->runUntil(now);
      if (run->interrupted() ||
          (options.on_step &&
           !options.on_step(run->now(), run->simulation().simulator().eventCount()) &&
           run->now() < run->end())) {
        result.interrupted = true;
        result.stopped_by = "interrupt";
        break;
      }
    }
  } catch (const std::bad_alloc&) {
    result.interrupted = true;
    result.stopped_by = "at " + sim::formatTime(run->now()) + ", the run ran out of memory";
  } catch (const std::exception& e) {
    result.interrupted = true;
    result.stopped_by = e.what();
  }
  run->finish();
  result.report = run->report(result.interrupted, options.slos, result.stopped_by);
  result.traces = run->recorder().traces();
  result.recorder = run->takeRecorder();

  return true;
}

}  // namespace kns::scenarios
