#include "scenarios/simulation.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "sim/fingerprint.h"

namespace kns::scenarios {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path kExamples = fs::path(KNS_SOURCE_DIR) / "scenarios" / "examples";

class Requests : public models::Telemetry {
 public:
  void onRequest(const models::RequestRecord& r) override {
    ++outcomes[r.outcome];
    if (r.outcome == models::RequestOutcome::Ok && r.start < sim::Time{30s})
      ++per_pod_before_rollout[r.pod];
  }
  std::map<models::RequestOutcome, int> outcomes;
  std::map<models::PodId, int> per_pod_before_rollout;
};

TEST(Simulation, EveryExampleRunsToItsEnd) {
  for (const auto& entry : fs::directory_iterator(kExamples)) {
    if (entry.path().extension() != ".yaml") continue;
    Diagnostics d;
    LoadedScenario loaded;
    ASSERT_TRUE(loadScenarioFile(entry.path().string(), loaded, d)) << d.str();
    Requests requests;
    Simulation simulation(loaded, &requests, d);
    ASSERT_FALSE(d.hasErrors()) << d.str();
    simulation.run();
    EXPECT_EQ(simulation.simulator().now(), simulation.end()) << entry.path();
    EXPECT_GT(requests.outcomes[models::RequestOutcome::Ok], 0) << entry.path();
  }
}

TEST(Simulation, TheClusterIpExampleDoesWhatItsCommentPromises) {
  Diagnostics d;
  LoadedScenario loaded;
  ASSERT_TRUE(loadScenarioFile((kExamples / "clusterip.yaml").string(), loaded, d)) << d.str();
  Requests requests;
  Simulation simulation(loaded, &requests, d);
  simulation.run();
  // About a quarter of the requests per pod before the rollout (200/s for ~27 s: 5,400
  // requests; binomial sd 0.6 %).
  ASSERT_EQ(requests.per_pod_before_rollout.size(), 4u);
  int total = 0;
  for (const auto& [pod, n] : requests.per_pod_before_rollout) total += n;
  for (const auto& [pod, n] : requests.per_pod_before_rollout) {
    EXPECT_NEAR(static_cast<double>(n) / total, 0.25, 0.03);
  }
  // The rollout replaced every pod (new IPs), and clients kept working through the ClusterIP.
  const models::World& world = simulation.world();
  int new_pods = 0;
  for (models::PodId pod : world.livePods()) new_pods += world.pod(pod).created >= sim::Time{30s};
  EXPECT_EQ(new_pods, 4);
  EXPECT_GT(requests.outcomes[models::RequestOutcome::Ok], 9'000);  // 200/s from 10 s to 60 s
}

// A scenario's `manifests` section with a web Deployment of `replicas` pods and its Service.
std::string webManifests(int replicas) {
  return R"(  manifests:
  - inline: |
      kind: Deployment
      apiVersion: apps/v1
      metadata: {name: web}
      spec:
        replicas: )" +
         std::to_string(replicas) + R"(
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: w}]}
      ---
      kind: Service
      apiVersion: v1
      metadata: {name: web}
      spec: {selector: {app: web}, ports: [{port: 80}]}
)";
}

TEST(Simulation, TimelineChangesTrafficRatesAndLinkLatency) {
  std::string text =
      R"(apiVersion: kubenetsim/v1
kind: Scenario
metadata: {name: changes}
spec:
  duration: 40s
  cluster: {nodes: {count: 2, zones: [a]}}
)" + webManifests(1) +
      R"(  workloads: [{selector: {app: web}, serviceTime: {distribution: constant, mean: 1ms}, concurrency: 64}]
  traffic:
  - {name: clients, from: node/node-1, to: service/web, start: 5s, arrivals: {process: constant, rate: 100/s}}
  timeline:
  - {at: 15s, traffic: clients, rate: 300/s}
  - {at: 25s, slowNode: node-0, latency: 5ms}
)";
  Diagnostics d;
  LoadedScenario loaded;
  ASSERT_TRUE(loadScenarioText(text, "changes.yaml", ".", loaded, d)) << d.str();
  class Windows : public models::Telemetry {
   public:
    void onRequest(const models::RequestRecord& r) override {
      int window = r.start < sim::Time{15s} ? 0 : r.start < sim::Time{25s} ? 1 : 2;
      ++count[window];
      // Requests still travelling at 25 s meet the slower link part-way: left out.
      if (window != 1 || r.end < sim::Time{25s})
        latency[window] = std::max(latency[window], r.latency());
    }
    int count[3] = {0, 0, 0};
    sim::Duration latency[3] = {};
  } windows;
  Simulation simulation(loaded, &windows, d);
  ASSERT_FALSE(d.hasErrors()) << d.str();
  simulation.run();
  EXPECT_NEAR(windows.count[0], 1000, 2);  // 100/s for 10 s
  EXPECT_NEAR(windows.count[1], 3000, 2);  // 300/s for 10 s
  // The pod's node (node-0) now has a 5 ms uplink: four crossings add about 20 ms.
  ASSERT_EQ(simulation.world()
                .node(simulation.world().pod(*simulation.world().livePods().begin()).node)
                .spec.name,
            "node-0");
  EXPECT_LT(windows.latency[1], 2ms);
  EXPECT_GT(windows.latency[2], 20ms);
  EXPECT_LT(windows.latency[2], 25ms);
}

