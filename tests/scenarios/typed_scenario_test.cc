// The typed values a scenario loads into: units parsed once, words mapped, absent fields given
// scenario.proto's defaults, targets split; what the simulation reads instead of the text.
#include <gtest/gtest.h>

#include <string>

#include "scenarios/scenario_loader.h"

namespace kns::scenarios {
namespace {

using namespace std::chrono_literals;

const char* kScenario = R"(apiVersion: kubenetsim/v1
kind: Scenario
metadata: {name: typed}
spec:
  seed: 42
  duration: 2m
  cluster:
    nodes: {count: 4, zones: [a, b], cpu: "2"}
    kubeProxy: {mode: ipvs, ipvsScheduler: lc}
    network: {crossZone: 2ms}
  manifests:
  - inline: |
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: shop}
      spec: {selector: {app: web}, ports: [{port: 80}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: nginx}]}
  workloads:
  - selector: {app: web}
    serviceTime: {distribution: uniform, min: 1ms, max: 3ms}
    concurrency: 3
  traffic:
  - name: users
    from: node/node-1
    to: service/web.shop
    arrivals: {rate: 30/m, process: constant}
    connections: {mode: keep-alive, max: 5}
    schedule: [{at: 1m, rate: 2/s}]
  - name: lookups
    from: pods/app=web
    to: dns/web.shop
  timeline:
  - {at: 30s, scale: deployment/web, replicas: 5}
  - {at: 40s, set: spec.cluster.network.internet=7ms}
  - {at: 50s, traffic: users, rate: 0/s}
)";

TEST(TypedScenario, UnitsWordsAndDefaultsAreTypedOnceAtLoad) {
  Diagnostics d;
  LoadedScenario s;
  ASSERT_TRUE(loadScenarioText(kScenario, "typed.yaml", ".", s, d)) << d.str();
  const TypedScenario& t = s.typed;
  EXPECT_EQ(t.seed, 42u);
  EXPECT_EQ(t.duration, 120s);
  EXPECT_EQ(t.nodes.count, 4);
  EXPECT_EQ(t.nodes.node.cpu_millicores, 2000);
  EXPECT_EQ(t.nodes.node.max_pods, 110);  // scenario.proto's default
  EXPECT_EQ(t.cluster.zones, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t.cluster.network.cross_zone, 2ms);
  EXPECT_EQ(t.cluster.network.internet, 5ms);  // default
  EXPECT_EQ(t.kube_proxy.mode, models::ProxyMode::Ipvs);
  EXPECT_EQ(t.kube_proxy.ipvs_scheduler, models::IpvsScheduler::LeastConnection);
  EXPECT_EQ(t.kube_proxy.min_sync_period, 1s);  // default

  ASSERT_EQ(t.workloads.size(), 1u);
  EXPECT_EQ(t.workloads[0].serving.workers, 3);
  EXPECT_EQ(t.workloads[0].startup_delay, 1s);  // default
  EXPECT_EQ(t.workloads[0].serving.service_time.kind, models::DurationDistribution::Kind::Uniform);
  EXPECT_EQ(t.workloads[0].serving.service_time.expectedValue(), 2ms);

  ASSERT_EQ(t.traffic.size(), 2u);
  const models::TrafficSpec& users = t.traffic[0].spec;
  EXPECT_EQ(t.traffic[0].target.kind, TrafficTarget::Kind::Service);
  EXPECT_EQ(t.traffic[0].target.service, "web");
  EXPECT_EQ(t.traffic[0].target.ns, "shop");
  EXPECT_EQ(users.from_node, "node-1");
  EXPECT_DOUBLE_EQ(users.rate_per_second, 0.5);
  EXPECT_EQ(users.arrivals, models::ArrivalProcess::Constant);
  EXPECT_EQ(users.connection, models::ConnectionMode::KeepAlive);
  EXPECT_EQ(users.max_connections, 5);
  EXPECT_EQ(users.timeout, 10s);  // default
  ASSERT_EQ(users.rate_schedule.size(), 1u);
  EXPECT_EQ(users.rate_schedule[0].first, sim::Time{60s});
  EXPECT_EQ(users.stop, sim::Time{120s});
  EXPECT_GT(t.traffic[0].where.line, 0);
  EXPECT_EQ(t.traffic[1].target.kind, TrafficTarget::Kind::Dns);
  EXPECT_EQ(t.traffic[1].spec.host, "web.shop");
  ASSERT_TRUE(t.traffic[1].spec.client_pods.has_value());
  EXPECT_EQ(t.traffic[1].spec.client_pods->match_labels.at("app"), "web");

  ASSERT_EQ(t.timeline.size(), 3u);
  EXPECT_EQ(t.timeline[0].action, TypedTimelineEvent::Action::Scale);
  EXPECT_EQ(t.timeline[0].target, "web");
  EXPECT_EQ(t.timeline[0].replicas, 5);
  EXPECT_EQ(t.timeline[0].label, "scale deployment/web to 5");
  EXPECT_EQ(t.timeline[1].action, TypedTimelineEvent::Action::Set);
  EXPECT_EQ(t.timeline[1].setting, RuntimeSetting::InternetLatency);
  EXPECT_EQ(t.timeline[1].value, 7ms);
  EXPECT_EQ(t.timeline[2].action, TypedTimelineEvent::Action::SetRate);
  EXPECT_EQ(t.timeline[2].source, 0u);
  EXPECT_EQ(t.timeline[2].rate, 0.0);
  EXPECT_EQ(t.timeline[2].at, sim::Time{50s});
}

TEST(TypedScenario, ASeedChangedAfterLoadingReachesTheTypedValues) {
  Diagnostics d;
  LoadedScenario s;
  ASSERT_TRUE(loadScenarioText(kScenario, "typed.yaml", ".", s, d)) << d.str();
  setSeed(s, 9);
  EXPECT_EQ(s.typed.seed, 9u);
  EXPECT_EQ(s.scenario.spec().seed(), 9u);
}

}  // namespace
}  // namespace kns::scenarios
