// A small cluster for tests: a Simulator, a World and a telemetry recorder.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "models/world.h"
#include "recording_telemetry.h"

namespace kns::models::testing {

using namespace std::chrono_literals;

inline WorkloadSpec deployment(const std::string& name, int replicas) {
  WorkloadSpec spec;
  spec.kind = WorkloadKind::Deployment;
  spec.name = name;
  spec.replicas = replicas;
  spec.selector.match_labels = {{"app", name}};
  spec.pod.labels = {{"app", name}};
  spec.pod.startup = DurationDistribution::constant(2s);
  spec.pod.readiness.period = 1s;
  return spec;
}

inline ServiceSpec serviceFor(const std::string& name) {
  ServiceSpec spec;
  spec.name = name;
  spec.selector = {{"app", name}};
  return spec;
}

class ClusterTest : public ::testing::Test {
 protected:
  // `nodes` nodes spread over the config's zones, named node-0, node-1, ...
  void build(int nodes, ClusterConfig config = {}, std::uint64_t seed = 1) {
    world_.reset();  // actors before the simulator they schedule on
    sim_ = std::make_unique<sim::Simulator>(sim::SimulatorConfig{.seed = seed});
    world_ = std::make_unique<World>(*sim_, std::move(config), &telemetry_);
    const auto& zones = world_->config().zones;
    for (int i = 0; i < nodes; ++i) {
      world_->addNode(
          {"node-" + std::to_string(i), zones[static_cast<std::size_t>(i) % zones.size()]});
    }
  }
  World& world() { return *world_; }
  void runUntil(sim::Duration t) { sim_->runUntil(sim::Time{t}); }

  int count(WorkloadId w, bool (*predicate)(const Pod&)) {
    int n = 0;
    for (PodId id : world_->podsOf(w)) n += predicate(world_->pod(id));
    return n;
  }
  // When the pod first had an event of this kind, if ever.
  std::optional<sim::Time> timeOf(PodId pod, PodEventKind kind) const {
    for (const PodEvent& e : telemetry_.pod_events) {
      if (e.pod == pod && e.kind == kind) return e.time;
    }
    return std::nullopt;
  }
  static bool isReady(const Pod& p) { return p.ready && !p.deletion; }
  static bool isActive(const Pod& p) { return p.active(); }

  RecordingTelemetry telemetry_;
  std::unique_ptr<sim::Simulator> sim_;
  std::unique_ptr<World> world_;
};

}  // namespace kns::models::testing
