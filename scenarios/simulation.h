// A loaded scenario turned into a running simulation: cluster, manifests, traffic, timeline.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "models/telemetry.h"
#include "models/traffic/data_plane.h"
#include "models/world.h"
#include "scenarios/diagnostics.h"
#include "scenarios/manifests/apply_manifests.h"
#include "scenarios/scenario_loader.h"
#include "sim/simulator.h"

namespace kns::scenarios {

// Builds everything a validated scenario describes on a Simulator seeded from it, and runs it.
// Construction reports anything the API server would refuse (a taken nodePort, say) to
// `diagnostics`; check hasErrors() before run().
class Simulation {
 public:
  // `replication` gives independent random streams for the same seed (sweeps' replications).
  Simulation(const LoadedScenario& scenario, models::Telemetry* telemetry, Diagnostics& diagnostics,
             std::uint64_t replication = 0);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Runs to the scenario's duration.
  void run();
  // Runs to `t` (at most the end); call repeatedly to run in steps (progress, interruption).
  void runUntil(sim::Time t);
  sim::Time end() const { return end_; }
  // The timeline's events with a short label ("rollout deployment/web"), for charts.
  const std::vector<std::pair<sim::Time, std::string>>& timelineMarks() const { return marks_; }

  sim::Simulator& simulator() { return *sim_; }
  models::World& world() { return *world_; }
  models::DataPlane& dataPlane() { return *data_; }
  const AppliedManifests& applied() const { return applied_; }

 private:
  void build(const LoadedScenario& scenario, models::Telemetry* telemetry, Diagnostics& diagnostics,
             std::uint64_t replication);
  void addTraffic(const LoadedScenario& scenario, Diagnostics& diagnostics);
  void throughIngressController(const TargetUrl& url, models::TrafficSpec& traffic);
  void scheduleTimeline(const LoadedScenario& scenario, Diagnostics& diagnostics);
  // What a timeline event does when its time comes ({} when its target is missing).
  std::function<void()> actionOf(const TypedTimelineEvent& event, Diagnostics& diagnostics);
  std::function<void()> applyAction(const LoadedScenario& scenario, const TypedTimelineEvent& event,
                                    Diagnostics& diagnostics);
  void changeSetting(RuntimeSetting setting, sim::Duration value);

  std::unique_ptr<sim::Simulator> sim_;
  std::unique_ptr<models::World> world_;
  std::unique_ptr<models::DataPlane> data_;
  AppliedManifests applied_;
  sim::Time end_;
  std::vector<std::pair<sim::Time, std::string>> marks_;
  PodCustomizer customize_;  // the scenario's workloads: start-up and preStop of pod templates
};

}  // namespace kns::scenarios