TEST(Simulation, ClosedLoopUsersBurstsAndRequestMixesComeFromTheScenario) {
  std::string text =
      R"(apiVersion: kubenetsim/v1
kind: Scenario
metadata: {name: clients}
spec:
  duration: 60s
  cluster: {nodes: {count: 2}}
)" + webManifests(2) +
      R"(  workloads: [{selector: {app: web}, serviceTime: {distribution: constant, mean: 1ms}, concurrency: 64}]
  traffic:
  - name: shoppers
    to: service/web
    start: 10s
    users: 5
    thinkTime: {distribution: constant, mean: 100ms}
    mix:
    - {path: /cart, weight: 3}
    - {method: POST, path: /pay, cookies: {session: abc}, weight: 1}
  - {name: bursts, to: service/web, start: 10s, onPeriod: 1s, offPeriod: 4s,
     arrivals: {process: constant, rate: 100/s}}
)";
  Diagnostics d;
  LoadedScenario loaded;
  ASSERT_TRUE(loadScenarioText(text, "clients.yaml", ".", loaded, d)) << d.str();
  class Count : public models::Telemetry {
   public:
    void onRequest(const models::RequestRecord& r) override {
      ++per_source[r.source];
      if (r.source == 0) pays += r.mix_entry == 1;
      if (r.source == 1) {
        sim::Duration phase = (r.start - sim::Time{10s}) % 5s;
        off_period_arrivals += phase >= 1s;
      }
    }
    std::map<std::uint32_t, int> per_source;
    int pays = 0;
    int off_period_arrivals = 0;
  } count;
  Simulation simulation(loaded, &count, d);
  ASSERT_FALSE(d.hasErrors()) << d.str();
  simulation.run();
  // 5 users, each a cycle of ~100 ms think + ~1.3 ms: about 49 requests/s for 50 s.
  EXPECT_NEAR(count.per_source[0], 2470, 60);
  EXPECT_NEAR(static_cast<double>(count.pays) / count.per_source[0], 0.25, 0.04);
  // 10 cycles of 1 s at 100/s.
  EXPECT_NEAR(count.per_source[1], 1000, 15);
  EXPECT_EQ(count.off_period_arrivals, 0);
}

TEST(Simulation, TheSameScenarioAndSeedGiveTheSameEvents) {
  auto fingerprintOf = [](std::uint64_t seed) {
    Diagnostics d;
    LoadedScenario loaded;
    EXPECT_TRUE(loadScenarioFile((kExamples / "clusterip.yaml").string(), loaded, d));
    setSeed(loaded, seed);
    Simulation simulation(loaded, nullptr, d);
    sim::Fingerprint fingerprint;
    simulation.simulator().setObserver(&fingerprint);
    simulation.run();
    return fingerprint.hex();
  };
  std::string first = fingerprintOf(7);
  EXPECT_EQ(first, fingerprintOf(7));
  EXPECT_NE(first, fingerprintOf(8));
}

