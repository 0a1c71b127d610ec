#include "scenarios/run_scenario.h"

#include "reports/report_builder.h"
#include "scenarios/scenario_slos.h"
#include "sim/fingerprint.h"

namespace kns::scenarios {

bool runScenario(const LoadedScenario& scenario, const RunOptions& options, RunResult& result,
                 Diagnostics& diagnostics) {
  const proto::ScenarioSpec& spec = scenario.scenario.spec();
  reports::RecorderConfig config;
  config.end = sim::Time{spec.duration().empty() ? std::chrono::seconds(60)
                                                 : sim::parseDuration(spec.duration())};
  for (const proto::Traffic& t : spec.traffic()) config.source_names.push_back(t.name());
  config.trace_fraction = options.trace_fraction;
  config.trace_limit = options.trace_limit;
  result.recorder = std::make_unique<reports::Recorder>(config);
  result.simulation = std::make_unique<Simulation>(scenario, result.recorder.get(), diagnostics,
                                                   options.replication);
  if (diagnostics.hasErrors()) return false;
  Simulation& simulation = *result.simulation;
  result.recorder->attach(&simulation.world());
  reports::IngressNames names;
  for (const auto& controller : simulation.dataPlane().ingressControllers()) {
    names.routes.push_back(&controller->routeNames());
    names.ingresses.push_back(&controller->routeIngresses());
  }
  result.recorder->setIngressNames(std::move(names));
  sim::Fingerprint fingerprint;
  simulation.simulator().setObserver(&fingerprint);

  sim::Time now{};
  while (now < simulation.end()) {
    now = options.on_step ? std::min(now + options.step, simulation.end()) : simulation.end();
    simulation.runUntil(now);
    if (options.on_step && !options.on_step(now, simulation.simulator().eventCount()) &&
        now < simulation.end()) {
      result.interrupted = true;
      break;
    }
  }
  simulation.simulator().setObserver(nullptr);
  result.recorder->flush(now);

  reports::RunMetadata run;
  run.scenario = scenario.scenario.metadata().name();
  run.file = scenario.file;
  run.seed = spec.has_seed() ? spec.seed() : 1;
  run.replication = options.replication;
  run.duration = config.end.time_since_epoch();
  run.simulated = now;
  run.fingerprint = fingerprint.hex();
  run.events = fingerprint.events();
  run.interrupted = result.interrupted;
  run.overrides = options.overrides;
  run.timeline = simulation.timelineMarks();
  result.report =
      reports::buildReport(*result.recorder, run, options.slos ? *options.slos : sloSpecs(spec));
  result.traces = result.recorder->traces();
  return true;
}

}  // namespace kns::scenarios
