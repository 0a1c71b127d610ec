// Traffic policies, the cloud load balancer, and what clients see when pods or queues fail.
#include <gtest/gtest.h>

#include <set>

#include "data_plane_fixture.h"

namespace kns::models::testing {
namespace {

DataPlaneConfig quickPods() { return servingWith(DurationDistribution::constant(1ms), 100); }

class TrafficPolicies : public DataPlaneTest {};

TEST_F(TrafficPolicies, InternalTrafficPolicyLocalUsesOnlyThisNodesPodsAndDropsWithoutThem) {
  build(3, {}, quickPods());
  ServiceSpec spec = serviceFor("web");
  spec.internal_traffic_policy = TrafficPolicy::Local;
  ServiceId svc = deploy("web", 2);  // node-0 and node-1
  (void)svc;
  ServiceSpec local = spec;
  local.name = "web-local";
  ServiceId local_svc = world().createService(local);
  runUntil(5s);
  for (const char* from : {"node-0", "node-2"}) {
    TrafficSpec t = traffic(local_svc, 50, from);
    t.name = std::string("from-") + from;
    t.connect_timeout = 1s;
    t.stop = sim::Time{20s};
    data().addTraffic(t);
  }
  runUntil(40s);
  NodeId node0 = world().findNode("node-0");
  for (const RequestRecord& r : recorder_.requests) {
    if (r.source == 0) {  // from node-0: its own pod only
      ASSERT_EQ(r.outcome, RequestOutcome::Ok);
      EXPECT_EQ(world().pod(r.pod).node, node0);
    } else {  // node-2 has no pod: DROP
      EXPECT_EQ(r.outcome, RequestOutcome::ConnectTimeout);
      EXPECT_EQ(r.hops[0].rule, Rule::DropNoLocalEndpoints);
    }
  }
}

TEST_F(TrafficPolicies, LoadBalancerWithPolicyLocalSendsOnlyToNodesWithPodsAndKeepsClientIps) {
  build(4, {}, quickPods());
  ServiceSpec spec = serviceFor("web");
  spec.type = ServiceType::LoadBalancer;
  spec.external_traffic_policy = TrafficPolicy::Local;
  ServiceId svc = deploy("web", 2, spec);  // pods on node-0 and node-1
  ASSERT_TRUE(world().service(svc).external_ip);
  runUntil(5s);
  TrafficSpec t = traffic(svc, 100);
  t.from_internet = true;
  t.entry = EntryPoint::LoadBalancer;
  t.clients = 50;
  t.stop = sim::Time{20s};
  data().addTraffic(t);
  runUntil(30s);
  std::set<NodeId> entries;
  for (const RequestRecord& r : recorder_.requests) {
    ASSERT_EQ(r.outcome, RequestOutcome::Ok);
    ASSERT_EQ(r.hops[0].kind, HopKind::LoadBalancer);
    entries.insert(r.hops[0].to_node);
    EXPECT_EQ(world().pod(r.pod).node, r.hops[0].to_node);  // no second hop
    EXPECT_EQ(r.source_ip_at_pod, r.client_ip);             // client IP preserved
  }
  EXPECT_EQ(entries.size(), 2u);
}

TEST_F(TrafficPolicies, LoadBalancerWithPolicyClusterSpreadsOverEveryNodeAndMasquerades) {
  build(4, {}, quickPods());
  ServiceSpec spec = serviceFor("web");
  spec.type = ServiceType::LoadBalancer;
  ServiceId svc = deploy("web", 2, spec);
  runUntil(5s);
  TrafficSpec t = traffic(svc, 100);
  t.from_internet = true;
  t.entry = EntryPoint::LoadBalancer;
  t.stop = sim::Time{20s};
  data().addTraffic(t);
  runUntil(30s);
  std::set<NodeId> entries;
  int second_hops = 0;
  for (const RequestRecord& r : recorder_.requests) {
    ASSERT_EQ(r.outcome, RequestOutcome::Ok);
    entries.insert(r.hops[0].to_node);
    second_hops += world().pod(r.pod).node != r.hops[0].to_node;
    EXPECT_EQ(r.source_ip_at_pod, world().node(r.hops[0].to_node).ip);
  }
  EXPECT_EQ(entries.size(), 4u);
  EXPECT_GT(second_hops, 0);
}

TEST_F(TrafficPolicies, AnEstablishedConnectionToADeadPodBlackHolesUntilTheTimeout) {
  // conntrack keeps the flow on the old pod's address even after kube-proxy dropped the
  // endpoint (SEMANTICS §1.11); when that pod is gone nothing answers.
  build(2, {}, quickPods());
  ServiceId svc = deploy("web", 1);
  TrafficSpec t = traffic(svc, 20);
  t.connection = ConnectionMode::Multiplexed;
  t.max_connections = 1;
  t.timeout = 2s;
  t.stop = sim::Time{40s};
  data().addTraffic(t);
  runUntil(20s);
  world().deletePod(world().podsOf(workload_)[0]);  // exits at once
  runUntil(60s);
  int black_holes = 0, ok_after = 0;
  for (const RequestRecord& r : recorder_.requests) {
    if (r.outcome == RequestOutcome::BlackHole) {
      ++black_holes;
      EXPECT_EQ(r.latency(), 2s);
      EXPECT_FALSE(r.new_connection);
    }
    if (r.start > sim::Time{25s}) ok_after += r.outcome == RequestOutcome::Ok;
  }
  EXPECT_GT(black_holes, 0);
  // The client closes the broken connection at its timeout and reconnects to the new pod.
  EXPECT_GT(ok_after, 100);
}

TEST_F(TrafficPolicies, AFullQueueAnswers503AndADyingPodResetsItsRequests) {
  DataPlaneConfig config;
  config.default_serving.service_time = DurationDistribution::constant(100ms);
  config.default_serving.workers = 1;
  config.default_serving.queue_limit = 2;
  build(1, {}, config);
  ServiceId svc = deploy("web", 1);
  TrafficSpec t = traffic(svc, 100);  // ten times what one worker can serve
  t.arrivals = ArrivalProcess::Constant;
  t.stop = sim::Time{12s};
  data().addTraffic(t);
  runUntil(11s);
  world().deletePod(world().podsOf(workload_)[0]);
  runUntil(30s);
  EXPECT_GT(recorder_.count(RequestOutcome::Overflow), 50);
  EXPECT_GT(recorder_.count(RequestOutcome::Ok), 5);
  EXPECT_EQ(recorder_.count(RequestOutcome::Reset), 3);  // one in service, two queued
}

}  // namespace
}  // namespace kns::models::testing

