#include <gtest/gtest.h>

#include "cluster_fixture.h"

namespace kns::models::testing {
namespace {

class PodLifecycle : public ClusterTest {
 protected:
  PodId onlyPod(WorkloadId w) {
    auto pods = world().podsOf(w);
    EXPECT_EQ(pods.size(), 1u);
    return pods.front();
  }
};

TEST_F(PodLifecycle, StartsThenBecomesReadyAtTheFirstPassingProbe) {
  build(1);
  WorkloadSpec spec = deployment("web", 1);
  spec.pod.startup = DurationDistribution::constant(3s);
  spec.pod.readiness.initial_delay = 5s;
  WorkloadId web = world().createWorkload(spec);
  runUntil(60s);
  PodId pod = onlyPod(web);
  EXPECT_EQ(timeOf(pod, PodEventKind::Scheduled), sim::Time{0s});
  EXPECT_EQ(timeOf(pod, PodEventKind::Running), sim::Time{3s});
  EXPECT_EQ(timeOf(pod, PodEventKind::Ready), sim::Time{8s});
  EXPECT_TRUE(world().pod(pod).ip);
}

TEST_F(PodLifecycle, ReadinessLossIsNoticedAfterPeriodTimesFailureThreshold) {
  build(1);
  WorkloadSpec spec = deployment("web", 1);
  spec.pod.readiness.period = 10s;
  spec.pod.readiness.failure_threshold = 3;
  WorkloadId web = world().createWorkload(spec);
  runUntil(30s);  // running and ready at 2 s; probes at 2, 12, 22, 32 s ...
  PodId pod = onlyPod(web);
  world().setPodHealthy(pod, false);
  runUntil(100s);
  // Failing probes at 32, 42 and 52 s: the third one flips Ready.
  EXPECT_EQ(timeOf(pod, PodEventKind::NotReady), sim::Time{52s});
  world().setPodHealthy(pod, true);
  runUntil(120s);
  EXPECT_TRUE(world().pod(pod).ready);  // one success suffices (successThreshold 1)
}

TEST_F(PodLifecycle, GracefulTerminationLastsPreStopPlusShutdownCappedByTheGracePeriod) {
  build(1);
  WorkloadSpec spec = deployment("web", 2);
  spec.pod.pre_stop = 5s;
  spec.pod.shutdown = 3s;
  WorkloadId web = world().createWorkload(spec);
  runUntil(10s);
  auto pods = world().podsOf(web);
  world().deletePod(pods[0]);
  runUntil(100s);
  EXPECT_EQ(timeOf(pods[0], PodEventKind::Terminating), sim::Time{10s});
  EXPECT_EQ(timeOf(pods[0], PodEventKind::Deleted), sim::Time{18s});

  WorkloadSpec slow = deployment("slow", 1);
  slow.pod.pre_stop = 40s;  // longer than terminationGracePeriodSeconds (30 s): SIGKILL at 30 s
  WorkloadId slow_id = world().createWorkload(slow);
  runUntil(110s);
  PodId victim = world().podsOf(slow_id).front();
  world().deletePod(victim);
  runUntil(200s);
  EXPECT_EQ(timeOf(victim, PodEventKind::Deleted), sim::Time{140s});
}

TEST_F(PodLifecycle, ADeletedPodIsReplacedAtOnceWhileItStillTerminates) {
  build(2);
  WorkloadSpec spec = deployment("web", 1);
  spec.pod.pre_stop = 20s;
  WorkloadId web = world().createWorkload(spec);
  runUntil(10s);
  PodId old_pod = onlyPod(web);
  world().deletePod(old_pod);
  runUntil(15s);
  // Terminating pods are not active: the ReplicaSet has already made a new one.
  EXPECT_EQ(world().podsOf(web).size(), 2u);
  EXPECT_EQ(count(web, isActive), 1);
  EXPECT_TRUE(world().pod(old_pod).terminating());
}

}  // namespace
}  // namespace kns::models::testing
