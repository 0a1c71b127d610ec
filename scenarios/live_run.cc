#include "scenarios/live_run.h"

#include "scenarios/scenario_slos.h"

namespace kns::scenarios {

sim::WorkBudget defaultWorkBudget() {
  return {.max_events = 2'000'000'000,
          .max_events_per_second = 500'000'000,
          .max_events_per_instant = 10'000'000};
}

LiveRun::LiveRun(const LoadedScenario& scenario, LiveRunOptions options)
    : scenario_(scenario), options_(std::move(options)) {}

LiveRun::~LiveRun() {
  if (simulation_) simulation_->simulator().setObserver(nullptr);
}

std::unique_ptr<LiveRun> LiveRun::start(const LoadedScenario& scenario,
                                        const LiveRunOptions& options, Diagnostics& diagnostics) {
  const proto::ScenarioSpec& spec = scenario.scenario.spec();
  std::unique_ptr<LiveRun> run(new LiveRun(scenario, options));
  reports::RecorderConfig config;
  config.end = sim::Time{scenario.typed.duration};
  for (const proto::Traffic& t : spec.traffic()) config.source_names.push_back(t.name());
  config.trace_fraction = options.trace_fraction;
  config.trace_limit = options.trace_limit;
  run->recorder_ = std::make_unique<reports::Recorder>(config);
  // The facts first, so the recorder finds an object's facts before anything that needs them.
  run->facts_ = std::make_unique<FactRecorder>(run->recorder_->recordFacts());
  run->facts_tee_ = std::make_unique<models::TelemetryTee>(*run->facts_, *run->recorder_);
  models::Telemetry* telemetry = run->facts_tee_.get();
  if (options.observer != nullptr) {
    run->tee_ = std::make_unique<models::TelemetryTee>(*run->facts_tee_, *options.observer);
    telemetry = run->tee_.get();
  }
  run->simulation_ =
      std::make_unique<Simulation>(scenario, telemetry, diagnostics, options.replication);
  if (diagnostics.hasErrors()) return nullptr;
  Simulation& simulation = *run->simulation_;
  run->facts_->attach(simulation.world());
  reports::IngressNames names;
  for (const auto& controller : simulation.dataPlane().ingressControllers()) {
    names.routes.push_back(&controller->routeNames());
    names.ingresses.push_back(&controller->routeIngresses());
  }
  run->recorder_->setIngressNames(std::move(names));
  simulation.simulator().setObserver(&run->fingerprint_);
  simulation.simulator().setBudget(options.budget);
  simulation.simulator().setInterruptFlag(options.interrupt);
  return run;
}

bool LiveRun::stepEvent() {
  sim::Simulator& sim = simulation_->simulator();
  if (finished() || sim.nextEventTime() > end()) return false;
  return sim.step();
}

reports::RunMetadata LiveRun::metadata(bool interrupted, const std::string& stopped_by) const {
  reports::RunMetadata run;
  run.scenario = scenario_.scenario.metadata().name();
  run.file = scenario_.file;
  run.seed = scenario_.typed.seed;
  run.replication = options_.replication;
  run.duration = recorder_->config().end.time_since_epoch();
  run.simulated = now();
  run.fingerprint = fingerprint_.hex();
  run.events = fingerprint_.events();
  run.interrupted = interrupted;
  run.stopped_by = stopped_by;
  run.overrides = options_.overrides;
  run.timeline = simulation_->timelineMarks();
  return run;
}

reports::proto::Report LiveRun::report(bool interrupted,
                                       const std::optional<std::vector<reports::SloSpec>>& slos,
                                       const std::string& stopped_by) const {
  std::vector<reports::SloSpec> judged = slos ? *slos : scenario_.typed.slos;
  if (finished_) return reports::buildReport(*recorder_, metadata(interrupted, stopped_by), judged);
  reports::Recorder copy = *recorder_;
  copy.flush(now());
  return reports::buildReport(copy, metadata(interrupted, stopped_by), judged);
}

void LiveRun::finish() {
  if (finished_) return;
  simulation_->simulator().setObserver(nullptr);
  recorder_->flush(now());
  recorder_->keepIngressNames();
  finished_ = true;
}

}  // namespace kns::scenarios
