#include <gtest/gtest.h>

#include "cluster_fixture.h"

namespace kns::models::testing {
namespace {

// A busy timeline: random start-up times, a rollout, a node failure, scaling and deletions.
std::vector<std::string> runTimeline(std::uint64_t seed) {
  sim::Simulator sim({.seed = seed});
  RecordingTelemetry telemetry;
  ClusterConfig config;
  config.zones = {"a", "b", "c"};
  config.control_plane.endpoint_propagation = 300ms;
  World world(sim, config, &telemetry);
  for (int i = 0; i < 6; ++i) {
    world.addNode({"node-" + std::to_string(i), config.zones[static_cast<std::size_t>(i) % 3]});
  }
  WorkloadSpec spec = deployment("web", 8);
  spec.pod.startup = DurationDistribution::lognormal(4s, 0.6);
  WorkloadId web = world.createWorkload(spec);
  world.createService(serviceFor("web"));
  sim.runUntil(sim::Time{30s});
  PodTemplate next = spec.pod;
  next.revision = "2";
  world.rollout(web, next);
  sim.runUntil(sim::Time{45s});
  world.failNode(world.findNode("node-2"));
  world.scale(web, 12);
  sim.runUntil(sim::Time{100s});
  world.deletePod(world.podsOf(web).back());
  sim.runUntil(sim::Time{500s});
  return telemetry.log;
}

TEST(ClusterDeterminism, SameSeedAndActionsGiveTheSameTelemetry) {
  std::vector<std::string> first = runTimeline(42);
  EXPECT_GT(first.size(), 100u);
  EXPECT_EQ(first, runTimeline(42));
}

TEST(ClusterDeterminism, AnotherSeedGivesOtherStartUpTimes) {
  EXPECT_NE(runTimeline(42), runTimeline(43));
}

}  // namespace
}  // namespace kns::models::testing