// A timeline `set` changes a parameter while the cluster runs: on a one-node cluster the
// pod-to-pod latency goes from 20 us to 2 ms at 30 s, so a request (SYN, SYN-ACK, request,
// response: four one-way trips) takes 7.92 ms longer afterwards.
TEST(Simulation, ATimelineSetChangesTheNetworkFromThenOn) {
  std::string text = R"(apiVersion: kubenetsim/v1
kind: Scenario
metadata: {name: slower-zones}
spec:
  duration: 60s
  cluster: {nodes: {count: 1}}
  manifests:
  - inline: |
      apiVersion: v1
      kind: Pod
      metadata: {name: server, labels: {app: web}}
      spec: {containers: [{name: web, ports: [{containerPort: 80}]}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec: {selector: {app: web}, ports: [{port: 80}]}
  workloads:
  - {selector: {app: web}, serviceTime: {distribution: constant, mean: 1ms}, concurrency: 8}
  traffic:
  - {name: clients, from: node/node-0, to: service/web, start: 10s, arrivals: {rate: 50/s}}
  timeline:
  - {at: 30s, set: 'spec.cluster.network.sameNode=2ms'}
  - {at: 30s, set: 'spec.cluster.kubeProxy.minSyncPeriod=10s'}
)";
  Diagnostics d;
  LoadedScenario loaded;
  ASSERT_TRUE(loadScenarioText(text, "slower.yaml", ".", loaded, d)) << d.str();
  class Latency : public models::Telemetry {
   public:
    void onRequest(const models::RequestRecord& r) override {
      auto& [sum, n] = r.start < sim::Time{30s} ? before : after;
      if (r.start > sim::Time{31s} || r.end < sim::Time{30s}) {
        sum += sim::toSeconds(r.latency());
        ++n;
      }
    }
    std::pair<double, int> before{0, 0}, after{0, 0};
  } latency;
  Simulation simulation(loaded, &latency, d);
  ASSERT_FALSE(d.hasErrors()) << d.str();
  simulation.run();
  ASSERT_GT(latency.before.second, 500);
  ASSERT_GT(latency.after.second, 500);
  double extra =
      latency.after.first / latency.after.second - latency.before.first / latency.before.second;
  EXPECT_NEAR(extra, 4 * (0.002 - 0.00002), 0.0002);
}

// A timeline `apply` is kubectl apply during the run: at 20 s the Service's selector moves to
// the v2 pods (blue-green switch), at 30 s the v2 Deployment scales from 2 to 4 replicas.
TEST(Simulation, ATimelineApplyChangesAServiceAndScalesADeployment) {
  std::string deployments = R"(
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: blue}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web, color: blue}}
        template:
          metadata: {labels: {app: web, color: blue}}
          spec: {containers: [{name: web, ports: [{containerPort: 80}]}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: green}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web, color: green}}
        template:
          metadata: {labels: {app: web, color: green}}
          spec: {containers: [{name: web, ports: [{containerPort: 80}]}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec: {selector: {app: web, color: blue}, ports: [{port: 80}]})";
  std::string text = std::string(R"(apiVersion: kubenetsim/v1
kind: Scenario
metadata: {name: blue-green}
spec:
  duration: 40s
  cluster: {nodes: {count: 2}, kubeProxy: {minSyncPeriod: 0s}}
  manifests:
  - inline: |)") + deployments +
                     R"(
  traffic:
  - {name: clients, from: node/node-0, to: service/web, start: 5s, arrivals: {rate: 100/s}}
  timeline:
  - at: 20s
    apply:
      inline: |
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {selector: {app: web, color: green}, ports: [{port: 80}]}
  - at: 30s
    apply:
      inline: |
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: green}
        spec:
          replicas: 4
          selector: {matchLabels: {app: web, color: green}}
          template:
            metadata: {labels: {app: web, color: green}}
            spec: {containers: [{name: web, ports: [{containerPort: 80}]}]}
)";
  Diagnostics d;
  LoadedScenario loaded;
  ASSERT_TRUE(loadScenarioText(text, "blue-green.yaml", ".", loaded, d)) << d.str();
  class Colors : public models::Telemetry {
   public:
    explicit Colors(const models::World** world) : world_(world) {}
    void onRequest(const models::RequestRecord& r) override {
      if (r.outcome != models::RequestOutcome::Ok) return;
      std::string color = (*world_)->pod(r.pod).labels.at("color");
      (r.start < sim::Time{20s} ? before : r.start > sim::Time{21s} ? after : during)[color]++;
    }
    const models::World** world_;
    std::map<std::string, int> before, during, after;
  };
  const models::World* world = nullptr;
  Colors colors(&world);
  Simulation simulation(loaded, &colors, d);
  world = &simulation.world();
  ASSERT_FALSE(d.hasErrors()) << d.str();
  simulation.run();
  EXPECT_GT(colors.before["blue"], 1000);
  EXPECT_EQ(colors.before["green"], 0);
  EXPECT_GT(colors.after["green"], 1500);
  EXPECT_EQ(colors.after["blue"], 0);
  models::WorkloadId green = simulation.world().findWorkload("green");
  EXPECT_EQ(simulation.world().workload(green).spec.replicas, 4);
  int green_pods = 0;
  for (models::PodId pod : simulation.world().livePods()) {
    green_pods += simulation.world().pod(pod).labels.at("color") == "green";
  }
  EXPECT_EQ(green_pods, 4);
  // The Service kept its ClusterIP through the change.
  EXPECT_TRUE(simulation.world().service(simulation.world().findService("web")).cluster_ip);

  // Applying what the scenario does not have, or an immutable change, is refused at load.
  for (const char* bad :
       {"kind: Service\n        apiVersion: v1\n        metadata: {name: other}\n"
        "        spec: {selector: {app: x}, ports: [{port: 80}]}",
        "kind: Service\n        apiVersion: v1\n        metadata: {name: web}\n"
        "        spec: {clusterIP: None, selector: {app: x}, ports: [{port: 80}]}"}) {
    std::string broken = std::string(R"(apiVersion: kubenetsim/v1
kind: Scenario
metadata: {name: bad-apply}
spec:
  manifests:
  - inline: |)") + deployments +
                         R"(
  timeline:
  - at: 5s
    apply:
      inline: |
        )" + bad + "\n";
    Diagnostics e;
    LoadedScenario l;
    EXPECT_FALSE(loadScenarioText(broken, "bad.yaml", ".", l, e));
    EXPECT_NE(e.str().find("Service"), std::string::npos) << e.str();
  }
}

