#include <gtest/gtest.h>

#include <set>

#include "cluster_fixture.h"

namespace kns::models::testing {
namespace {

TEST(IntOrPercent, RoundsLikeTheDeploymentController) {
  EXPECT_EQ(IntOrPercent::percentage(25).resolve(10, true), 3);   // maxSurge: ceil(2.5)
  EXPECT_EQ(IntOrPercent::percentage(25).resolve(10, false), 2);  // maxUnavailable: floor(2.5)
  EXPECT_EQ(IntOrPercent::percentage(25).resolve(4, true), 1);
  EXPECT_EQ(IntOrPercent::percentage(25).resolve(3, false), 0);
  EXPECT_EQ(IntOrPercent::count(2).resolve(10, true), 2);
}

// Watches every pod event and checks the rolling-update guarantees at each step. Kubernetes
// counts pods of the ReplicaSets (not terminating ones) for maxSurge and available pods for
// maxUnavailable; with minReadySeconds 0, available means Ready.
class RolloutWatcher : public RecordingTelemetry {
 public:
  void onPodEvent(const PodEvent& e) override {
    RecordingTelemetry::onPodEvent(e);
    if (world == nullptr || !armed) return;
    int active = 0, ready = 0;
    for (PodId id : world->podsOf(workload)) {
      const Pod& pod = world->pod(id);
      active += pod.active();
      ready += pod.active() && pod.ready;
    }
    max_active = std::max(max_active, active);
    min_ready = std::min(min_ready, ready);
  }
  World* world = nullptr;
  WorkloadId workload;
  bool armed = false;
  int max_active = 0;
  int min_ready = 1 << 30;
};

class RollingUpdate : public ::testing::TestWithParam<int> {};

TEST_P(RollingUpdate, TenReplicasStayWithinMaxSurgeAndMaxUnavailable) {
  sim::Simulator sim({.seed = 7});
  RolloutWatcher watcher;
  ClusterConfig config;
  config.zones = {"a", "b"};
  World world(sim, config, &watcher);
  for (int i = 0; i < GetParam(); ++i) {
    world.addNode({"node-" + std::to_string(i), i % 2 ? "b" : "a"});
  }
  WorkloadSpec spec = deployment("web", 10);
  spec.pod.startup = DurationDistribution::exponential(3s);  // uneven start-up times
  WorkloadId web = world.createWorkload(spec);
  sim.runUntil(sim::Time{60s});

  std::set<std::string> old_ips;
  for (PodId id : world.podsOf(web)) old_ips.insert(world.pod(id).ip->str());
  ASSERT_EQ(old_ips.size(), 10u);

  watcher.world = &world;
  watcher.workload = web;
  watcher.armed = true;
  PodTemplate next = spec.pod;
  next.revision = "2";
  world.rollout(web, next);
  sim.runUntil(sim::Time{300s});

  EXPECT_LE(watcher.max_active, 13);  // 10 + maxSurge ceil(25% of 10) = 3
  EXPECT_GE(watcher.min_ready, 8);    // 10 - maxUnavailable floor(25% of 10) = 2
  int new_ready = 0, alive = 0;
  for (PodId id : world.podsOf(web)) {
    const Pod& pod = world.pod(id);
    if (pod.gone) continue;
    ++alive;
    EXPECT_EQ(pod.spec.revision, "2");
    new_ready += pod.ready;
    // host-local IPAM continues after the last address given, so in a /24 nothing is reused yet.
    EXPECT_FALSE(old_ips.count(pod.ip->str())) << pod.ip->str() << " was reused";
  }
  EXPECT_EQ(alive, 10);
  EXPECT_EQ(new_ready, 10);
}

INSTANTIATE_TEST_SUITE_P(NodeCounts, RollingUpdate, ::testing::Values(2, 5, 10));

class Deployments : public ClusterTest {};

TEST_F(Deployments, MinReadySecondsHoldsTheRolloutBack) {
  build(4);
  WorkloadSpec spec = deployment("web", 4);
  spec.min_ready = 20s;
  WorkloadId web = world().createWorkload(spec);
  runUntil(60s);
  PodTemplate next = spec.pod;
  next.revision = "2";
  world().rollout(web, next);
  // maxSurge 1, maxUnavailable 1 for 4 replicas. New pods are Ready 2 s after creation but only
  // available 20 s later, so after 10 s at most one old pod (the unavailable budget) is gone.
  runUntil(70s);
  int old_active = 0;
  for (PodId id : world().podsOf(web)) {
    const Pod& pod = world().pod(id);
    old_active += pod.active() && pod.spec.revision == "1";
  }
  EXPECT_EQ(old_active, 3);
  runUntil(400s);
  for (PodId id : world().podsOf(web)) {
    const Pod& pod = world().pod(id);
    if (pod.active()) {
      EXPECT_EQ(pod.spec.revision, "2");
    }
  }
  EXPECT_EQ(count(web, isReady), 4);
}

TEST_F(Deployments, ScaleDownRemovesNotReadyPodsFirst) {
  build(3);
  WorkloadId web = world().createWorkload(deployment("web", 3));
  runUntil(10s);
  PodId sick = world().podsOf(web)[1];
  world().setPodHealthy(sick, false);
  runUntil(20s);  // three failing probes, 1 s apart
  ASSERT_FALSE(world().pod(sick).ready);
  world().scale(web, 2);
  runUntil(25s);
  EXPECT_TRUE(world().pod(sick).gone);
  EXPECT_EQ(count(web, isReady), 2);
}

TEST_F(Deployments, ScaleDownAmongReadyPodsRemovesTheNewestFirst) {
  build(3);
  WorkloadId web = world().createWorkload(deployment("web", 2));
  runUntil(10s);
  world().scale(web, 3);
  runUntil(20s);
  PodId newest = world().podsOf(web).back();
  world().scale(web, 2);
  runUntil(30s);
  EXPECT_TRUE(world().pod(newest).gone);  // Ready for the shortest time
}

}  // namespace
}  // namespace kns::models::testing