namespace kns::models::testing {
namespace {

class TrafficDistributionTest : public DataPlaneTest {
 protected:
  // Six nodes over three zones, one pod per node; a client on node-0 (zone a).
  std::map<std::string, int> requestsPerZone(TrafficDistribution distribution,
                                             const std::vector<std::string>& delete_nodes = {}) {
    ClusterConfig cluster;
    cluster.zones = {"a", "b", "c"};
    build(6, cluster, quickPods());
    ServiceSpec spec = serviceFor("web");
    spec.traffic_distribution = distribution;
    ServiceId svc = deploy("web", 6, spec);
    runUntil(5s);
    // Empty the given nodes: cordon them and delete their pods (replacements go elsewhere).
    for (const std::string& name : delete_nodes) {
      NodeId node = world().findNode(name);
      world().cordon(node);
      for (PodId pod : world().podsOf(workload_)) {
        if (world().pod(pod).node == node) world().deletePod(pod);
      }
    }
    runUntil(10s);
    TrafficSpec t = traffic(svc, 200);
    t.start = sim::Time{10s};
    t.stop = sim::Time{30s};
    data().addTraffic(t);
    runUntil(40s);
    std::map<std::string, int> per_zone;
    for (const RequestRecord& r : recorder_.requests) {
      EXPECT_EQ(r.outcome, RequestOutcome::Ok);
      ++per_zone[world().node(world().pod(r.pod).node).spec.zone];
    }
    return per_zone;
  }
};

TEST_F(TrafficDistributionTest, WithoutItTrafficGoesEverywhere) {
  auto zones = requestsPerZone(TrafficDistribution::None);
  EXPECT_EQ(zones.size(), 3u);
}

TEST_F(TrafficDistributionTest, PreferSameZoneKeepsTrafficInTheClientsZone) {
  auto zones = requestsPerZone(TrafficDistribution::PreferSameZone);
  ASSERT_EQ(zones.size(), 1u);
  EXPECT_EQ(zones.begin()->first, "a");
}

TEST_F(TrafficDistributionTest, PreferSameZoneSpillsOverWhenTheZoneHasNoReadyEndpoint) {
  // node-0 and node-3 are zone a; their pods are deleted and not rescheduled there (cordoned).
  auto zones = requestsPerZone(TrafficDistribution::PreferSameZone, {"node-0", "node-3"});
  EXPECT_EQ(zones.count("a"), 0u);
  EXPECT_EQ(zones.size(), 2u);
}

TEST_F(TrafficDistributionTest, PreferSameNodeKeepsTrafficOnTheClientsNode) {
  auto zones = requestsPerZone(TrafficDistribution::PreferSameNode);
  ASSERT_EQ(zones.size(), 1u);
  NodeId node0 = world().findNode("node-0");
  for (const RequestRecord& r : recorder_.requests) EXPECT_EQ(world().pod(r.pod).node, node0);
}

}  // namespace
}  // namespace kns::models::testing

