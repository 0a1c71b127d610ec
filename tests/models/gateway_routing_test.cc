// Gateway API routing as the specification defines it (SEMANTICS-GATEWAY §1.3-§2.2): element-
// wise prefixes, header names without case, query names with it, the first of repeated values,
// then precedence: hostname, Exact, longest prefix, method, headers, query parameters, oldest
// route, namespace/name, rule order; listener isolation; hostname fall-back both ways. Each case
// asserts the backend a request reaches or the status the gateway answers.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/gateway/gateway_status.h"
#include "models/gateway/http_router.h"

namespace kns::models::gateway {
namespace {

RouteMatch pathMatch(PathMatchType type, std::string path) {
  RouteMatch m;
  m.path_type = type;
  m.path = std::move(path);
  return m;
}
RouteMatch prefix(std::string path) { return pathMatch(PathMatchType::PathPrefix, path); }
RouteMatch exact(std::string path) { return pathMatch(PathMatchType::Exact, path); }
RouteMatch regex(std::string path) { return pathMatch(PathMatchType::RegularExpression, path); }
RouteMatch with(RouteMatch m, std::vector<HeaderMatch> headers,
                std::vector<QueryParamMatch> query = {}, std::string method = "") {
  m.headers = std::move(headers);
  m.query_params = std::move(query);
  m.method = std::move(method);
  return m;
}
RouteRule to(std::string backend, std::vector<RouteMatch> matches) {
  RouteRule rule;
  rule.matches = std::move(matches);
  rule.backend_refs.push_back(BackendRef{"", "Service", std::move(backend), "", 80, 1});
  return rule;
}
HttpRouteSpec route(std::string ns, std::string name, std::vector<std::string> hostnames,
                    std::vector<RouteRule> rules, std::string gateway = "gw",
                    std::int64_t created = 0) {
  HttpRouteSpec r;
  r.ns = std::move(ns);
  r.name = std::move(name);
  r.hostnames = std::move(hostnames);
  r.rules = std::move(rules);
  r.created = created;
  r.parent_refs.push_back(ParentRef{std::move(gateway), "infra", "Gateway", "", 0});
  return r;
}
ListenerSpec listener(std::string name, int port, std::string hostname = "") {
  ListenerSpec l;
  l.name = std::move(name);
  l.port = port;
  l.hostname = std::move(hostname);
  l.routes_from = RoutesFrom::All;
  return l;
}

// Two Gateways of our class: "gw" with one catch-all HTTP listener, "multi" with listeners that
// differ by hostname and port; routes on both.
GatewayApiObjects objects() {
  GatewayApiObjects o;
  o.classes.push_back({"eg", kEnvoyGatewayController});
  o.gateways.push_back({"gw", "infra", "eg", {listener("http", 80)}});
  o.gateways.push_back({"multi",
                        "infra",
                        "eg",
                        {listener("wild", 80, "*.example.com"),
                         listener("foo", 80, "foo.example.com"), listener("alt", 8080)}});
  // Paths (host paths.test).
  o.routes.push_back(route(
      "apps", "paths", {"paths.test"},
      {to("root", {prefix("/")}), to("foo", {prefix("/foo")}), to("foo-exact", {exact("/foo")}),
       to("foobar", {prefix("/foo/bar")}), to("deep", {prefix("/foo/bar/baz/")})}));
  // Methods, headers and query parameters (host match.test).
  o.routes.push_back(
      route("apps", "match", {"match.test"},
            {to("post", {with(prefix("/"), {}, {}, "POST")}),
             to("v2", {with(prefix("/"), {{"version", "two"}})}),
             to("v2-blue", {with(prefix("/"), {{"version", "two"}, {"color", "blue"}})}),
             to("whale", {with(prefix("/"), {}, {{"animal", "whale"}})}),
             to("whale-blue", {with(prefix("/"), {}, {{"animal", "whale"}, {"color", "blue"}})}),
             to("default", {prefix("/")}),
             // A rule whose second match is the more specific one wins with that match.
             to("second-match", {prefix("/nope"), with(prefix("/"), {{"x-second", "yes"}})})}));
  // Hostnames across routes.
  o.routes.push_back(
      route("apps", "www", {"www.example.com"}, {to("www", {prefix("/pathmatch")})}));
  o.routes.push_back(route("apps", "wild", {"*.example.com"}, {to("wild", {prefix("/")})}));
  o.routes.push_back(route("apps", "any", {}, {to("any", {prefix("/")})}));
  // Ties: same match in several routes, then in one route.
  o.routes.push_back(route("ns-b", "zzz", {"tie.test"}, {to("old", {prefix("/tie")})}, "gw", 1));
  o.routes.push_back(route("ns-a", "aaa", {"tie.test"}, {to("new", {prefix("/tie")})}, "gw", 2));
  o.routes.push_back(route("ns-a", "b", {"tie.test"}, {to("ab", {prefix("/same")})}, "gw", 3));
  o.routes.push_back(route("ns-a", "a", {"tie.test"}, {to("aa", {prefix("/same")})}, "gw", 3));
  o.routes.push_back(route("ns-a", "rules", {"tie.test"},
                           {to("first", {prefix("/rule")}), to("second", {prefix("/rule")})}, "gw",
                           4));
  // Regular expressions (Envoy Gateway's order: Exact, then RegularExpression, then prefixes).
  o.routes.push_back(route("apps", "regex", {"re.test"},
                           {to("re-prefix", {prefix("/v1")}), to("re", {regex("/v[0-9]+/.*")}),
                            to("re-exact", {exact("/v1/x")})}));
  // Answers of the gateway itself: a redirect, a rule without backends, a route without rules.
  RouteRule redirect;
  redirect.matches = {prefix("/old")};
  redirect.redirect = RequestRedirect{"https", "", 0, 301};
  RouteRule empty;
  empty.matches = {prefix("/empty")};
  o.routes.push_back(route("apps", "answers", {"answers.test"}, {redirect, empty}));
  o.routes.push_back(route("apps", "norules", {"norules.test"}, {}));
  // The multi-listener Gateway.
  o.routes.push_back(route("apps", "on-wild", {}, {to("l-wild", {prefix("/a")})}, "multi"));
  o.routes.back().parent_refs[0].section_name = "wild";
  o.routes.push_back(route("apps", "on-foo", {}, {to("l-foo", {prefix("/b")})}, "multi"));
  o.routes.back().parent_refs[0].section_name = "foo";
  o.routes.push_back(route("apps", "on-alt", {}, {to("l-alt", {prefix("/")})}, "multi"));
  o.routes.back().parent_refs[0].section_name = "alt";
  return o;
}

ClusterView everythingExists() {
  return {[](const std::string&, const std::string&) { return true; },
          [](const std::string&) { return Labels{}; }};
}

struct Case {
  std::string gateway;
  int port;
  std::string host;
  std::string method;
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string partitioned;  // the backend's name, or the status: "404"
  std::string ordered;      // "" = the same as partitioned
};

std::string outcome(const GatewayApiObjects& o, const RouteDecision& d) {
  if (d.kind != RouteDecision::Kind::Backend) return std::to_string(d.status);
  return o.routes[d.route].rules[d.rule].backend_refs[0].name;
}

const std::vector<Case> kCases = {
    // Element-wise prefixes, Exact over prefix, case-sensitive paths, queries ignored by paths.
    {"gw", 80, "paths.test", "GET", "/", {}, "root", ""},
    {"gw", 80, "paths.test", "GET", "/foo", {}, "foo-exact", ""},
    {"gw", 80, "paths.test", "GET", "/foo/", {}, "foo", ""},
    {"gw", 80, "paths.test", "GET", "/foobar", {}, "root", ""},
    {"gw", 80, "paths.test", "GET", "/foo/bar", {}, "foobar", ""},
    {"gw", 80, "paths.test", "GET", "/foo/bar/", {}, "foobar", ""},
    {"gw", 80, "paths.test", "GET", "/foo/barn", {}, "foo", ""},
    {"gw", 80, "paths.test", "GET", "/foo/bar/baz", {}, "deep", ""},
    {"gw", 80, "paths.test", "GET", "/FOO", {}, "root", ""},
    {"gw", 80, "paths.test", "GET", "/foo?x=1", {}, "foo-exact", ""},
    // Method over headers, headers over query parameters, counts of each.
    {"gw", 80, "match.test", "GET", "/", {}, "default", ""},
    {"gw", 80, "match.test", "POST", "/", {}, "post", ""},
    {"gw", 80, "match.test", "POST", "/", {{"version", "two"}}, "post", ""},
    {"gw", 80, "match.test", "GET", "/", {{"version", "two"}}, "v2", ""},
    {"gw", 80, "match.test", "GET", "/", {{"Version", "two"}}, "v2", ""},
    {"gw", 80, "match.test", "GET", "/", {{"version", "Two"}}, "default", ""},
    {"gw", 80, "match.test", "GET", "/", {{"version", "two"}, {"color", "blue"}}, "v2-blue", ""},
    {"gw", 80, "match.test", "GET", "/", {{"version", "one"}, {"version", "two"}}, "default", ""},
    {"gw", 80, "match.test", "GET", "/?animal=whale", {}, "whale", ""},
    {"gw", 80, "match.test", "GET", "/?animal=whale&color=blue", {}, "whale-blue", ""},
    {"gw", 80, "match.test", "GET", "/?animal=whale", {{"version", "two"}}, "v2", ""},
    {"gw", 80, "match.test", "GET", "/?Animal=whale", {}, "default", ""},
    {"gw", 80, "match.test", "GET", "/?animal=whale&animal=dolphin", {}, "whale", ""},
    {"gw", 80, "match.test", "GET", "/?animal=dolphin&animal=whale", {}, "default", ""},
    {"gw", 80, "match.test", "PUT", "/", {{"x-second", "yes"}}, "second-match", ""},
    // Hostnames: exact over wildcard over none; wildcards span labels, never the bare suffix;
    // a host with its own routes does not fall back to a catch-all in Envoy Gateway.
    {"gw", 80, "www.example.com", "GET", "/pathmatch", {}, "www", ""},
    {"gw", 80, "WWW.Example.com:8080", "GET", "/pathmatch/x", {}, "www", ""},
    {"gw", 80, "www.example.com", "GET", "/other", {}, "404", "wild"},
    {"gw", 80, "foo.example.com", "GET", "/", {}, "wild", ""},
    {"gw", 80, "a.b.example.com", "GET", "/pathmatch", {}, "wild", ""},
    {"gw", 80, "example.com", "GET", "/", {}, "any", ""},
    {"gw", 80, "other.org", "GET", "/anything", {}, "any", ""},
    // Ties: the older route, then namespace/name, then the first rule.
    {"gw", 80, "tie.test", "GET", "/tie", {}, "old", ""},
    {"gw", 80, "tie.test", "GET", "/same", {}, "aa", ""},
    {"gw", 80, "tie.test", "GET", "/rule/x", {}, "first", ""},
    {"gw", 80, "tie.test", "GET", "/nothing", {}, "404", "any"},
    // Regular expressions between Exact and prefixes.
    {"gw", 80, "re.test", "GET", "/v1/x", {}, "re-exact", ""},
    {"gw", 80, "re.test", "GET", "/v1/y", {}, "re", ""},
    {"gw", 80, "re.test", "GET", "/v1", {}, "re-prefix", ""},
    {"gw", 80, "re.test", "GET", "/v2", {}, "404", "any"},
    // The gateway's own answers.
    {"gw", 80, "answers.test", "GET", "/old/page", {}, "301", ""},
    {"gw", 80, "answers.test", "GET", "/empty", {}, "500", ""},
    {"gw", 80, "norules.test", "GET", "/x", {}, "500", ""},
    // Listener selection and isolation: the most specific listener, and only its routes.
    {"multi", 80, "foo.example.com", "GET", "/b", {}, "l-foo", ""},
    {"multi", 80, "foo.example.com", "GET", "/a", {}, "404", ""},
    {"multi", 80, "bar.example.com", "GET", "/a", {}, "l-wild", ""},
    {"multi", 80, "bar.example.com", "GET", "/b", {}, "404", ""},
    {"multi", 8080, "foo.example.com", "GET", "/x", {}, "l-alt", ""},
    {"multi", 9090, "foo.example.com", "GET", "/x", {}, "404", ""},
    {"multi", 80, "other.org", "GET", "/a", {}, "404", ""},
};

TEST(GatewayRouting, EveryCaseReachesWhatTheSpecificationSays) {
  GatewayApiObjects o = objects();
  GatewayApiState state = resolveGatewayApi(o, everythingExists());
  ASSERT_GE(kCases.size(), 40u);
  for (HostnameFallback fallback : {HostnameFallback::Partitioned, HostnameFallback::Ordered}) {
    HttpRouter gw(o, state, 0, fallback);
    HttpRouter multi(o, state, 1, fallback);
    for (const Case& c : kCases) {
      HttpRequestView request{c.port, c.host, c.method, c.path, &c.headers};
      RouteDecision d = (c.gateway == "gw" ? gw : multi).route(request);
      std::string expected =
          fallback == HostnameFallback::Ordered && !c.ordered.empty() ? c.ordered : c.partitioned;
      EXPECT_EQ(outcome(o, d), expected)
          << c.method << " " << c.host << c.path << " on " << c.gateway << ":" << c.port
          << (fallback == HostnameFallback::Ordered ? " (ordered)" : " (partitioned)")
          << "; why: " << d.why;
    }
  }
}

TEST(GatewayRouting, TheWinnerSaysWhatBeatTheNextBest) {
  GatewayApiObjects o = objects();
  GatewayApiState state = resolveGatewayApi(o, everythingExists());
  HttpRouter gw(o, state, 0);
  std::vector<std::pair<std::string, std::string>> v2{{"version", "two"}};
  EXPECT_EQ(gw.route({80, "paths.test", "GET", "/foo", nullptr}).why, "won by an Exact path match");
  EXPECT_EQ(gw.route({80, "paths.test", "GET", "/foo/bar", nullptr}).why,
            "won by a longer path prefix");
  EXPECT_EQ(gw.route({80, "match.test", "POST", "/", &v2}).why, "won by a method match");
  EXPECT_EQ(gw.route({80, "tie.test", "GET", "/tie", nullptr}).why, "won by an older route");
  EXPECT_EQ(gw.route({80, "tie.test", "GET", "/same", nullptr}).why,
            "won by namespace/name first alphabetically");
}

// The route list in any order gives the same winners: precedence never depends on listing.
TEST(GatewayRouting, TheOrderRoutesAreListedInChangesNoWinner) {
  GatewayApiObjects o = objects();
  GatewayApiObjects reversed = o;
  std::reverse(reversed.routes.begin(), reversed.routes.end());
  GatewayApiState a = resolveGatewayApi(o, everythingExists());
  GatewayApiState b = resolveGatewayApi(reversed, everythingExists());
  for (const Case& c : kCases) {
    HttpRequestView request{c.port, c.host, c.method, c.path, &c.headers};
    std::size_t g = c.gateway == "gw" ? 0 : 1;
    EXPECT_EQ(outcome(o, HttpRouter(o, a, g).route(request)),
              outcome(reversed, HttpRouter(reversed, b, g).route(request)))
        << c.host << c.path;
  }
}

}  // namespace
}  // namespace kns::models::gateway
