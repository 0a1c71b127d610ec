#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "data_plane_fixture.h"

namespace kns::models::testing {
namespace {

// Pods that answer at once: these tests are about where connections go, not about queueing.
DataPlaneConfig instantPods(ProxyMode mode = ProxyMode::Iptables) {
  return servingWith(DurationDistribution::constant(0s), 1000, mode);
}

class KubeProxyChoice : public DataPlaneTest, public ::testing::WithParamInterface<ProxyMode> {};

TEST_P(KubeProxyChoice, PicksEachOfFourEndpointsAQuarterOfTheTime) {
  build(2, {}, instantPods(GetParam()));
  ServiceId svc = deploy("web", 4);
  TrafficSpec t = traffic(svc, 1000);
  t.stop = sim::Time{110s};  // 100,000 connections
  data().addTraffic(t);
  runUntil(120s);
  auto per_pod = recorder_.okPerPod();
  ASSERT_EQ(per_pod.size(), 4u);
  int total = 0;
  for (const auto& [pod, n] : per_pod) total += n;
  EXPECT_NEAR(total, 100'000, 1000);  // Poisson count: sd 316
  // Binomial share: sd = sqrt(0.25 * 0.75 / n) = 0.137 % at n = 100,000, so +-0.5 % is 3.6 sd.
  for (const auto& [pod, n] : per_pod) {
    EXPECT_NEAR(static_cast<double>(n) / total, 0.25, 0.005) << "pod " << pod.value;
  }
}

INSTANTIATE_TEST_SUITE_P(UniformModes, KubeProxyChoice,
                         ::testing::Values(ProxyMode::Iptables, ProxyMode::Nftables),
                         [](const ::testing::TestParamInfo<ProxyMode>& info) {
                           return info.param == ProxyMode::Iptables ? "iptables" : "nftables";
                         });

TEST_F(DataPlaneTest, IptablesRulesNameTheStatisticThatMatched) {
  build(1, {}, instantPods());
  ServiceId svc = deploy("web", 3);
  TrafficSpec t = traffic(svc, 100);
  t.stop = sim::Time{20s};
  data().addTraffic(t);
  runUntil(30s);
  std::set<int> rules_seen;
  for (const RequestRecord& r : recorder_.requests) {
    const Hop& proxy = r.hops[0];
    ASSERT_EQ(proxy.kind, HopKind::KubeProxy);
    EXPECT_EQ(proxy.count, 3);
    EXPECT_EQ(proxy.rule, proxy.arg < 2 ? Rule::IptablesProbability : Rule::IptablesLast);
    rules_seen.insert(proxy.arg);
    EXPECT_EQ(world().pod(r.pod).ip, proxy.chosen);
  }
  EXPECT_EQ(rules_seen.size(), 3u);
}

TEST_F(DataPlaneTest, ClientIpAffinityHoldsWithinTheTimeoutAndChoosesAfreshAfter) {
  build(1, {}, instantPods());
  ServiceSpec spec = serviceFor("web");
  spec.session_affinity = SessionAffinity::ClientIP;
  spec.affinity_timeout = 10s;
  ServiceId svc = deploy("web", 4, spec);
  // Bursts of 100 connections in one second, 30 s apart (longer than the timeout).
  for (int burst = 0; burst < 12; ++burst) {
    TrafficSpec t = traffic(svc, 100);
    t.name = "burst-" + std::to_string(burst);
    t.arrivals = ArrivalProcess::Constant;
    t.start = sim::Time{10s + burst * 30s};
    t.stop = t.start + 1s;
    data().addTraffic(t);
  }
  runUntil(400s);
  std::map<std::uint32_t, std::set<PodId>> pods_per_burst;
  for (const RequestRecord& r : recorder_.requests) {
    ASSERT_EQ(r.outcome, RequestOutcome::Ok);
    pods_per_burst[r.source].insert(r.pod);
  }
  ASSERT_EQ(pods_per_burst.size(), 12u);
  std::set<PodId> chosen;
  for (const auto& [burst, pods] : pods_per_burst) {
    EXPECT_EQ(pods.size(), 1u) << "burst " << burst << " was split";
    chosen.insert(*pods.begin());
  }
  // A fresh uniform choice per burst: all 12 on one pod has probability 4 * 4^-12.
  EXPECT_GT(chosen.size(), 1u);
}

TEST_F(DataPlaneTest, ZeroEndpointsAreRefusedAtOnce) {
  build(1, {}, instantPods());
  ServiceId svc = world().createService(serviceFor("nothing"));
  TrafficSpec t = traffic(svc, 10);
  t.stop = sim::Time{20s};
  data().addTraffic(t);
  runUntil(30s);
  ASSERT_FALSE(recorder_.requests.empty());
  for (const RequestRecord& r : recorder_.requests) {
    EXPECT_EQ(r.outcome, RequestOutcome::ConnectionRefused);
    EXPECT_LT(r.latency(), 1ms);  // REJECT answers immediately, no timeout
    EXPECT_EQ(r.hops[0].rule, Rule::RejectNoEndpoints);
  }
}

TEST_F(DataPlaneTest, ExternalTrafficPolicyLocalWithoutALocalEndpointDropsUntilTheConnectTimeout) {
  build(3, {}, instantPods());
  ServiceSpec spec = serviceFor("web");
  spec.type = ServiceType::NodePort;
  spec.external_traffic_policy = TrafficPolicy::Local;
  ServiceId svc = deploy("web", 1, spec);  // one pod, on node-0
  runUntil(5s);
  ASSERT_EQ(world().node(world().pod(world().podsOf(workload_)[0]).node).spec.name, "node-0");
  TrafficSpec t = traffic(svc, 10);
  t.from_internet = true;
  t.entry = EntryPoint::NodePort;
  t.entry_node = "node-1";
  t.connect_timeout = 2s;
  t.stop = sim::Time{20s};
  data().addTraffic(t);
  runUntil(40s);
  ASSERT_FALSE(recorder_.requests.empty());
  for (const RequestRecord& r : recorder_.requests) {
    EXPECT_EQ(r.outcome, RequestOutcome::ConnectTimeout);
    EXPECT_EQ(r.latency(), 2s);
    // The SYN's way in from the internet, then node-1's kube-proxy drops it.
    ASSERT_EQ(r.hop_count, 2);
    EXPECT_EQ(r.hops[0].kind, HopKind::Network);
    EXPECT_FALSE(r.hops[0].node.valid());
    EXPECT_EQ(r.hops[1].kind, HopKind::KubeProxy);
    EXPECT_EQ(r.hops[1].rule, Rule::DropNoLocalEndpoints);
  }
}

TEST_F(DataPlaneTest, NodePortOnANodeWithoutThePodTakesAnExtraHopAndHidesTheClientIp) {
  ClusterConfig cluster;
  cluster.zones = {"a"};
  build(2, cluster, instantPods());
  ServiceSpec spec = serviceFor("web");
  spec.type = ServiceType::NodePort;
  ServiceId svc = deploy("web", 1, spec);  // on node-0
  runUntil(5s);
  const Node& pod_node = world().node(world().pod(world().podsOf(workload_)[0]).node);
  ASSERT_EQ(pod_node.spec.name, "node-0");
  auto run = [&](const std::string& entry) {
    TrafficSpec t = traffic(svc, 1);
    t.name = "via-" + entry;
    t.from_internet = true;
    t.entry = EntryPoint::NodePort;
    t.entry_node = entry;
    t.arrivals = ArrivalProcess::Constant;
    t.request_bytes = 0;
    t.response_bytes = 0;
    t.start = world().now();
    t.stop = t.start + 1500ms;
    return data().addTraffic(t);
  };
  std::uint32_t direct = run("node-0");
  std::uint32_t detour = run("node-1");
  runUntil(60s);
  std::map<std::uint32_t, const RequestRecord*> last;
  for (const RequestRecord& r : recorder_.requests) last[r.source] = &r;
  ASSERT_TRUE(last.count(direct) && last.count(detour));
  const RequestRecord& a = *last[direct];
  const RequestRecord& b = *last[detour];
  EXPECT_EQ(a.outcome, RequestOutcome::Ok);
  EXPECT_EQ(b.outcome, RequestOutcome::Ok);
  EXPECT_EQ(b.pod, a.pod);
  // The detour crosses node-1 <-> node-0 four times (SYN, SYN-ACK, request, response; replies
  // return through the entry node, which undoes the NAT) at the same-zone latency of 100 us,
  // where the direct path hands each packet to a local pod at the same-node latency of 20 us.
  // The 60-byte SYN and SYN-ACK also serialise onto the 10 Gbit/s link: 48 ns each.
  EXPECT_EQ(b.latency() - a.latency(), 4 * (100us - 20us) + 2 * 48ns);
  // externalTrafficPolicy Cluster: the pod sees the entry node's IP, not the client's.
  EXPECT_EQ(b.source_ip_at_pod, world().node(world().findNode("node-1")).ip);
  EXPECT_EQ(a.source_ip_at_pod, world().node(world().findNode("node-0")).ip);
}

}  // namespace
}  // namespace kns::models::testing

namespace kns::models::testing {
namespace {

TEST_F(DataPlaneTest, TerminatingEndpointsStillServeWhenNoneIsReady) {
  // CategorizeEndpoints' fallback (SEMANTICS §1.6): with no ready endpoint, serving and
  // terminating ones are used, so a scale-to-zero with a preStop drains gracefully.
  build(1, {}, instantPods());
  ServiceSpec spec = serviceFor("web");
  WorkloadSpec workload = deployment("web", 1);
  workload.pod.pre_stop = 10s;
  workload.pod.cpu_millicores = 0;
  workload_ = world().createWorkload(workload);
  ServiceId svc = world().createService(spec);
  TrafficSpec t = traffic(svc, 50);
  t.stop = sim::Time{40s};
  data().addTraffic(t);
  runUntil(20s);
  world().scale(workload_, 0);  // the pod terminates at 20 s and exits at 30 s
  runUntil(50s);
  for (const RequestRecord& r : recorder_.requests) {
    if (r.start < sim::Time{29s}) {
      EXPECT_EQ(r.outcome, RequestOutcome::Ok) << sim::formatTime(r.start);
    } else if (r.start > sim::Time{32s}) {
      EXPECT_EQ(r.outcome, RequestOutcome::ConnectionRefused) << sim::formatTime(r.start);
    }
  }
}

TEST_F(DataPlaneTest, IptablesFirstPacketCostGrowsWithServicesAheadButNftablesDoesNot) {
  for (ProxyMode mode : {ProxyMode::Iptables, ProxyMode::Nftables}) {
    recorder_.requests.clear();
    build(1, {}, instantPods(mode));
    for (int i = 0; i < 99; ++i) world().createService(serviceFor("filler-" + std::to_string(i)));
    ServiceId svc = deploy("web", 1);  // 100th in KUBE-SERVICES
    TrafficSpec t = traffic(svc, 10);
    t.stop = sim::Time{11s};
    data().addTraffic(t);
    runUntil(20s);
    ASSERT_FALSE(recorder_.requests.empty());
    sim::Duration cost = recorder_.requests[0].hops[0].spent;
    // SEMANTICS §6.2: base + about 20 ns per rule walked; nftables: one map lookup.
    EXPECT_EQ(cost, mode == ProxyMode::Iptables ? 2us + 99 * 20ns : 2us);
  }
}

}  // namespace
}  // namespace kns::models::testing

namespace kns::models::testing {
namespace {

TEST_F(DataPlaneTest, IpvsSourceHashingPinsEachClientAddressToOnePod) {
  DataPlaneConfig config = instantPods(ProxyMode::Ipvs);
  config.kube_proxy.ipvs_scheduler = IpvsScheduler::SourceHashing;
  build(1, {}, config);
  ServiceId svc = deploy("web", 4);
  TrafficSpec t = traffic(svc, 200);
  t.clients = 64;  // 64 source addresses, used in turn
  t.client_ip = *Ipv4::parse("10.1.0.1");
  t.stop = sim::Time{30s};
  data().addTraffic(t);
  runUntil(40s);
  std::map<std::uint32_t, std::set<PodId>> pods_per_client;
  std::set<PodId> used;
  for (const RequestRecord& r : recorder_.requests) {
    ASSERT_EQ(r.outcome, RequestOutcome::Ok);
    EXPECT_EQ(r.hops[0].rule, Rule::IpvsSourceHashing);
    pods_per_client[r.client_ip.value].insert(r.pod);
    used.insert(r.pod);
  }
  EXPECT_EQ(pods_per_client.size(), 64u);
  for (const auto& [client, pods] : pods_per_client) EXPECT_EQ(pods.size(), 1u);
  EXPECT_EQ(used.size(), 4u);  // 64 addresses hash over all four
}

TEST_F(DataPlaneTest, IpvsShortestExpectedDelayAvoidsTheBusyPod) {
  // One pod is slow: connections pile up on it, so sed (and lc) send it fewer new ones.
  DataPlaneConfig config = instantPods(ProxyMode::Ipvs);
  config.kube_proxy.ipvs_scheduler = IpvsScheduler::ShortestExpectedDelay;
  config.default_serving.service_time = DurationDistribution::constant(5ms);
  config.default_serving.workers = 1;
  config.default_serving.queue_limit = -1;
  ServingSpec slow = config.default_serving;
  slow.speed = 0.2;  // 25 ms per request
  config.serving.push_back({LabelSelector{{{"slow", "yes"}}, {}}, slow});
  build(1, {}, config);
  ServiceId svc = deploy("web", 3);
  runUntil(5s);
  // Mark one pod slow by its labels: the serving spec is chosen when the pod first serves.
  PodId slow_pod = world().podsOf(workload_)[0];
  world().mutablePod(slow_pod).labels["slow"] = "yes";
  TrafficSpec t = traffic(svc, 300);
  t.stop = sim::Time{40s};
  data().addTraffic(t);
  runUntil(50s);
  auto per_pod = recorder_.okPerPod();
  int others = 0;
  for (const auto& [pod, n] : per_pod) others += pod == slow_pod ? 0 : n;
  // Round robin would give it a third; the slow pod takes far less.
  EXPECT_LT(per_pod[slow_pod], others / 2 / 3);
}

}  // namespace
}  // namespace kns::models::testing
