// Gateway API manifests (gateway.networking.k8s.io) as a scenario loads them: every field the
// model reads, the status the controller writes once the cluster runs, kubectl's tables and
// `-o yaml`, and what the API server would refuse reported at its line.
#include <gtest/gtest.h>

#include <regex>

#include "scenarios/gateway_api_view.h"
#include "scenarios/scenario_loader.h"
#include "scenarios/simulation.h"
#include "tests/scenarios/program.h"

namespace kns::scenarios {
namespace {

const std::string kScenario =
    std::string(KNS_SOURCE_DIR) + "/tests/scenarios/data/gateway/scenario.yaml";

namespace gw = models::gateway;

std::string routeReason(const gw::GatewayApiState& s, std::size_t route, const char* type) {
  if (s.routes[route].parents.empty()) return "(no status)";
  const gw::Condition* c = gw::findCondition(s.routes[route].parents[0].conditions, type);
  return c == nullptr ? "(none)" : c->status + "/" + c->reason;
}

TEST(GatewayManifests, EveryFieldTheModelReadsLoads) {
  Diagnostics d;
  LoadedScenario s;
  ASSERT_TRUE(loadScenarioFile(kScenario, s, d)) << d.str();
  const models::GatewayApiObjects& o = s.manifests.gateway_api;
  ASSERT_EQ(o.classes.size(), 1u);
  EXPECT_EQ(o.classes[0].controller_name, models::kEnvoyGatewayController);
  ASSERT_EQ(o.gateways.size(), 1u);
  const models::GatewaySpec& g = o.gateways[0];
  EXPECT_EQ(g.ns, "infra");
  ASSERT_EQ(g.listeners.size(), 2u);
  EXPECT_EQ(g.listeners[0].routes_from, models::RoutesFrom::Selector);
  EXPECT_EQ(g.listeners[0].routes_selector.match_labels.at("shared-gateway-access"), "true");
  EXPECT_EQ(g.listeners[1].protocol, models::ListenerProtocol::HTTPS);
  EXPECT_EQ(g.listeners[1].hostname, "*.example.com");
  EXPECT_EQ(g.listeners[1].certificate_refs, std::vector<std::string>{"example-com-cert"});
  ASSERT_EQ(o.routes.size(), 4u);
  const models::HttpRouteSpec& store = o.routes[0];
  ASSERT_EQ(store.rules.size(), 2u);
  const models::RouteRule& cart = store.rules[0];
  ASSERT_EQ(cart.matches.size(), 2u);
  EXPECT_EQ(cart.matches[0].method, "POST");
  EXPECT_EQ(cart.matches[1].path_type, models::PathMatchType::Exact);
  EXPECT_EQ(cart.matches[1].headers[0].name, "x-canary");
  ASSERT_EQ(cart.backend_refs.size(), 2u);
  EXPECT_EQ(cart.backend_refs[0].weight, 90);
  EXPECT_EQ(cart.backend_refs[1].weight, 10);
  EXPECT_EQ(cart.request_timeout, std::chrono::seconds(10));
  EXPECT_EQ(cart.backend_request_timeout, std::chrono::seconds(2));
  EXPECT_EQ(store.rules[1].matches[0].path, "/");  // a match without path: PathPrefix "/"
  EXPECT_EQ(store.rules[1].matches[0].query_params[0].name, "debug");
  ASSERT_TRUE(o.routes[2].rules[0].redirect.has_value());
  EXPECT_EQ(o.routes[2].rules[0].redirect->status_code, 301);
  EXPECT_EQ(o.routes[2].rules[0].redirect->scheme, "https");
  ASSERT_EQ(o.grants.size(), 1u);  // v1beta1, as the standard channel serves it
  EXPECT_EQ(o.grants[0].from[0].ns, "store");
  EXPECT_GT(s.manifests.route_locations[1].line, 0);
}

TEST(GatewayManifests, TheControllersStatusFollowsTheRunningCluster) {
  Diagnostics d;
  LoadedScenario s;
  ASSERT_TRUE(loadScenarioFile(kScenario, s, d)) << d.str();
  Simulation simulation(s, nullptr, d);
  ASSERT_FALSE(d.hasErrors()) << d.str();
  gw::GatewayApiState state = resolveGatewayApi(s.manifests, simulation.world());
  EXPECT_EQ(gw::findCondition(state.gateways[0].conditions, "Programmed")->status, "True");
  // store: attached to both listeners; its canary Service does not exist.
  EXPECT_EQ(routeReason(state, 0, "Accepted"), "True/Accepted");
  EXPECT_EQ(routeReason(state, 0, "ResolvedRefs"), "False/BackendNotFound");
  // site: its namespace lacks the label the http listener selects.
  EXPECT_EQ(routeReason(state, 1, "Accepted"), "False/NotAllowedByListeners");
  EXPECT_EQ(routeReason(state, 2, "Accepted"), "True/Accepted");
  // shared-db: a cross-namespace backend that a ReferenceGrant permits.
  EXPECT_EQ(routeReason(state, 3, "ResolvedRefs"), "True/ResolvedRefs");
  EXPECT_EQ(state.gateways[0].listeners[0].attached.size(), 3u);  // store, redirect, shared-db
  EXPECT_EQ(state.gateways[0].listeners[1].attached.size(), 2u);  // store, shared-db
}

TEST(GatewayManifests, KubectlTablesAndYamlWithStatus) {
  Program p;
  std::string errors;
  ASSERT_EQ(p.run("get httproutes -A " + kScenario, &errors), 0) << errors;
  EXPECT_TRUE(std::regex_search(p.stdoutText(), std::regex("NAMESPACE +NAME +HOSTNAMES +AGE")))
      << p.stdoutText();
  EXPECT_TRUE(std::regex_search(p.stdoutText(),
                                std::regex("store +store +\\[\"store\\.example\\.com\"\\] +0s")))
      << p.stdoutText();
  ASSERT_EQ(p.run("get gtw -n infra " + kScenario), 0);
  EXPECT_TRUE(std::regex_search(p.stdoutText(), std::regex("shared +eg +True +0s")))
      << p.stdoutText();
  ASSERT_EQ(p.run("get gatewayclass " + kScenario), 0);
  EXPECT_TRUE(std::regex_search(
      p.stdoutText(), std::regex("eg +gateway\\.envoyproxy\\.io/gatewayclass-controller +True")))
      << p.stdoutText();
  ASSERT_EQ(p.run("get httproute -n site -o yaml " + kScenario), 0);
  EXPECT_NE(p.stdoutText().find("reason: NotAllowedByListeners"), std::string::npos)
      << p.stdoutText();
  ASSERT_EQ(p.run("get gateways -n infra -o yaml " + kScenario), 0);
  EXPECT_NE(p.stdoutText().find("attachedRoutes: 3"), std::string::npos) << p.stdoutText();
  EXPECT_EQ(p.run("get pods -o yaml " + kScenario), 2);  // only the Gateway API kinds, for now
}

// What the API server (the CRDs' schemas and CEL rules) would refuse, each at its line.
TEST(GatewayManifests, WhatTheApiServerRefusesIsAnErrorAtItsLine) {
  struct Case {
    std::string manifest;
    std::string expected;
  };
  const std::string route_head =
      "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n"
      "  parentRefs: [{name: g}]\n  rules:\n";
  const std::vector<Case> cases = {
      {"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec:\n"
       "  gatewayClassName: eg\n  listeners:\n  - {name: https, port: 443, protocol: HTTPS}\n",
       "tls must be specified for protocols ['HTTPS', 'TLS']"},
      {"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec:\n"
       "  gatewayClassName: eg\n  listeners:\n  - {name: a, port: 80, protocol: HTTP}\n"
       "  - {name: a, port: 81, protocol: HTTP}\n",
       "Listener name must be unique within the Gateway"},
      {"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec:\n"
       "  gatewayClassName: eg\n  listeners: []\n",
       "a Gateway needs 1 to 64 listeners"},
      {"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec:\n"
       "  gatewayClassName: eg\n  listeners:\n  - {name: a, port: 80, protocol: QUIC}\n",
       "'QUIC' is not HTTP, HTTPS, TLS, TCP or UDP"},
      {route_head + "  - matches: [{path: {type: PathPrefix, value: foo}}]\n",
       "'foo' must start with '/'"},
      {route_head + "  - matches: [{path: {type: Exact, value: /a//b}}]\n",
       "must not contain '//'"},
      {route_head + "  - matches: [{method: FETCH}]\n", "'FETCH' is not one of GET"},
      {route_head + "  - backendRefs: [{name: web}]\n", "Must have port for Service reference"},
      {route_head + "  - backendRefs: [{name: web, port: 80, weight: 1000001}]\n",
       "out of range; expected 0 to 1000000"},
      {route_head + "  - filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]\n"
                    "    backendRefs: [{name: web, port: 80}]\n",
       "RequestRedirect filter must not be used together with backendRefs"},
      {route_head + "  - backendRefs: [{name: web, port: 80}]\n"
                    "    timeouts: {request: 1s, backendRequest: 2s}\n",
       "backendRequest timeout cannot be longer than request timeout"},
      {"apiVersion: gateway.networking.k8s.io/v1alpha1\nkind: HTTPRoute\nmetadata: {name: r}\n",
       "is not served by the Gateway API's standard channel"},
      // Each end of the fields added: hostnames, durations, list lengths, patterns.
      {"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec:\n"
       "  gatewayClassName: eg\n  listeners:\n  - {name: a, port: 80, protocol: HTTP, hostname: "
       "'Shop.Example.com'}\n",
       "'Shop.Example.com' is not a hostname"},
      {"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec:\n"
       "  gatewayClassName: eg\n  listeners:\n  - {name: a, port: 65536, protocol: HTTP}\n",
       "out of range; expected 1 to 65535"},
      {"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n"
       "  hostnames: ['10.0.0.1']\n",
       "must be a hostname, not an IP address"},
      {"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n"
       "  hostnames: ['*.*.example.com']\n",
       "is not a hostname"},
      {route_head + "  - backendRefs: [{name: web, port: 80}]\n    timeouts: {request: -1s}\n",
       "'-1s' is not a Gateway API duration"},
      {route_head + "  - backendRefs: [{name: web, port: 80}]\n    timeouts: {request: 1.5s}\n",
       "'1.5s' is not a Gateway API duration"},
      {route_head + "  - backendRefs: [{name: web, port: 80}]\n    timeouts: {request: 999999s}\n",
       "'999999s' is not a Gateway API duration"},
      {route_head + "  - matches: [{path: {type: RegularExpression, value: '/a(b'}}]\n",
       "is not a regular expression"},
      {route_head + "  - matches: [{headers: [{name: x, value: '[', type: RegularExpression}]}]\n",
       "is not a regular expression"},
      {route_head + std::string(17 * 0, ' ') +
           [] {
             std::string rules;
             for (int i = 0; i < 17; ++i) rules += "  - backendRefs: [{name: web, port: 80}]\n";
             return rules;
           }(),
       "must have at most 16 items"},
  };
  for (const Case& c : cases) {
    std::string text =
        "apiVersion: kubenetsim/v1\nkind: Scenario\nmetadata: {name: bad}\nspec:\n"
        "  manifests:\n  - inline: |\n";
    std::string indented;
    for (std::size_t start = 0, end; start < c.manifest.size(); start = end + 1) {
      end = c.manifest.find('\n', start);
      if (end == std::string::npos) end = c.manifest.size();
      indented += "      " + c.manifest.substr(start, end - start) + "\n";
    }
    Diagnostics d;
    LoadedScenario s;
    EXPECT_FALSE(loadScenarioText(text + indented, "bad.yaml", ".", s, d)) << c.manifest;
    EXPECT_NE(d.str().find(c.expected), std::string::npos) << d.str();
    EXPECT_TRUE(std::regex_search(d.str(), std::regex("inline:\\d+:\\d+: error"))) << d.str();
  }
}

}  // namespace
}  // namespace kns::scenarios
