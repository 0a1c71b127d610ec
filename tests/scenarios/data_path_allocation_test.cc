// Counts heap allocations per request in a headless run's steady state, on every path a request
// can take (ClusterIP, NodePort, LoadBalancer, ingress-nginx with each balancer, a cloud L7 load
// balancer): the run as `kubenetsim run` drives it, recorder and fingerprint included.
// Replaces the global operator new, so it lives in a test program of its own.
#include <gtest/gtest.h>

#include <string>

#include "scenarios/live_run.h"
#include "scenarios/scenario_loader.h"
#include "tests/allocation_counter.h"

namespace kns::scenarios {
namespace {

using namespace std::chrono_literals;

struct PathCase {
  const char* name;
  const char* controller;  // a line under spec.cluster.ingressControllers, or ""
  const char* service_type;
  const char* to;
  const char* connections;  // the traffic's connections field
};

// Eight pods of a Deployment behind a Service; an Ingress routes shop.example.com to it;
// clients from 1,000 addresses (the rate is set by each measurement).
std::string scenarioFor(const PathCase& c) {
  std::string controllers =
      *c.controller ? std::string("    ingressControllers:\n    - ") + c.controller + "\n" : "";
  return std::string(R"(apiVersion: kubenetsim/v1
kind: Scenario
metadata: {name: allocations}
spec:
  seed: 3
  duration: 60s
  cluster:
    nodes: {count: 4, zones: [a, b]}
)") + controllers +
         R"(  manifests:
  - inline: |
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 8
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, ports: [{containerPort: 8080}]}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec: {type: )" +
         c.service_type + R"(, selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: web}
      spec:
        ingressClassName: nginx
        rules:
        - host: shop.example.com
          http:
            paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]
  workloads:
  - {selector: {app: web}, serviceTime: {distribution: exponential, mean: 2ms}, concurrency: 8,
     startupDelay: 1s}
  traffic:
  - name: clients
    from: )" +
         (std::string(c.to).starts_with("service/") ? "node/node-0" : "internet") +
         R"(
    to: ')" +
         c.to + R"('
    start: 5s
    clients: 1000
    arrivals: {rate: 2000/s}
    connections: )" +
         c.connections + R"(
    mix:
    - {path: /cart, weight: 1, cookies: {session: a}}
    - {path: '/catalog/items/42?page=3&sort=price-ascending', weight: 1}
)";
}

void PrintTo(const PathCase& c, std::ostream* out) { *out << c.name; }

class CountRequests : public models::Telemetry {
 public:
  void onRequest(const models::RequestRecord& record) override {
    ++requests;
    if (record.outcome == models::RequestOutcome::Ok) ++ok;
  }
  std::uint64_t requests = 0;
  std::uint64_t ok = 0;
};

class DataPathAllocations : public ::testing::TestWithParam<PathCase> {};

struct Steady {
  std::uint64_t requests = 0;
  std::uint64_t allocations = 0;
};

// Allocations and requests between 20 s and 30 s, after the cluster came up (5 s), the pools,
// connection tables, every client's cookie and the recorder's windows reached their size.
Steady measure(const PathCase& c, const std::string& rate) {
  LoadedScenario scenario;
  Diagnostics diagnostics;
  bool loaded = loadScenarioText(scenarioFor(c), "allocations.yaml", ".", scenario, diagnostics,
                                 {"spec.traffic[0].arrivals.rate=" + rate});
  EXPECT_TRUE(loaded) << diagnostics.str();
  if (!loaded) return {};
  CountRequests counter;
  LiveRunOptions options;
  options.observer = &counter;
  std::unique_ptr<LiveRun> run = LiveRun::start(scenario, options, diagnostics);
  EXPECT_NE(run, nullptr) << diagnostics.str();
  if (!run) return {};
  run->runUntil(sim::Time{20s});
  std::uint64_t requests_before = counter.requests;
  std::uint64_t before = kns::testing::allocations();
  run->runUntil(sim::Time{30s});
  Steady steady{counter.requests - requests_before, kns::testing::allocations() - before};
  EXPECT_GT(counter.ok, counter.requests * 9 / 10)
      << c.name << " at " << rate << ": the path must serve";
  return steady;
}

