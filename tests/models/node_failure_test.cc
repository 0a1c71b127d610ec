#include <gtest/gtest.h>

#include "cluster_fixture.h"

namespace kns::models::testing {
namespace {

class NodeFailure : public ClusterTest {};

TEST_F(NodeFailure, PodsAreMarkedNotReadyAfterTheGraceAndRescheduledAfterTheToleration) {
  build(3);
  WorkloadId web = world().createWorkload(deployment("web", 3));
  runUntil(100s);
  NodeId dead = world().findNode("node-0");
  PodId victim;
  for (PodId id : world().podsOf(web)) {
    if (world().pod(id).node == dead) victim = id;
  }
  ASSERT_TRUE(victim.valid());
  world().failNode(dead);
  runUntil(149s);
  EXPECT_TRUE(world().pod(victim).ready);  // the control plane has not noticed yet
  runUntil(1000s);
  // NotReady at 100 + 50 s (node-monitor-grace-period); evicted 300 s later (toleration).
  EXPECT_EQ(timeOf(victim, PodEventKind::NotReady), sim::Time{150s});
  EXPECT_EQ(timeOf(victim, PodEventKind::Terminating), sim::Time{450s});
  // The dead kubelet cannot finish the pod: it stays Terminating.
  EXPECT_TRUE(world().pod(victim).terminating());
  // Its replacement runs elsewhere.
  EXPECT_EQ(count(web, isReady), 3);
  for (PodId id : world().podsOf(web)) {
    const Pod& pod = world().pod(id);
    if (pod.active()) {
      EXPECT_NE(pod.node, dead);
      if (id != victim && pod.created >= sim::Time{450s}) {
        EXPECT_EQ(pod.created, sim::Time{450s});
      }
    }
  }
  // When the node returns, the kubelet finishes the evicted pod.
  world().recoverNode(dead);
  runUntil(1001s);
  EXPECT_TRUE(world().pod(victim).gone);
  EXPECT_TRUE(world().node(dead).ready);
}

TEST_F(NodeFailure, TolerationAndGraceAreConfigurable) {
  ClusterConfig config;
  config.control_plane.node_monitor_grace = 10s;
  config.control_plane.not_ready_toleration = 20s;
  build(2, config);
  WorkloadId web = world().createWorkload(deployment("web", 2));
  runUntil(10s);
  PodId victim = world().podsOf(web)[0];
  world().failNode(world().pod(victim).node);
  runUntil(100s);
  EXPECT_EQ(timeOf(victim, PodEventKind::NotReady), sim::Time{20s});
  EXPECT_EQ(timeOf(victim, PodEventKind::Terminating), sim::Time{40s});
}

TEST_F(NodeFailure, ANodeBackBeforeTheGraceIsNeverMarkedNotReady) {
  build(2);
  WorkloadId web = world().createWorkload(deployment("web", 2));
  runUntil(10s);
  NodeId node = world().pod(world().podsOf(web)[0]).node;
  world().failNode(node);
  runUntil(30s);
  world().recoverNode(node);
  runUntil(200s);
  for (const NodeEvent& e : telemetry_.node_events) EXPECT_NE(e.kind, NodeEventKind::NotReady);
  EXPECT_EQ(count(web, isReady), 2);  // restarted containers passed their probes again
}

TEST_F(NodeFailure, DrainMovesEveryPodOff) {
  build(3);
  WorkloadId web = world().createWorkload(deployment("web", 6));
  runUntil(10s);
  NodeId drained = world().findNode("node-1");
  world().drain(drained);
  runUntil(60s);
  EXPECT_TRUE(world().node(drained).pods.empty());
  EXPECT_EQ(count(web, isReady), 6);
  EXPECT_TRUE(world().node(drained).cordoned);
}

}  // namespace
}  // namespace kns::models::testing
