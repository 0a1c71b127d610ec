// Every Ingress example does what its comment block says to watch.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "scenarios/simulation.h"

namespace kns::scenarios {
namespace {

namespace fs = std::filesystem;
using models::HopKind;
using models::RequestOutcome;
using models::RequestRecord;

class Records : public models::Telemetry {
 public:
  void onRequest(const RequestRecord& r) override { all.push_back(r); }
  std::vector<RequestRecord> all;
};

struct ExampleRun {
  Records records;
  Diagnostics diagnostics;
  LoadedScenario loaded;
  std::unique_ptr<Simulation> simulation;

  explicit ExampleRun(const std::string& example) {
    fs::path file = fs::path(KNS_SOURCE_DIR) / "scenarios" / "examples" / (example + ".yaml");
    EXPECT_TRUE(loadScenarioFile(file.string(), loaded, diagnostics)) << diagnostics.str();
    simulation = std::make_unique<Simulation>(loaded, &records, diagnostics);
    EXPECT_FALSE(diagnostics.hasErrors()) << diagnostics.str();
    simulation->run();
  }
  std::uint32_t source(const std::string& name) const {
    for (int i = 0; i < loaded.scenario.spec().traffic_size(); ++i) {
      if (loaded.scenario.spec().traffic(i).name() == name) return static_cast<std::uint32_t>(i);
    }
    ADD_FAILURE() << "no source " << name;
    return 0;
  }
  std::string serviceOf(const RequestRecord& r) const {
    return r.service.valid() ? simulation->world().service(r.service).spec.name : "";
  }
  std::string podName(models::PodId pod) const { return simulation->world().pod(pod).name; }
};

// p = k/n within `sigmas` binomial standard deviations of `expected`.
void expectShare(double k, double n, double expected, double sigmas, const std::string& what) {
  double sd = std::sqrt(expected * (1 - expected) / n);
  EXPECT_NEAR(k / n, expected, sigmas * sd) << what << ": " << k << " of " << n;
}

TEST(IngressExamples, FanOutRoutesByPathElementWiseAndSkipsKubeProxy) {
  ExampleRun run("ingress-fanout");
  int api = 0, web = 0, apidocs_to_web = 0, total = 0;
  for (const RequestRecord& r : run.records.all) {
    ASSERT_EQ(r.outcome, RequestOutcome::Ok);
    ++total;
    std::string service = run.serviceOf(r);
    api += service == "api";
    web += service == "web";
    if (r.mix_entry == 2) apidocs_to_web += service == "web";
    bool after = false;
    for (int i = 0; i < r.hop_count; ++i) {
      if (r.hops[static_cast<std::size_t>(i)].kind == HopKind::Ingress) after = true;
      if (after) {
        ASSERT_NE(r.hops[static_cast<std::size_t>(i)].kind, HopKind::KubeProxy);
      }
    }
    ASSERT_TRUE(after);
  }
  ASSERT_GT(total, 10000);
  expectShare(api, total, 2.0 / 6, 4, "/api/orders to api");  // mix weights 3:2:1
  EXPECT_EQ(api + web, total);
  EXPECT_GT(apidocs_to_web, 1000);  // /apidocs is not under /api
  int apidocs = 0;
  for (const RequestRecord& r : run.records.all) apidocs += r.mix_entry == 2;
  EXPECT_EQ(apidocs_to_web, apidocs);
}

TEST(IngressExamples, VirtualHostsRouteByHostAndUnknownHostsGet404) {
  ExampleRun run("ingress-virtual-hosts");
  std::map<int, std::map<std::string, int>> by_entry;  // mix entry -> service or outcome
  for (const RequestRecord& r : run.records.all) {
    by_entry[r.mix_entry]
            [r.outcome == RequestOutcome::Ok ? run.serviceOf(r) : models::outcomeName(r.outcome)]++;
  }
  ASSERT_EQ(by_entry.size(), 4u);
  EXPECT_EQ(by_entry[0].size(), 1u);
  EXPECT_GT(by_entry[0]["web"], 500);
  EXPECT_GT(by_entry[1]["web"], 200);  // FOO.example.com:80 is foo.example.com
  EXPECT_EQ(by_entry[1].size(), 1u);
  EXPECT_GT(by_entry[2]["api"], 500);
  EXPECT_EQ(by_entry[2].size(), 1u);
  EXPECT_GT(by_entry[3]["404-no-rule"], 200);
  EXPECT_EQ(by_entry[3].size(), 1u);
}

TEST(IngressExamples, TlsRedirectsHttpAndCostsOneOrTwoRoundTripsOnNewConnections) {
  ExampleRun run("ingress-tls");
  std::map<std::uint32_t, std::vector<double>> new_connection_latency;
  int handshakes_keepalive = 0, connections_keepalive = 0;
  std::set<std::uint64_t> keepalive_connections;
  for (const RequestRecord& r : run.records.all) {
    if (r.source == run.source("plain-http")) {
      EXPECT_EQ(r.outcome, RequestOutcome::Redirect);  // 308 from the controller itself
      EXPECT_EQ(run.podName(r.pod).rfind("ingress-nginx-controller-", 0), 0u);
      continue;
    }
    ASSERT_EQ(r.outcome, RequestOutcome::Ok);
    int tls = 0;
    for (int i = 0; i < r.hop_count; ++i) {
      tls += r.hops[static_cast<std::size_t>(i)].kind == HopKind::TlsHandshake;
    }
    if (r.source == run.source("tls13-keepalive")) {
      handshakes_keepalive += tls;
      keepalive_connections.insert(r.connection);
    } else {
      EXPECT_EQ(tls, 1);  // a connection per request: a handshake each
      new_connection_latency[r.source].push_back(sim::toSeconds(r.latency()));
    }
  }
  connections_keepalive = static_cast<int>(keepalive_connections.size());
  EXPECT_EQ(handshakes_keepalive, connections_keepalive);
  EXPECT_LE(connections_keepalive, 10);
  // TLS 1.2 takes one more round trip than TLS 1.3: internet 20 ms each way (40 ms), plus the
  // cluster's few hundred microseconds. Medians of about 2,000 requests each.
  auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  double extra = median(new_connection_latency[run.source("tls12")]) -
                 median(new_connection_latency[run.source("tls13")]);
  EXPECT_NEAR(extra, 0.040, 0.004);
}

TEST(IngressExamples, CanaryTakesTwentyPercentAndTheHeaderDecidesFirst) {
  ExampleRun run("ingress-canary");
  std::map<std::uint32_t, std::pair<int, int>> v2_of;  // source -> (to web-v2, total)
  for (const RequestRecord& r : run.records.all) {
    ASSERT_EQ(r.outcome, RequestOutcome::Ok);
    auto& [v2, total] = v2_of[r.source];
    // Counted by the pod that served: the stable Service must not select the canary's pods
    // (a Service selecting app=web would also send them its share).
    bool served_by_v2 = run.podName(r.pod).rfind("web-v2-", 0) == 0;
    v2 += served_by_v2;
    ++total;
    EXPECT_EQ(r.canary, run.serviceOf(r) == "web-v2");
    EXPECT_EQ(r.canary, served_by_v2);
  }
  auto [v2, total] = v2_of[run.source("customers")];
  ASSERT_GT(total, 10000);
  expectShare(v2, total, 0.20, 4, "canary-weight 20");
  EXPECT_EQ(v2_of[run.source("testers")].first, v2_of[run.source("testers")].second);
  EXPECT_EQ(v2_of[run.source("opted-out")].first, 0);
}

TEST(IngressExamples, CookieAffinityKeepsEachClientOnOnePod) {
  ExampleRun run("ingress-sticky");
  std::map<std::uint32_t, std::set<std::string>> pods_of_client;
  std::map<std::string, int> per_pod;
  for (const RequestRecord& r : run.records.all) {
    ASSERT_EQ(r.outcome, RequestOutcome::Ok);
    pods_of_client[r.client_ip.value].insert(run.podName(r.pod));
    ++per_pod[run.podName(r.pod)];
  }
  EXPECT_EQ(pods_of_client.size(), 40u);
  for (const auto& [client, pods] : pods_of_client) EXPECT_EQ(pods.size(), 1u) << client;
  EXPECT_EQ(per_pod.size(), 3u);  // spread by client over all three pods
}

// One pod of four is three times slower. round_robin gives it its quarter regardless (binomial
// band); ewma sees its score three times higher and loses it in every random pair that holds a
// faster pod, so it gets clearly less than a quarter (the band: under 15 %), and the mean latency
// through ewma is lower.
TEST(IngressExamples, EwmaSendsLessToASlowPodThanRoundRobin) {
  ExampleRun run("ingress-ewma-vs-rr");
  std::map<std::uint32_t, std::pair<int, int>> slow_of;  // source -> (to the slow pod, total)
  std::map<std::uint32_t, double> latency;
  for (const RequestRecord& r : run.records.all) {
    ASSERT_EQ(r.outcome, RequestOutcome::Ok);
    auto& [slow, total] = slow_of[r.source];
    slow += run.podName(r.pod).rfind("web-slow", 0) == 0;
    ++total;
    latency[r.source] += sim::toSeconds(r.latency());
  }
  auto [rr_slow, rr_total] = slow_of[run.source("round-robin")];
  auto [ewma_slow, ewma_total] = slow_of[run.source("ewma")];
  expectShare(rr_slow, rr_total, 0.25, 4, "round_robin's slow pod");
  EXPECT_LT(static_cast<double>(ewma_slow) / ewma_total, 0.15);
  EXPECT_LT(latency[run.source("ewma")] / ewma_total,
            latency[run.source("round-robin")] / rr_total);
}

// The cloud L7 load balancer goes from its edge straight to pods (no kube-proxy, no controller
// pod) and is faster; but it learns endpoint changes 10 s late, so the rollout at 40 s costs it
// more failed requests than ingress-nginx (a few seconds late, and retrying).
TEST(IngressExamples, ACloudL7LoadBalancerIsShorterButLearnsEndpointsLater) {
  ExampleRun run("ingress-architectures");
  std::map<std::uint32_t, double> latency_before;
  std::map<std::uint32_t, int> ok_before, errors;
  for (const RequestRecord& r : run.records.all) {
    if (r.source == run.source("cloud")) {
      for (int i = 0; i < r.hop_count; ++i) {
        HopKind kind = r.hops[static_cast<std::size_t>(i)].kind;
        ASSERT_NE(kind, HopKind::KubeProxy);
        ASSERT_NE(kind, HopKind::LoadBalancer);
      }
      if (r.pod.valid()) {
        EXPECT_EQ(run.podName(r.pod).rfind("web-", 0), 0u);
      }
    }
    if (r.outcome != RequestOutcome::Ok) {
      ++errors[r.source];
    } else if (r.end < sim::Time{std::chrono::seconds(40)}) {
      latency_before[r.source] += sim::toSeconds(r.latency());
      ++ok_before[r.source];
    }
  }
  std::uint32_t cloud = run.source("cloud"), nginx = run.source("nginx");
  EXPECT_LT(latency_before[cloud] / ok_before[cloud], latency_before[nginx] / ok_before[nginx]);
  EXPECT_GT(errors[cloud], 10 * std::max(errors[nginx], 1));
}

// An Ingress naming a Service that does not exist loads with a warning, and its requests get
// 503 from the controller.
TEST(IngressScenario, ADanglingBackendIsAWarningAndA503) {
  std::string text = R"(apiVersion: kubenetsim/v1
kind: Scenario
metadata: {name: dangling}
spec:
  duration: 20s
  cluster: {nodes: {count: 2}, ingressControllers: [{replicas: 1}]}
  manifests:
  - inline: |
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: lost}
      spec:
        ingressClassName: nginx
        rules:
        - host: a.example.com
          http:
            paths: [{path: /, pathType: Prefix, backend: {service: {name: gone, port: {number: 80}}}}]
  traffic:
  - {name: t, from: internet, to: 'http://a.example.com/', start: 5s, arrivals: {rate: 20/s}}
)";
  Diagnostics d;
  LoadedScenario loaded;
  ASSERT_TRUE(loadScenarioText(text, "dangling.yaml", ".", loaded, d)) << d.str();
  EXPECT_NE(d.str().find("names Service 'gone'"), std::string::npos) << d.str();
  Records records;
  Simulation simulation(loaded, &records, d);
  ASSERT_FALSE(d.hasErrors()) << d.str();
  simulation.run();
  ASSERT_GT(records.all.size(), 100u);
  for (const RequestRecord& r : records.all) EXPECT_EQ(r.outcome, RequestOutcome::NoEndpoints);
}

