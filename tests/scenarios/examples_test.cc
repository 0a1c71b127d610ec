// Every teaching example does what its comment block says to watch.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "scenarios/simulation.h"

namespace kns::scenarios {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using models::RequestOutcome;

class Recorder : public models::Telemetry {
 public:
  void onRequest(const models::RequestRecord& r) override { requests.push_back(r); }
  std::vector<models::RequestRecord> requests;
  int count(RequestOutcome outcome) const {
    int n = 0;
    for (const auto& r : requests) n += r.outcome == outcome;
    return n;
  }
};

// Runs an example (with overrides) and keeps its world for inspection.
struct ExampleRun {
  Recorder recorder;
  Diagnostics diagnostics;
  LoadedScenario loaded;
  std::unique_ptr<Simulation> simulation;

  explicit ExampleRun(const std::string& example, std::vector<std::string> overrides = {}) {
    fs::path file = fs::path(KNS_SOURCE_DIR) / "scenarios" / "examples" / (example + ".yaml");
    EXPECT_TRUE(loadScenarioFile(file.string(), loaded, diagnostics, overrides))
        << diagnostics.str();
    simulation = std::make_unique<Simulation>(loaded, &recorder, diagnostics);
    EXPECT_FALSE(diagnostics.hasErrors()) << diagnostics.str();
    simulation->run();
  }
  const models::World& world() { return simulation->world(); }
  std::uint32_t source(const std::string& name) const {
    for (int i = 0; i < loaded.scenario.spec().traffic_size(); ++i) {
      if (loaded.scenario.spec().traffic(i).name() == name) return static_cast<std::uint32_t>(i);
    }
    return 0;
  }
};

bool crossesNodes(const models::RequestRecord& r) {
  for (int i = 0; i < r.hop_count; ++i) {
    const models::Hop& h = r.hops[i];
    if (h.kind == models::HopKind::Network && h.node.valid() && h.to_node.valid() &&
        h.node != h.to_node)
      return true;
  }
  return false;
}

TEST(Examples, NodePortTakesAnExtraHopAndHidesTheClient) {
  ExampleRun run("nodeport");
  ASSERT_GT(run.recorder.count(RequestOutcome::Ok), 1000);
  models::NodeId node1 = run.world().findNode("node-1");
  for (const auto& r : run.recorder.requests) {
    ASSERT_EQ(r.outcome, RequestOutcome::Ok);
    EXPECT_TRUE(crossesNodes(r));
    EXPECT_EQ(r.source_ip_at_pod, run.world().node(node1).ip);
  }
}

TEST(Examples, LoadBalancerPoliciesDifferAsDocumented) {
  ExampleRun run("loadbalancer-policies");
  int cluster_second_hops = 0, local_second_hops = 0;
  for (const auto& r : run.recorder.requests) {
    ASSERT_EQ(r.outcome, RequestOutcome::Ok);
    bool second = run.world().pod(r.pod).node != r.hops[0].to_node;
    if (r.source == run.source("cluster-policy")) {
      cluster_second_hops += second;
    } else {
      local_second_hops += second;
      EXPECT_EQ(r.source_ip_at_pod, r.client_ip);
    }
  }
  EXPECT_GT(cluster_second_hops, 500);  // half the nodes hold no pod
  EXPECT_EQ(local_second_hops, 0);
}

TEST(Examples, ExternalNameLeavesTheClusterWithoutKubeProxy) {
  ExampleRun run("externalname");
  ASSERT_GT(run.recorder.count(RequestOutcome::Ok), 100);
  for (const auto& r : run.recorder.requests) {
    for (int i = 0; i < r.hop_count; ++i) EXPECT_NE(r.hops[i].kind, models::HopKind::KubeProxy);
    EXPECT_GT(r.latency(), 20ms);  // the internet both ways and the external host
  }
}

TEST(Examples, HeadlessClientsHitStaleAddressesAfterTheRollout) {
  ExampleRun run("headless");
  int stale_before = 0, stale_after = 0;
  for (const auto& r : run.recorder.requests) {
    if (r.outcome != RequestOutcome::StaleEndpoint) continue;
    (r.start < sim::Time{20s} ? stale_before : stale_after)++;
  }
  EXPECT_EQ(stale_before, 0);
  EXPECT_GT(stale_after, 0);
}

TEST(Examples, SessionAffinityPinsTheClientToOnePod) {
  ExampleRun run("session-affinity");
  std::set<models::PodId> pods;
  for (const auto& r : run.recorder.requests) pods.insert(r.pod);
  EXPECT_EQ(pods.size(), 1u);
  EXPECT_GT(run.recorder.requests.size(), 1000u);
}

TEST(Examples, RolloutStaleEndpointsAndThePreStopFix) {
  ExampleRun lagging("rollout-stale-endpoints");
  EXPECT_GT(lagging.recorder.count(RequestOutcome::StaleEndpoint), 10);
  ExampleRun fixed("rollout-stale-endpoints", {"spec.workloads[0].preStop=5s"});
  EXPECT_EQ(fixed.recorder.count(RequestOutcome::StaleEndpoint), 0);
  EXPECT_EQ(fixed.recorder.count(RequestOutcome::Reset), 0);
}

TEST(Examples, KeepAliveSplitsByConnectionsAndPerRequestSplitsEvenly) {
  ExampleRun run("keepalive-imbalance");
  std::map<std::uint32_t, std::map<models::PodId, int>> per_pod;
  std::map<models::PodId, std::set<std::uint64_t>> grpc_connections;
  std::map<std::uint32_t, int> totals;
  for (const auto& r : run.recorder.requests) {
    ++per_pod[r.source][r.pod];
    ++totals[r.source];
    if (r.source == run.source("grpc")) grpc_connections[r.pod].insert(r.connection);
  }
  for (const auto& [pod, n] : per_pod[run.source("grpc")]) {
    EXPECT_NEAR(static_cast<double>(n) / totals[run.source("grpc")],
                grpc_connections[pod].size() / 8.0, 0.02);
  }
  for (const auto& [pod, n] : per_pod[run.source("http")]) {
    EXPECT_NEAR(static_cast<double>(n) / totals[run.source("http")], 0.25, 0.02);
  }
}

TEST(Examples, NodeFailureTimesOutUntilTheControlPlaneNotices) {
  ExampleRun run("node-failure");
  int failed_during_grace = 0, failed_later = 0;
  for (const auto& r : run.recorder.requests) {
    if (r.outcome == RequestOutcome::Ok) continue;
    if (r.start >= sim::Time{20s} && r.start < sim::Time{71s}) ++failed_during_grace;
    if (r.start >= sim::Time{72s}) ++failed_later;
  }
  EXPECT_GT(failed_during_grace, 100);
  EXPECT_EQ(failed_later, 0);
}

TEST(Examples, CapacityProxyModeLeastConnectionBeatsRandom) {
  auto meanInPod = [](ExampleRun& run) {
    double total = 0;
    int n = 0;
    for (const auto& r : run.recorder.requests) {
      if (r.outcome != RequestOutcome::Ok || r.start < sim::Time{60s}) continue;
      total += sim::toSeconds(r.timeInPod());
      ++n;
    }
    return total / n;
  };
  ExampleRun random("capacity-proxy-mode");
  ExampleRun lc("capacity-proxy-mode",
                {"spec.cluster.kubeProxy.mode=ipvs", "spec.cluster.kubeProxy.ipvsScheduler=lc"});
  double w_random = meanInPod(random), w_lc = meanInPod(lc);
  EXPECT_NEAR(w_random, 0.050, 0.010);  // M/M/1 at 80 %, a short run: a wide band
  EXPECT_LT(w_lc, 0.025);
}

TEST(Examples, CapacityReplicasQueuesNearSaturation) {
  ExampleRun run("capacity-replicas");
  double in_pod = 0;
  int n = 0;
  for (const auto& r : run.recorder.requests) {
    if (r.outcome != RequestOutcome::Ok) continue;
    in_pod += sim::toSeconds(r.timeInPod());
    ++n;
  }
  EXPECT_GT(in_pod / n, 0.020);  // well above the 12 ms service time: queueing dominates
  ExampleRun light("capacity-replicas", {"spec.traffic[0].arrivals.rate=200/s"});
  double light_in_pod = 0;
  int m = 0;
  for (const auto& r : light.recorder.requests) {
    if (r.outcome != RequestOutcome::Ok) continue;
    light_in_pod += sim::toSeconds(r.timeInPod());
    ++m;
  }
  EXPECT_LT(light_in_pod / m, 0.016);
}

TEST(Examples, ASelectorlessServiceUsesItsHandWrittenReadyEndpointOutsideTheCluster) {
  ExampleRun run("selectorless-service");
  ASSERT_GT(run.recorder.requests.size(), 1000u);
  for (const auto& r : run.recorder.requests) {
    ASSERT_EQ(r.outcome, RequestOutcome::Ok);
    bool external = false;
    for (int i = 0; i < r.hop_count; ++i) {
      const models::Hop& h = r.hops[static_cast<std::size_t>(i)];
      if (h.kind == models::HopKind::KubeProxy) {
        EXPECT_EQ(h.chosen.str(), "192.0.2.10");  // never the not-ready one
      }
      external |= h.kind == models::HopKind::ExternalHost;
    }
    EXPECT_TRUE(external);
  }
}

}  // namespace
}  // namespace kns::scenarios
