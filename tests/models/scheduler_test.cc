#include "models/cluster/scheduler.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "cluster_fixture.h"

namespace kns::models::testing {
namespace {

class Scheduling : public ClusterTest {};

TEST_F(Scheduling, SpreadsReplicasOverZonesThenNodes) {
  ClusterConfig config;
  config.zones = {"a", "b", "c"};
  build(6, config);  // node-0 a, node-1 b, node-2 c, node-3 a, node-4 b, node-5 c
  WorkloadId web = world().createWorkload(deployment("web", 3));
  runUntil(5s);
  std::set<std::string> zones;
  for (PodId id : world().podsOf(web)) zones.insert(world().node(world().pod(id).node).spec.zone);
  EXPECT_EQ(zones.size(), 3u);
  world().scale(web, 6);
  runUntil(10s);
  std::map<NodeId, int> per_node;
  for (PodId id : world().podsOf(web)) ++per_node[world().pod(id).node];
  EXPECT_EQ(per_node.size(), 6u);  // one per node
}

TEST_F(Scheduling, NodePoolsGoRoundRobinOverZones) {
  ClusterConfig config;
  config.zones = {"a", "b"};
  build(0, config);
  NodePoolSpec pool;
  pool.count = 3;
  pool.name_prefix = "worker-";
  std::vector<NodeId> ids = world().addNodePool(pool);
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(world().node(ids[2]).spec.name, "worker-2");
  EXPECT_EQ(world().node(ids[0]).spec.zone, "a");
  EXPECT_EQ(world().node(ids[1]).spec.zone, "b");
  EXPECT_EQ(world().node(ids[2]).spec.zone, "a");
  EXPECT_EQ(world().node(ids[1]).pod_cidr.str(), "10.244.1.0/24");
  EXPECT_EQ(world().node(ids[1]).ip.str(), "10.0.0.3");
  EXPECT_THROW(world().addNode({"worker-0", "a"}), std::invalid_argument);
  EXPECT_THROW(world().addNode({"x", "no-such-zone"}), std::invalid_argument);
}

TEST_F(Scheduling, BreaksTiesByNodeName) {
  build(3);
  WorkloadId web = world().createWorkload(deployment("web", 1));
  runUntil(1s);
  EXPECT_EQ(world().node(world().pod(world().podsOf(web)[0]).node).spec.name, "node-0");
}

TEST_F(Scheduling, SkipsNotReadyCordonedAndFullNodes) {
  build(3);
  world().cordon(world().findNode("node-0"));
  world().failNode(world().findNode("node-1"));
  runUntil(60s);  // node-1 is NotReady after the 50 s grace period
  WorkloadId web = world().createWorkload(deployment("web", 2));
  runUntil(70s);
  for (PodId id : world().podsOf(web)) {
    EXPECT_EQ(world().node(world().pod(id).node).spec.name, "node-2");
  }
}

TEST_F(Scheduling, PodCidrExhaustionIsAVisibleSchedulingFailure) {
  ClusterConfig config;
  config.node_cidr_prefix = 29;  // .2 to .6: five pod addresses per node
  build(1, config);
  WorkloadId web = world().createWorkload(deployment("web", 7));
  runUntil(10s);
  EXPECT_EQ(count(web, isReady), 5);
  ASSERT_EQ(telemetry_.scheduling_failures.size(), 2u);
  EXPECT_EQ(telemetry_.scheduling_failures[0].pod_cidr_exhausted, 1);
  EXPECT_EQ(world().scheduler().waiting().size(), 2u);

  // Freeing an address lets a waiting pod in. The ReplicaSet replaced the deleted pod at once,
  // so three pods waited and, with one address freed, two still wait.
  world().deletePod(world().podsOf(web).front());
  runUntil(20s);
  EXPECT_EQ(world().scheduler().waiting().size(), 2u);
  EXPECT_EQ(count(web, isReady), 5);
  EXPECT_EQ(count(web, isActive), 7);
}

TEST_F(Scheduling, WithLowestFreeIpamAReplacementPodTakesTheDeadPodsIp) {
  ClusterConfig config;
  config.ip_reuse = IpReusePolicy::LowestFree;
  build(1, config);
  WorkloadId web = world().createWorkload(deployment("web", 2));
  runUntil(10s);
  PodId victim = world().podsOf(web)[0];
  Ipv4 ip = *world().pod(victim).ip;
  world().deletePod(victim);  // exits at once (no preStop), freeing its address
  runUntil(20s);
  // The ReplicaSet's replacement is scheduled after the victim is gone and takes its address.
  PodId replacement = world().podsOf(web).back();
  EXPECT_NE(replacement, victim);
  EXPECT_EQ(world().pod(replacement).created, sim::Time{10s});
  EXPECT_EQ(*world().pod(replacement).ip, ip);
}

TEST_F(Scheduling, CpuRequestsLimitPodsPerNode) {
  build(1);
  WorkloadSpec spec = deployment("big", 5);
  spec.pod.cpu_millicores = 1500;  // 4000m allocatable: two fit
  WorkloadId big = world().createWorkload(spec);
  runUntil(5s);
  EXPECT_EQ(count(big, isReady), 2);
  ASSERT_FALSE(telemetry_.scheduling_failures.empty());
  EXPECT_EQ(telemetry_.scheduling_failures[0].insufficient_cpu, 1);
}

// spec.nodeName binds a bare pod where it says, even where the scheduler would not have put it
// (it was ignored: issue 16, item 2); a node that does not exist leaves it Pending.
TEST_F(Scheduling, NodeNameBindsAtCreationAndTheSchedulerSkipsThePod) {
  build(3);
  PodTemplate tmpl;
  tmpl.node_name = "node-2";
  PodId pinned = world().createPod(WorkloadId{}, "pinned", tmpl);
  tmpl.node_name = "node-9";
  PodId lost = world().createPod(WorkloadId{}, "lost", tmpl);
  runUntil(5s);
  ASSERT_TRUE(world().pod(pinned).node.valid());
  EXPECT_EQ(world().node(world().pod(pinned).node).spec.name, "node-2");
  EXPECT_EQ(world().pod(pinned).phase, PodPhase::Running);
  EXPECT_FALSE(world().pod(lost).node.valid());
  EXPECT_EQ(world().pod(lost).phase, PodPhase::Pending);
  // A node cordoned by the user does not stop a pod bound by name (the scheduler is skipped).
  world().cordon(world().findNode("node-1"));
  tmpl.node_name = "node-1";
  PodId on_cordoned = world().createPod(WorkloadId{}, "on-cordoned", tmpl);
  runUntil(10s);
  ASSERT_TRUE(world().pod(on_cordoned).node.valid());
  EXPECT_EQ(world().node(world().pod(on_cordoned).node).spec.name, "node-1");
}

TEST_F(Scheduling, NodeSelectorAndRequiredNodeAffinityRestrictTheNodes) {
  ClusterConfig config;
  config.zones = {"zone-a", "zone-b", "zone-c"};
  build(6, config);  // node-0 and node-3 in zone-a, node-1 and node-4 in zone-b, ...
  WorkloadSpec in_b = deployment("in-b", 4);
  in_b.pod.node_selector.match_labels = {{"topology.kubernetes.io/zone", "zone-b"}};
  WorkloadId b = world().createWorkload(in_b);
  WorkloadSpec named = deployment("named", 2);
  LabelSelector term;
  term.match_expressions.push_back(
      {"kubernetes.io/hostname", LabelSelector::Operator::In, {"node-0", "node-5"}});
  named.pod.node_affinity.push_back(term);
  WorkloadId n = world().createWorkload(named);
  WorkloadSpec nowhere = deployment("nowhere", 1);
  nowhere.pod.node_selector.match_labels = {{"topology.kubernetes.io/zone", "zone-z"}};
  WorkloadId z = world().createWorkload(nowhere);
  runUntil(10s);
  for (PodId id : world().podsOf(b)) {
    EXPECT_EQ(world().node(world().pod(id).node).spec.zone, "zone-b");
  }
  std::set<std::string> hosts;
  for (PodId id : world().podsOf(n)) hosts.insert(world().node(world().pod(id).node).spec.name);
  EXPECT_EQ(hosts, (std::set<std::string>{"node-0", "node-5"}));  // spread over the two allowed
  EXPECT_EQ(count(b, isReady), 4);
  EXPECT_EQ(count(z, isReady), 0);
  bool reported = false;
  for (const SchedulingFailedEvent& e : telemetry_.scheduling_failures) {
    reported |= e.pod == world().podsOf(z).front() && e.node_affinity == 6;
  }
  EXPECT_TRUE(reported) << "the nowhere pod's failure names the six nodes its selector excludes";
}

}  // namespace
}  // namespace kns::models::testing