// Applying a changed canary Ingress during the run: weight 20 -> 50 at 25 s. The controller
// takes it at its next sync (within 1 / 0.3 s), reloads, and the share follows.
TEST(IngressScenario, ApplyingAChangedCanaryIngressMovesTheShareAfterTheSync) {
  fs::path file = fs::temp_directory_path() / "kns-canary-apply.yaml";
  std::ofstream(file)
      << "apiVersion: kubenetsim/v1\nkind: Scenario\nmetadata: {name: canary-apply}\n"
         "spec:\n  include: ['"
      << (fs::path(KNS_SOURCE_DIR) / "scenarios" / "examples" / "ingress-canary.yaml").string()
      << R"(']
  duration: 50s
  timeline:
  - at: 25s
    apply:
      inline: |
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: shop-canary
          annotations:
            nginx.ingress.kubernetes.io/canary: "true"
            nginx.ingress.kubernetes.io/canary-weight: "50"
        spec:
          ingressClassName: nginx
          rules:
          - host: shop.example.com
            http:
              paths: [{path: /, pathType: Prefix, backend: {service: {name: web-v2, port: {number: 80}}}}]
)";
  Diagnostics d;
  LoadedScenario loaded;
  ASSERT_TRUE(loadScenarioFile(file.string(), loaded, d)) << d.str();
  Records records;
  Simulation simulation(loaded, &records, d);
  ASSERT_FALSE(d.hasErrors()) << d.str();
  simulation.run();
  std::uint32_t customers = 0;
  for (int i = 0; i < loaded.scenario.spec().traffic_size(); ++i) {
    if (loaded.scenario.spec().traffic(i).name() == "customers")
      customers = static_cast<std::uint32_t>(i);
  }
  double before = 0, before_n = 0, after = 0, after_n = 0;
  for (const RequestRecord& r : records.all) {
    if (r.source != customers) continue;
    bool canary = simulation.world().service(r.service).spec.name == "web-v2";
    if (r.start < sim::Time{std::chrono::seconds(25)}) {
      before += canary;
      ++before_n;
    } else if (r.start > sim::Time{std::chrono::seconds(30)}) {
      after += canary;
      ++after_n;
    }
  }
  expectShare(before, before_n, 0.20, 4, "weight 20 before the apply");
  expectShare(after, after_n, 0.50, 4, "weight 50 after the controller's sync");
  fs::remove(file);
}

}  // namespace
}  // namespace kns::scenarios
