// Which listener, route, rule and match of one Gateway take a request, as the Gateway API
// specifies (SEMANTICS-GATEWAY §1.5, §2): listener by port and hostname (isolated: its routes
// only), then precedence over every attached route's matches — hostname specificity, Exact
// path, longest prefix, method, most header matches, most query matches, oldest route,
// "namespace/name", rule order. Nothing matches: 404.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/gateway/gateway_api.h"
#include "models/gateway/gateway_status.h"

namespace kns::models::gateway {

// How routes with different hostnames share a request (SEMANTICS-GATEWAY §2.2). Envoy Gateway
// builds one virtual host per hostname and Envoy picks the most specific one, so a request whose
// host has its own routes never falls back to a catch-all route (Partitioned, the default).
// Ordered reads the spec's precedence as one ordering over every route whose hostname matches.
enum class HostnameFallback { Partitioned, Ordered };

struct HttpRequestView {
  int port = 80;
  std::string_view host;  // the Host header, a port in it ignored
  std::string_view method = "GET";
  std::string_view path = "/";  // with its "?query"
  const std::vector<std::pair<std::string, std::string>>* headers = nullptr;
};

struct RouteDecision {
  enum class Kind {
    NoListener,  // no listener on the port takes the host: 404
    NotFound,    // the listener's routes have no match: 404
    Redirect,    // the rule's RequestRedirect: its status code
    Backend,     // to the rule's backendRefs (pickBackend)
    NoBackend,   // the rule has neither backendRefs nor a redirect: 500
  };
  Kind kind = Kind::NotFound;
  int status = 404;  // the answer when the gateway answers itself; 0 for Backend
  int listener = -1;
  std::size_t route = 0;  // index in GatewayApiObjects::routes
  std::size_t rule = 0;
  std::size_t match = 0;
  std::string why;  // what made this match win over the next best, in words
};

class HttpRouter {
 public:
  // Routes requests for `gateway` (an index in objects.gateways) with the attachments of `state`.
  HttpRouter(const GatewayApiObjects& objects, const GatewayApiState& state, std::size_t gateway,
             HostnameFallback fallback = HostnameFallback::Partitioned);

  RouteDecision route(const HttpRequestView& request) const;

 private:
  const GatewayApiObjects& objects_;
  const GatewayApiState& state_;
  std::size_t gateway_;
  HostnameFallback fallback_;
};

// The backendRef a request goes to, drawn by weight with `u` in [0, 1): nullopt when the draw
// lands on an invalid backend or every weight is 0 (the request gets 500).
std::optional<std::size_t> pickBackend(const RouteRule& rule,
                                       const std::vector<BackendResolution>& resolved, double u);

// What is wrong with a RegularExpression match's pattern for RE2 (the dialect Envoy uses), or ""
// when it compiles.
std::string regexProblem(const std::string& pattern);

// Whether one match holds for a request (path, headers, query parameters, method).
bool matchHolds(const RouteMatch& match, const HttpRequestView& request);

}  // namespace kns::models::gateway
