// Traffic from pods (from: pods/...) when no client pod runs yet: the requests due then are not
// sent, and the report and the summary say how many (they were dropped silently: issue 16,
// item 7).
#include <gtest/gtest.h>

#include "reports/summary.h"
#include "scenarios/run_scenario.h"

namespace kns::scenarios {
namespace {

// Clients scaled from 0 to 1 at 10 s; constant arrivals of 50/s from 0 s: the 500 requests due
// in [0 s, 10 s) find no client pod. (The client pod then needs its start-up delay, 1 s by
// default, before it runs: about 50 more.)
const char* kScenario = R"(apiVersion: kubenetsim/v1
kind: Scenario
metadata: {name: late-clients}
spec:
  duration: 20s
  manifests:
  - inline: |
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: client}
      spec:
        replicas: 0
        selector: {matchLabels: {app: client}}
        template:
          metadata: {labels: {app: client}}
          spec: {containers: [{name: c, image: curl}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: w, image: nginx}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec: {selector: {app: web}, ports: [{port: 80}]}
  traffic:
  - name: from-pods
    from: pods/app=client
    to: service/web
    arrivals: {rate: 50/s, process: constant}
  timeline:
  - {at: 10s, scale: deployment/client, replicas: 1}
)";

TEST(PodClients, RequestsDueBeforeAnyClientPodRunsAreCountedAsNotSent) {
  Diagnostics d;
  LoadedScenario loaded;
  ASSERT_TRUE(loadScenarioText(kScenario, "late.yaml", ".", loaded, d)) << d.str();
  RunResult result;
  ASSERT_TRUE(runScenario(loaded, RunOptions{}, result, d)) << d.str();
  const reports::proto::Scope* traffic = nullptr;
  const reports::proto::Scope* run = nullptr;
  for (const auto& s : result.report.scopes()) {
    if (s.kind() == "traffic") traffic = &s;
    if (s.kind() == "run") run = &s;
  }
  ASSERT_NE(traffic, nullptr);
  ASSERT_NE(run, nullptr);
  ASSERT_TRUE(traffic->has_not_sent());
  // 10 s of 50/s before the scale, plus the pod's start-up (1 s default, 50 more); a few
  // milliseconds of scheduling either way.
  EXPECT_GE(traffic->not_sent(), 500u);
  EXPECT_LE(traffic->not_sent(), 560u);
  EXPECT_EQ(run->not_sent(), traffic->not_sent());
  EXPECT_GT(traffic->requests(), 400u);  // sent once the client runs
  std::string summary = reports::summaryTable(result.report);
  EXPECT_NE(summary.find("traffic/from-pods: " + std::to_string(traffic->not_sent()) +
                         " requests not sent: no client pod was running"),
            std::string::npos)
      << summary;
}

}  // namespace
}  // namespace kns::scenarios
