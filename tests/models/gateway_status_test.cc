// Misconfigurations as the controller reports them: each gives the condition reason the Gateway
// API defines (what `kubectl get httproute -o yaml` shows) and the answer its requests get.
// Also the weighted split of backendRefs.
#include "models/gateway/gateway_status.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "models/gateway/http_router.h"
#include "sim/random.h"

namespace kns::models::gateway {
namespace {

// One Gateway "gw" in "infra", class "eg" (ours), an HTTP listener on 80 for routes of its own
// namespace; Services "web" in "infra" and "db" in "data"; namespace "team" labelled team=a.
struct Fixture {
  GatewayApiObjects o;
  Fixture() {
    o.classes.push_back({"eg", kEnvoyGatewayController});
    o.classes.push_back({"other", "example.com/other-controller"});
    ListenerSpec http;
    http.name = "http";
    http.port = 80;
    o.gateways.push_back({"gw", "infra", "eg", {http}});
  }
  HttpRouteSpec& addRoute(std::string ns = "infra", std::string service = "web") {
    HttpRouteSpec r;
    r.name = "route" + std::to_string(o.routes.size());
    r.ns = std::move(ns);
    r.parent_refs.push_back({"gw", "infra", "Gateway", "", 0});
    RouteRule rule;
    rule.backend_refs.push_back({"", "Service", std::move(service), "", 80, 1});
    r.rules.push_back(rule);
    o.routes.push_back(r);
    return o.routes.back();
  }
  GatewayApiState resolve() const {
    ClusterView cluster{[](const std::string& ns, const std::string& name) {
                          return (ns == "infra" && name == "web") || (ns == "data" && name == "db");
                        },
                        [](const std::string& ns) {
                          return ns == "team" ? Labels{{"team", "a"}} : Labels{};
                        }};
    return resolveGatewayApi(o, cluster);
  }
};

std::string reason(const RouteState& route, const std::string& type) {
  if (route.parents.empty()) return "(no status)";
  const Condition* c = findCondition(route.parents[0].conditions, type);
  return c == nullptr ? "(none)" : c->status + "/" + c->reason;
}

// What a GET / for host `host` gets: the backend's Service, or the gateway's status code.
std::string answer(const Fixture& f, const GatewayApiState& state, std::string host = "a.test") {
  HttpRouter router(f.o, state, 0);
  RouteDecision d = router.route({80, host, "GET", "/", nullptr});
  if (d.kind != RouteDecision::Kind::Backend) return std::to_string(d.status);
  const RouteRule& rule = f.o.routes[d.route].rules[d.rule];
  std::optional<std::size_t> pick = pickBackend(rule, state.routes[d.route].backends[d.rule], 0.5);
  return pick ? rule.backend_refs[*pick].name : "500";
}

TEST(GatewayStatus, AWellFormedRouteIsAcceptedAndResolved) {
  Fixture f;
  f.addRoute();
  GatewayApiState s = f.resolve();
  EXPECT_EQ(reason(s.routes[0], "Accepted"), "True/Accepted");
  EXPECT_EQ(reason(s.routes[0], "ResolvedRefs"), "True/ResolvedRefs");
  EXPECT_EQ(s.gateways[0].listeners[0].attached.size(), 1u);
  EXPECT_EQ(findCondition(s.gateways[0].conditions, "Programmed")->status, "True");
  EXPECT_EQ(answer(f, s), "web");
}

TEST(GatewayStatus, ASectionNameNoListenerHasIsNoMatchingParent) {
  Fixture f;
  f.addRoute().parent_refs[0].section_name = "https";
  GatewayApiState s = f.resolve();
  EXPECT_EQ(reason(s.routes[0], "Accepted"), "False/NoMatchingParent");
  EXPECT_EQ(answer(f, s), "404");
}

TEST(GatewayStatus, APortNoListenerHasIsNoMatchingParent) {
  Fixture f;
  f.addRoute().parent_refs[0].port = 8080;
  GatewayApiState s = f.resolve();
  EXPECT_EQ(reason(s.routes[0], "Accepted"), "False/NoMatchingParent");
  EXPECT_EQ(answer(f, s), "404");
}

TEST(GatewayStatus, ARouteFromAnotherNamespaceIsNotAllowedByASameListener) {
  Fixture f;
  f.addRoute("team");
  GatewayApiState s = f.resolve();
  EXPECT_EQ(reason(s.routes[0], "Accepted"), "False/NotAllowedByListeners");
  EXPECT_EQ(answer(f, s), "404");
}

TEST(GatewayStatus, ASelectorListenerAllowsOnlyNamespacesWithItsLabels) {
  Fixture f;
  f.o.gateways[0].listeners[0].routes_from = RoutesFrom::Selector;
  f.o.gateways[0].listeners[0].routes_selector.match_labels = {{"team", "b"}};
  f.addRoute("team", "web");
  EXPECT_EQ(reason(f.resolve().routes[0], "Accepted"), "False/NotAllowedByListeners");
  f.o.gateways[0].listeners[0].routes_selector.match_labels = {{"team", "a"}};
  EXPECT_EQ(reason(f.resolve().routes[0], "Accepted"), "True/Accepted");
}

TEST(GatewayStatus, HostnamesThatDoNotIntersectAreNoMatchingListenerHostname) {
  Fixture f;
  f.o.gateways[0].listeners[0].hostname = "*.example.com";
  f.addRoute().hostnames = {"example.com", "shop.example.org"};
  GatewayApiState s = f.resolve();
  EXPECT_EQ(reason(s.routes[0], "Accepted"), "False/NoMatchingListenerHostname");
  EXPECT_EQ(answer(f, s, "shop.example.org"), "404");
}

TEST(GatewayStatus, AMissingServiceIsBackendNotFoundAndItsShareGets500) {
  Fixture f;
  f.addRoute("infra", "nope");
  GatewayApiState s = f.resolve();
  EXPECT_EQ(reason(s.routes[0], "Accepted"), "True/Accepted");  // attached all the same
  EXPECT_EQ(reason(s.routes[0], "ResolvedRefs"), "False/BackendNotFound");
  EXPECT_EQ(answer(f, s), "500");
}

TEST(GatewayStatus, ACrossNamespaceBackendNeedsAReferenceGrant) {
  Fixture f;
  f.addRoute().rules[0].backend_refs[0] = {"", "Service", "db", "data", 5432, 1};
  GatewayApiState s = f.resolve();
  EXPECT_EQ(reason(s.routes[0], "ResolvedRefs"), "False/RefNotPermitted");
  EXPECT_EQ(answer(f, s), "500");
  // A grant in the backend's namespace, from HTTPRoutes of the route's namespace, to Services.
  f.o.grants.push_back({"allow",
                        "data",
                        {{"gateway.networking.k8s.io", "HTTPRoute", "infra"}},
                        {{"", "Service", ""}}});
  s = f.resolve();
  EXPECT_EQ(reason(s.routes[0], "ResolvedRefs"), "True/ResolvedRefs");
  EXPECT_EQ(answer(f, s), "db");
  // A grant for another namespace's routes does not count.
  f.o.grants[0].from[0].ns = "team";
  EXPECT_EQ(reason(f.resolve().routes[0], "ResolvedRefs"), "False/RefNotPermitted");
}

TEST(GatewayStatus, ABackendThatIsNotAServiceIsInvalidKind) {
  Fixture f;
  f.addRoute().rules[0].backend_refs[0].kind = "Pod";
  GatewayApiState s = f.resolve();
  EXPECT_EQ(reason(s.routes[0], "ResolvedRefs"), "False/InvalidKind");
  EXPECT_EQ(answer(f, s), "500");
}

TEST(GatewayStatus, ListenersThatCannotBeToldApartAreConflictedAndNotProgrammed) {
  Fixture f;
  ListenerSpec twin = f.o.gateways[0].listeners[0];
  twin.name = "http-twin";
  f.o.gateways[0].listeners.push_back(twin);
  ListenerSpec https = twin;
  https.name = "https";
  https.port = 8443;
  https.protocol = ListenerProtocol::HTTPS;
  https.certificate_refs = {"cert"};
  f.o.gateways[0].listeners.push_back(https);
  f.addRoute();
  GatewayApiState s = f.resolve();
  const GatewayState& gw = s.gateways[0];
  EXPECT_EQ(findCondition(gw.listeners[0].conditions, "Conflicted")->reason, "HostnameConflict");
  EXPECT_EQ(findCondition(gw.listeners[1].conditions, "Conflicted")->reason, "HostnameConflict");
  EXPECT_EQ(findCondition(gw.listeners[2].conditions, "Conflicted")->reason, "NoConflicts");
  EXPECT_EQ(findCondition(gw.conditions, "Accepted")->reason, "ListenersNotValid");
  EXPECT_EQ(findCondition(gw.conditions, "Accepted")->status, "True");  // one listener is fine
  EXPECT_EQ(answer(f, s), "404");                                       // nothing serves port 80
}

TEST(GatewayStatus, HttpAndHttpsOnOnePortAreAProtocolConflict) {
  Fixture f;
  ListenerSpec https = f.o.gateways[0].listeners[0];
  https.name = "https";
  https.protocol = ListenerProtocol::HTTPS;
  https.certificate_refs = {"cert"};
  https.hostname = "shop.test";
  f.o.gateways[0].listeners.push_back(https);
  GatewayApiState s = f.resolve();
  EXPECT_EQ(findCondition(s.gateways[0].listeners[1].conditions, "Conflicted")->reason,
            "ProtocolConflict");
  EXPECT_EQ(findCondition(s.gateways[0].conditions, "Accepted")->status, "False");
}

TEST(GatewayStatus, AGatewayOfAnotherControllerGetsNoStatusFromUs) {
  Fixture f;
  f.o.gateways[0].class_name = "other";
  f.addRoute();
  GatewayApiState s = f.resolve();
  EXPECT_EQ(findCondition(s.gateways[0].conditions, "Accepted")->reason, "Pending");
  EXPECT_EQ(reason(s.routes[0], "Accepted"), "(no status)");
  EXPECT_EQ(answer(f, s), "404");
}

TEST(GatewayStatus, AnHttpsListenerWithoutCertificatesIsInvalid) {
  Fixture f;
  f.o.gateways[0].listeners[0].protocol = ListenerProtocol::HTTPS;
  GatewayApiState s = f.resolve();
  EXPECT_EQ(findCondition(s.gateways[0].listeners[0].conditions, "ResolvedRefs")->reason,
            "InvalidCertificateRef");
  EXPECT_EQ(findCondition(s.gateways[0].conditions, "Programmed")->status, "False");
}

// 10,000 draws over weights 80/20/0: the 80 share within 1.5 points (3.75 standard deviations
// of a binomial proportion at n = 10,000, p = 0.8: sqrt(0.16 / 10,000) = 0.4 points), and the
// weight-0 backend never.
TEST(GatewayStatus, WeightedBackendsSplitByWeightAndWeightZeroGetsNothing) {
  Fixture f;
  HttpRouteSpec& r = f.addRoute();
  r.rules[0].backend_refs = {{"", "Service", "web", "", 80, 80},
                             {"", "Service", "db", "data", 80, 20},
                             {"", "Service", "web", "", 81, 0}};
  f.o.grants.push_back({"allow",
                        "data",
                        {{"gateway.networking.k8s.io", "HTTPRoute", "infra"}},
                        {{"", "Service", "db"}}});
  GatewayApiState s = f.resolve();
  sim::RandomStream rng(42, 0, "weights");
  std::map<std::size_t, int> counts;
  const int n = 10000;
  for (int i = 0; i < n; ++i) {
    std::optional<std::size_t> pick =
        pickBackend(f.o.routes[0].rules[0], s.routes[0].backends[0], rng.uniform01());
    ASSERT_TRUE(pick.has_value());
    ++counts[*pick];
  }
  EXPECT_NEAR(counts[0] / double(n), 0.80, 0.015);
  EXPECT_NEAR(counts[1] / double(n), 0.20, 0.015);
  EXPECT_EQ(counts[2], 0);
}

// Half the weight on an invalid backend: about half the requests get 500 (spec: "the proportion
// of requests that would otherwise have been routed to an invalid backend MUST receive a 500").
TEST(GatewayStatus, TheShareOfAnInvalidBackendGets500) {
  Fixture f;
  f.addRoute().rules[0].backend_refs.push_back({"", "Service", "missing", "", 80, 1});
  GatewayApiState s = f.resolve();
  int errors = 0;
  for (int i = 0; i < 1000; ++i) {
    errors += !pickBackend(f.o.routes[0].rules[0], s.routes[0].backends[0], (i + 0.5) / 1000);
  }
  EXPECT_EQ(errors, 500);
}

}  // namespace
}  // namespace kns::models::gateway
