// Host and path routing against the rules of SEMANTICS §4 (Ingress spec) and §5.9-5.10
// (how ingress-nginx realises them): each row names the request and the backend it must reach.
#include "models/ingress/ingress_router.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace kns::models {
namespace {

IngressPath path(const std::string& p, PathType type, const std::string& service) {
  return IngressPath{p, type, IngressBackend{service, ServiceId{}, 80}};
}

IngressSpec ingress(const std::string& name, std::vector<IngressRule> rules) {
  IngressSpec spec;
  spec.name = name;
  spec.rules = std::move(rules);
  return spec;
}

// The Ingresses of one controller, in creation order.
struct Fixture {
  std::vector<IngressSpec> specs;
  Fixture() {
    using P = PathType;
    specs.push_back(
        ingress("shop", {{"shop.example.com",
                          {path("/api", P::Prefix, "api"), path("/api/v2", P::Prefix, "api-v2"),
                           path("/checkout", P::Exact, "checkout"), path("/", P::Prefix, "web"),
                           path("/static", P::ImplementationSpecific, "static"),
                           path("/foo/", P::Prefix, "foo"), path("/dup", P::Prefix, "dup")}}}));
    specs.push_back(ingress("wild", {{"*.example.com", {path("/", P::Prefix, "wildcard")}}}));
    specs.push_back(ingress(
        "nohost",
        {{"", {path("/health", P::Exact, "health"), path("/public", P::Prefix, "public")}}}));
    specs.push_back(ingress(
        "shop-extra", {{"shop.example.com",
                        {path("/extra", P::Prefix, "extra"), path("/dup", P::Prefix, "other")}}}));
    specs.push_back(ingress("tls", {{"secure.example.com", {path("/", P::Prefix, "secure")}}}));
    specs.back().tls.push_back({{"secure.example.com"}, "secure-cert"});
    specs.push_back(ingress("tls-open", {{"open.example.com", {path("/", P::Prefix, "open")}}}));
    specs.back().tls.push_back({{"open.example.com"}, ""});
    specs.back().annotations["nginx.ingress.kubernetes.io/ssl-redirect"] = "false";
    // The first Ingress (in creation order) with a defaultBackend also serves unknown hosts.
    specs.push_back(ingress("catch-all", {}));
    specs.back().default_backend = IngressBackend{"fallback", ServiceId{}, 80};
    specs.push_back(ingress("blog", {{"blog.example.com", {path("/posts", P::Prefix, "posts")}}}));
    specs.back().default_backend = IngressBackend{"blog-default", ServiceId{}, 80};
    specs.push_back(ingress("other", {{"api.other.com", {path("/v1", P::Exact, "v1")}}}));
    // Paths that end up at the same nginx location: the spec's precedence decides, not the
    // order they are listed in.
    specs.push_back(ingress(
        "ties", {{"tie.example.com",
                  {path("/foo", P::Prefix, "prefix-foo"), path("/foo", P::Exact, "exact-foo"),
                   path("/bar", P::Prefix, "bar"), path("/bar/", P::Prefix, "bar-slash")}}}));
  }
  std::vector<const IngressSpec*> pointers(const std::set<std::string>& without = {}) const {
    std::vector<const IngressSpec*> out;
    for (const IngressSpec& s : specs) {
      if (!without.count(s.name)) out.push_back(&s);
    }
    return out;
  }
};

struct Case {
  const char* host;
  const char* path;
  bool https;
  const char* expect;  // a Service name, "404" or "308"
  const char* why;
  // The answer depends on the order of the Ingresses (ingress-nginx: oldest first), which the
  // spec leaves open: not checked under permutations.
  bool creation_order = false;
};

const Case kCases[] = {
    {"shop.example.com", "/api", false, "api", "Prefix matches its own path"},
    {"shop.example.com", "/api/", false, "api", "and with a trailing slash"},
    {"shop.example.com", "/api/users", false, "api", "and below it"},
    {"shop.example.com", "/apix", false, "web", "element-wise: /api is not a prefix of /apix"},
    {"shop.example.com", "/api/v2", false, "api-v2", "the longest Prefix wins"},
    {"shop.example.com", "/api/v2/orders", false, "api-v2", "longest Prefix, deeper path"},
    {"shop.example.com", "/api/v2x", false, "api", "element-wise on the last element"},
    {"shop.example.com", "/checkout", false, "checkout", "Exact"},
    {"shop.example.com", "/checkout/", false, "web", "Exact does not take a trailing slash"},
    {"shop.example.com", "/checkout/pay", false, "web", "Exact does not match below"},
    {"shop.example.com", "/static/app.js", false, "static", "ImplementationSpecific prefix"},
    {"shop.example.com", "/staticfiles", false, "static",
     "ingress-nginx: ImplementationSpecific is a plain string prefix"},
    {"shop.example.com", "/foo", false, "foo", "Prefix /foo/ is the same as /foo"},
    {"shop.example.com", "/foo/bar", false, "foo", "below a trailing-slash Prefix"},
    {"shop.example.com", "/foobar", false, "web", "element-wise again"},
    {"shop.example.com", "/", false, "web", "Prefix / matches everything"},
    {"shop.example.com", "/api?page=2", false, "api", "the query string is ignored"},
    {"shop.example.com", "/api#top", false, "api", "the fragment is ignored"},
    {"SHOP.Example.COM:8080", "/api", false, "api", "host: case and port ignored"},
    {"shop.example.com", "/extra", false, "extra", "Ingresses of one host are merged"},
    {"shop.example.com", "/dup/x", false, "dup", "same host and path: the first Ingress wins",
     true},
    {"bar.example.com", "/", false, "wildcard", "*.example.com covers one label"},
    {"baz.bar.example.com", "/", false, "fallback", "but not two: catch-all default backend", true},
    {"example.com", "/", false, "fallback", "nor zero labels", true},
    {"unknown.org", "/health", false, "health", "a rule without host serves any host"},
    {"unknown.org", "/health/live", false, "fallback", "its Exact path only", true},
    {"unknown.org", "/public/a.css", false, "public", "its Prefix path"},
    {"secure.example.com", "/", false, "308", "a TLS host redirects HTTP (ssl-redirect)"},
    {"secure.example.com", "/", true, "secure", "and serves HTTPS"},
    {"open.example.com", "/", false, "open", "ssl-redirect: \"false\" turns the redirect off"},
    {"blog.example.com", "/posts/1", false, "posts", "a host's rule"},
    {"blog.example.com", "/about", false, "blog-default", "the host's Ingress defaultBackend"},
    {"api.other.com", "/v1", false, "v1", "Exact on another host"},
    {"api.other.com", "/v2", false, "404",
     "a host without a match or defaultBackend: the controller's default backend"},
    {"tie.example.com", "/foo", false, "exact-foo", "Exact wins a tie with a Prefix listed first"},
    {"tie.example.com", "/foo/x", false, "prefix-foo", "the Prefix keeps what is below"},
    {"tie.example.com", "/bar/", false, "bar-slash", "the longest matching path: /bar/"},
    {"tie.example.com", "/bar", false, "bar-slash", "/bar/ matches /bar too, and is longer"},
    {"tie.example.com", "/bar/x", false, "bar-slash", "and below it"},
};

class IngressRouting : public ::testing::TestWithParam<Case> {};

TEST_P(IngressRouting, ReachesTheDocumentedBackend) {
  const Case& c = GetParam();
  Fixture fixture;
  IngressRouter router(fixture.pointers());
  Route route = router.route(c.host, c.path, c.https);
  std::string got = route.kind == Route::Kind::Redirect   ? "308"
                    : route.kind == Route::Kind::NotFound ? "404"
                                                          : route.backend->service_name;
  std::string explanation = router.explain(c.host, c.path, c.https);
  EXPECT_EQ(got, c.expect) << c.host << c.path << ": " << c.why << " (" << explanation << ")";
  EXPECT_FALSE(explanation.empty());
}

INSTANTIATE_TEST_SUITE_P(Table, IngressRouting, ::testing::ValuesIn(kCases));

// Precedence never depends on listing order where the spec defines it: every rotation of the
// Ingresses, forwards and backwards, with each rule's paths forwards and backwards, gives every
// case the same answer (each pair of Ingresses and of paths is tried in both orders).
TEST(IngressRouter, PrecedenceDoesNotDependOnTheOrderOfPathsOrIngresses) {
  Fixture fixture;
  std::size_t n = fixture.specs.size();
  int checked = 0;
  for (std::size_t rotation = 0; rotation < n; ++rotation) {
    for (bool reverse_ingresses : {false, true}) {
      for (bool reverse_paths : {false, true}) {
        std::vector<IngressSpec> specs = fixture.specs;
        if (reverse_paths) {
          for (IngressSpec& spec : specs) {
            for (IngressRule& rule : spec.rules) std::reverse(rule.paths.begin(), rule.paths.end());
          }
        }
        std::rotate(specs.begin(), specs.begin() + static_cast<std::ptrdiff_t>(rotation),
                    specs.end());
        if (reverse_ingresses) std::reverse(specs.begin(), specs.end());
        std::vector<const IngressSpec*> pointers;
        for (const IngressSpec& spec : specs) pointers.push_back(&spec);
        IngressRouter router(pointers);
        for (const Case& c : kCases) {
          if (c.creation_order) continue;
          Route route = router.route(c.host, c.path, c.https);
          std::string got = route.kind == Route::Kind::Redirect   ? "308"
                            : route.kind == Route::Kind::NotFound ? "404"
                                                                  : route.backend->service_name;
          EXPECT_EQ(got, c.expect) << c.host << c.path << " (rotation " << rotation
                                   << (reverse_ingresses ? ", Ingresses reversed" : "")
                                   << (reverse_paths ? ", paths reversed" : "") << ")";
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 1000);
}

TEST(IngressRouter, TheFirstDefaultBackendServesUnknownHosts) {
  Fixture fixture;
  IngressRouter router(fixture.pointers({"catch-all"}));
  EXPECT_EQ(router.route("unknown.org", "/x", false).backend->service_name, "blog-default");
}

TEST(IngressRouter, WithoutAnyDefaultBackendUnknownHostsGet404) {
  Fixture fixture;
  IngressRouter router(fixture.pointers({"catch-all", "blog"}));
  EXPECT_EQ(router.route("unknown.org", "/anything", false).kind, Route::Kind::NotFound);
  EXPECT_EQ(router.route("unknown.org", "/health", false).backend->service_name, "health");
}

TEST(IngressRouter, ExplainsWhichRuleMatched) {
  Fixture fixture;
  IngressRouter router(fixture.pointers());
  Route route = router.route("shop.example.com", "/api/v2/x", false);
  EXPECT_EQ(router.explain("shop.example.com", "/api/v2/x", false),
            "host shop.example.com, Prefix /api/v2 matched (Ingress default/shop)");
  EXPECT_EQ(route.ingress->name, "shop");
}

TEST(IngressRouter, WildcardHostsCoverExactlyOneLabel) {
  EXPECT_TRUE(IngressRouter::hostMatches("*.foo.com", "bar.foo.com"));
  EXPECT_FALSE(IngressRouter::hostMatches("*.foo.com", "baz.bar.foo.com"));
  EXPECT_FALSE(IngressRouter::hostMatches("*.foo.com", "foo.com"));
  EXPECT_TRUE(IngressRouter::hostMatches("Foo.com", "foo.com"));
}

}  // namespace
}  // namespace kns::models