namespace kns::models::testing {
namespace {

TEST_F(TrafficPolicies, TheLoadBalancerKeepsSendingToANodeUntilItsHealthChecksFail) {
  DataPlaneConfig config = quickPods();
  config.load_balancer.health_check_interval = 5s;
  config.load_balancer.unhealthy_threshold = 2;
  build(3, {}, config);
  ServiceSpec spec = serviceFor("web");
  spec.type = ServiceType::LoadBalancer;
  spec.external_traffic_policy = TrafficPolicy::Local;
  ServiceId svc = deploy("web", 2, spec);  // node-0 and node-1
  runUntil(5s);
  TrafficSpec t = traffic(svc, 100);
  t.from_internet = true;
  t.entry = EntryPoint::LoadBalancer;
  t.connect_timeout = 1s;
  t.stop = sim::Time{60s};
  data().addTraffic(t);
  runUntil(20s);
  // Move node-1's pod away: cordon and delete; its replacement lands on node-2.
  NodeId node1 = world().findNode("node-1");
  world().cordon(node1);
  for (PodId pod : world().podsOf(workload_)) {
    if (world().pod(pod).node == node1) world().deletePod(pod);
  }
  runUntil(80s);
  sim::Time last_failure{};
  int failures = 0;
  for (const RequestRecord& r : recorder_.requests) {
    if (r.outcome == RequestOutcome::Ok) continue;
    EXPECT_EQ(r.hops[0].to_node, node1);
    // Requests caught in flight when the pod exited are reset or black-holed; after that, the
    // load balancer's connections to node-1 meet kube-proxy's DROP (no local endpoint).
    if (r.start > sim::Time{20s}) {
      EXPECT_EQ(r.outcome, RequestOutcome::ConnectTimeout);
      ++failures;
    }
    last_failure = std::max(last_failure, r.start);
  }
  EXPECT_GT(failures, 0);
  // Two failed probes 5 s apart take node-1 out within 10 s (plus one interval of phase).
  EXPECT_LE(last_failure, sim::Time{20s + 15s});
}

}  // namespace
}  // namespace kns::models::testing