// What may allocate is per simulated second, not per request: the recorder closes a window of
// its time series each second (map nodes and vectors per Service and pod), and a window's
// latency histograms widen their bucket range a few times as extreme values arrive (a couple
// more times at a higher load: the range grows with the log of the samples). So the same run
// at four times the rate (30,000 more requests) may allocate a few dozen more times, never in
// proportion: an allocation on one request in 300 would add 100.
TEST_P(DataPathAllocations, AllocationsDoNotGrowWithRequests) {
  Steady slow = measure(GetParam(), "1000/s");
  Steady fast = measure(GetParam(), "4000/s");
  ASSERT_GT(slow.requests, 9'000u);
  ASSERT_GT(fast.requests, 36'000u);
  std::uint64_t extra_allocations =
      fast.allocations > slow.allocations ? fast.allocations - slow.allocations : 0;
  EXPECT_LT(extra_allocations, 100u)
      << GetParam().name << ": " << slow.allocations << " allocations for " << slow.requests
      << " requests, " << fast.allocations << " for " << fast.requests;
  // And the per-second cost stays small: a few hundred over ten simulated seconds.
  EXPECT_LT(slow.allocations, 1000u) << GetParam().name;
}

const char* kPerRequest = "{mode: per-request}";
const char* kKeepAlive = "{mode: keep-alive, max: 64}";

INSTANTIATE_TEST_SUITE_P(
    EveryPath, DataPathAllocations,
    ::testing::Values(
        PathCase{"clusterip", "", "ClusterIP", "service/web", kPerRequest},
        PathCase{"clusterip_keepalive", "", "ClusterIP", "service/web", kKeepAlive},
        PathCase{"nodeport", "", "NodePort", "nodeport/node-1/web", kPerRequest},
        PathCase{"loadbalancer", "", "LoadBalancer", "loadbalancer/web", kPerRequest},
        PathCase{"nginx_round_robin", "{name: nginx, ingressClass: nginx, replicas: 2}",
                 "ClusterIP", "http://shop.example.com/", kPerRequest},
        PathCase{"nginx_ewma",
                 "{name: nginx, ingressClass: nginx, replicas: 2, config: {load-balance: ewma}}",
                 "ClusterIP", "http://shop.example.com/", kPerRequest},
        PathCase{"nginx_least_request",
                 "{name: nginx, ingressClass: nginx, replicas: 2, config: {load-balance: "
                 "least_request}}",
                 "ClusterIP", "http://shop.example.com/", kPerRequest},
        PathCase{"nginx_chash",
                 "{name: nginx, ingressClass: nginx, replicas: 2, config: {upstream-hash-by: "
                 "$request_uri}}",
                 "ClusterIP", "http://shop.example.com/", kPerRequest},
        PathCase{"nginx_chash_subset",
                 "{name: nginx, ingressClass: nginx, replicas: 2, config: {upstream-hash-by: "
                 "$request_uri, upstream-hash-by-subset: 'true'}}",
                 "ClusterIP", "http://shop.example.com/", kPerRequest},
        PathCase{"nginx_sticky_balanced",
                 "{name: nginx, ingressClass: nginx, replicas: 2, config: {affinity: cookie}}",
                 "ClusterIP", "http://shop.example.com/", kPerRequest},
        PathCase{"nginx_sticky_persistent",
                 "{name: nginx, ingressClass: nginx, replicas: 2, config: {affinity: cookie, "
                 "affinity-mode: persistent}}",
                 "ClusterIP", "http://shop.example.com/", kPerRequest},
        PathCase{"nginx_https_keepalive", "{name: nginx, ingressClass: nginx, replicas: 2}",
                 "ClusterIP", "https://shop.example.com/", kKeepAlive},
        PathCase{"cloud_l7", "{name: nginx, kind: cloud-l7, ingressClass: nginx}", "ClusterIP",
                 "http://shop.example.com/", kPerRequest}),
    [](const ::testing::TestParamInfo<PathCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kns::scenarios
