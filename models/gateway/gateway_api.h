// Gateway API objects (gateway.networking.k8s.io/v1) as the model reads them: GatewayClass,
// Gateway with its listeners, HTTPRoute with its rules, and ReferenceGrant. Field names and
// defaults follow the API types (SEMANTICS-GATEWAY §1); what the model does not read is left out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/labels.h"
#include "sim/time.h"

namespace kns::models {

// Envoy Gateway's controllerName (SEMANTICS-GATEWAY §1.1): GatewayClasses naming it are ours.
inline constexpr const char* kEnvoyGatewayController =
    "gateway.envoyproxy.io/gatewayclass-controller";

struct GatewayClassSpec {
  std::string name;
  std::string controller_name;
};

enum class ListenerProtocol { HTTP, HTTPS, TLS, TCP, UDP, Other };
enum class RoutesFrom { Same, All, Selector, None };

struct ListenerSpec {
  std::string name;
  std::string hostname;  // "" = any host; else precise or "*.<suffix>"
  int port = 0;
  ListenerProtocol protocol = ListenerProtocol::HTTP;
  std::vector<std::string> certificate_refs;  // HTTPS (TLS mode Terminate): Secret names
  RoutesFrom routes_from = RoutesFrom::Same;  // allowedRoutes.namespaces.from
  LabelSelector routes_selector;              // Selector: namespaces with these labels
  // allowedRoutes.kinds; empty = the protocol's default (HTTPRoute, GRPCRoute for HTTP(S)).
  std::vector<std::string> route_kinds;
};

struct GatewaySpec {
  std::string name;
  std::string ns = "default";
  std::string class_name;
  std::vector<ListenerSpec> listeners;
};

struct ParentRef {
  std::string name;
  std::string ns;  // "" = the route's namespace
  std::string kind = "Gateway";
  std::string section_name;  // a listener's name; "" = every listener
  int port = 0;              // 0 = any
};

enum class PathMatchType { Exact, PathPrefix, RegularExpression };

struct HeaderMatch {
  std::string name;  // case-insensitive
  std::string value;
  bool regex = false;
};

struct QueryParamMatch {
  std::string name;  // case-sensitive
  std::string value;
  bool regex = false;
};

// HTTPRouteMatch: every present field must hold (AND).
struct RouteMatch {
  PathMatchType path_type = PathMatchType::PathPrefix;
  std::string path = "/";
  std::vector<HeaderMatch> headers;
  std::vector<QueryParamMatch> query_params;
  std::string method;  // "" = any
};

struct BackendRef {
  std::string group;  // "" = core
  std::string kind = "Service";
  std::string name;
  std::string ns;  // "" = the route's namespace
  int port = 0;
  int weight = 1;  // 0..1,000,000
};

struct RequestRedirect {
  std::string scheme;    // "" = the request's
  std::string hostname;  // "" = the request's Host
  int port = 0;          // 0 = derived (SEMANTICS-GATEWAY §1.3)
  int status_code = 302;
};

struct RouteRule {
  std::string name;
  std::vector<RouteMatch> matches;  // empty = one PathPrefix "/" match
  std::vector<BackendRef> backend_refs;
  std::optional<RequestRedirect> redirect;               // the RequestRedirect filter
  bool has_other_filters = false;                        // any filter besides a redirect
  std::optional<sim::Duration> request_timeout;          // timeouts.request ("0s": none)
  std::optional<sim::Duration> backend_request_timeout;  // timeouts.backendRequest
};

struct HttpRouteSpec {
  std::string name;
  std::string ns = "default";
  std::int64_t created = 0;  // creationTimestamp order: earlier routes win ties (0 = load order)
  std::vector<ParentRef> parent_refs;
  std::vector<std::string> hostnames;  // empty = every host the listener allows
  std::vector<RouteRule> rules;        // empty = one rule matching PathPrefix "/"
};

struct ReferenceGrantSpec {
  std::string name;
  std::string ns;  // the namespace of the referred-to objects
  struct From {
    std::string group;
    std::string kind;
    std::string ns;
  };
  std::vector<From> from;
  struct To {
    std::string group;  // "" = core
    std::string kind;
    std::string name;  // "" = any
  };
  std::vector<To> to;
};

// Everything of the Gateway API in a cluster, in load order.
struct GatewayApiObjects {
  std::vector<GatewayClassSpec> classes;
  std::vector<GatewaySpec> gateways;
  std::vector<HttpRouteSpec> routes;
  std::vector<ReferenceGrantSpec> grants;
};

}  // namespace kns::models