// Clients in pods: every connection comes from one of the frontend pods, from its IP and its
// node, and looks the Service up by DNS name as a pod would.
TEST(Simulation, ClientsInPodsSendFromTheSelectedPodsIps) {
  std::string text = R"(apiVersion: kubenetsim/v1
kind: Scenario
metadata: {name: pod-clients}
spec:
  duration: 30s
  cluster: {nodes: {count: 3}}
  manifests:
  - inline: |
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: frontend}
      spec:
        replicas: 3
        selector: {matchLabels: {app: frontend}}
        template:
          metadata: {labels: {app: frontend}}
          spec: {containers: [{name: f, ports: [{containerPort: 80}]}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: w, ports: [{containerPort: 80}]}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec: {selector: {app: web}, ports: [{port: 80}]}
  traffic:
  - {name: frontends, from: 'pods/app=frontend', to: dns/web, start: 10s, arrivals: {rate: 100/s}}
)";
  Diagnostics d;
  LoadedScenario loaded;
  ASSERT_TRUE(loadScenarioText(text, "pods.yaml", ".", loaded, d)) << d.str();
  class Clients : public models::Telemetry {
   public:
    void onRequest(const models::RequestRecord& r) override { all.push_back(r); }
    std::vector<models::RequestRecord> all;
  } clients;
  Simulation simulation(loaded, &clients, d);
  ASSERT_FALSE(d.hasErrors()) << d.str();
  simulation.run();
  const models::World& world = simulation.world();
  std::map<std::uint32_t, models::NodeId> frontend_ips;
  for (models::PodId pod : world.livePods()) {
    if (world.pod(pod).labels.at("app") == "frontend") {
      frontend_ips[world.pod(pod).ip->value] = world.pod(pod).node;
    }
  }
  ASSERT_EQ(frontend_ips.size(), 3u);
  std::set<std::uint32_t> used;
  ASSERT_GT(clients.all.size(), 1500u);
  for (const models::RequestRecord& r : clients.all) {
    EXPECT_EQ(r.outcome, models::RequestOutcome::Ok);
    auto it = frontend_ips.find(r.client_ip.value);
    ASSERT_NE(it, frontend_ips.end()) << r.client_ip.str();
    EXPECT_EQ(r.client_node, it->second);
    used.insert(r.client_ip.value);
  }
  EXPECT_EQ(used.size(), 3u);
}

// A rate schedule: 100/s, a pause from 20 s, 300/s from 30 s. Poisson counts over 10 s windows:
// 1,000 +- 4 sd (sd 32), none, 3,000 +- 4 sd (sd 55).
TEST(Simulation, ARateScheduleChangesTheArrivalRateAtEachStep) {
  std::string text = R"(apiVersion: kubenetsim/v1
kind: Scenario
metadata: {name: schedule}
spec:
  duration: 40s
  cluster: {nodes: {count: 2}}
)" + webManifests(2) +
                     std::string(R"(  workloads:
  - {selector: {app: web}, serviceTime: {mean: 1ms}, concurrency: 8}
  traffic:
  - name: clients
    to: service/web
    start: 10s
    arrivals: {rate: 100/s}
    schedule: [{at: 20s, rate: 0/s}, {at: 30s, rate: 300/s}]
)");
  Diagnostics d;
  LoadedScenario loaded;
  ASSERT_TRUE(loadScenarioText(text, "schedule.yaml", ".", loaded, d)) << d.str();
  class Starts : public models::Telemetry {
   public:
    void onRequest(const models::RequestRecord& r) override {
      ++per_window[static_cast<int>(sim::toSeconds(r.start)) / 10];
    }
    std::map<int, int> per_window;
  } starts;
  Simulation simulation(loaded, &starts, d);
  ASSERT_FALSE(d.hasErrors()) << d.str();
  simulation.run();
  EXPECT_NEAR(starts.per_window[1], 1000, 4 * 32);
  EXPECT_EQ(starts.per_window[2], 0);
  EXPECT_NEAR(starts.per_window[3], 3000, 4 * 55);
}

}  // namespace
}  // namespace kns::scenarios
