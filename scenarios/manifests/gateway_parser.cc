// The Gateway API (gateway.networking.k8s.io v1, and v1beta1 where CRDs still serve it):
// GatewayClass, Gateway, HTTPRoute, ReferenceGrant, checked as their CRDs' schemas and CEL rules
// would, so what the API server refuses is an error here too.
#include <algorithm>
#include <regex>
#include <set>

#include "models/gateway/http_router.h"
#include "scenarios/manifests/document_parser.h"
#include "sim/time.h"

namespace kns::scenarios {
namespace {

// Exact and PathPrefix values: "/"-rooted, without "//", "/./", "/../", "%2f", "#" (the CRD's
// validation).
std::string pathProblem(const std::string& path) {
  if (path.empty() || path[0] != '/') return "must start with '/'";
  for (const char* bad : {"//", "/./", "/../", "%2f", "%2F", "#"}) {
    if (path.find(bad) != std::string::npos) return std::string("must not contain '") + bad + "'";
  }
  if (path.size() >= 2 && (path.ends_with("/..") || path.ends_with("/."))) {
    return "must not end with '/.' or '/..'";
  }
  return "";
}

// A listener's or route's hostname as the CRDs' pattern allows: lower-case DNS labels, the first
// of which may be "*" (a wildcard); no IP address, no port, no trailing dot.
std::string hostnameProblem(const std::string& host) {
  static const std::regex kHostname(
      R"(^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)");
  if (host.empty() || host.size() > 253) return "must be 1 to 253 characters";
  if (!std::regex_match(host, kHostname)) {
    return "is not a hostname: lower-case DNS labels, optionally after '*.' (e.g. "
           "'shop.example.com' or '*.example.com')";
  }
  static const std::regex kAddress(R"(^[0-9.]+$)");
  if (std::regex_match(host, kAddress)) return "must be a hostname, not an IP address";
  return "";
}

// The Gateway API's duration format (GEP-2257): 1 to 4 parts of up to 5 digits, each with h, m,
// s or ms, e.g. "1h", "10s", "500ms", "1m30s"; nothing negative, nothing fractional.
bool isGatewayDuration(const std::string& text) {
  static const std::regex kDuration(R"(^([0-9]{1,5}(h|m|s|ms)){1,4}$)");
  return std::regex_match(text, kDuration);
}

}  // namespace

// A list of at most `most` entries (the CRD's maxItems): false, with an error, when longer.
bool DocumentParser::withinItems(const YAML::Node& node, const std::string& path,
                                 std::size_t most) {
  if (!node || !node.IsSequence() || node.size() <= most) return true;
  r_.error(node, path, "must have at most " + std::to_string(most) + " items");
  return false;
}

void DocumentParser::gatewayApi(const YAML::Node& doc, const std::string& kind,
                                const std::string& api) {
  std::string version = api.substr(api.find('/') + 1);
  if (version != "v1" && version != "v1beta1") {
    r_.error(doc, "apiVersion",
             api +
                 " is not served by the Gateway API's standard channel; write "
                 "gateway.networking.k8s.io/v1");
    return;
  }
  if (kind == "GatewayClass") {
    gatewayClass(doc);
  } else if (kind == "Gateway") {
    gateway(doc);
  } else if (kind == "HTTPRoute") {
    httpRoute(doc);
  } else if (kind == "ReferenceGrant") {
    referenceGrant(doc);
  } else {
    ++out_.skipped[kind];
    r_.diagnostics().notice(r_.at(doc), "kind",
                            kind +
                                " objects are not simulated yet (GatewayClass, Gateway, "
                                "HTTPRoute and ReferenceGrant are) and are skipped");
  }
}

void DocumentParser::gatewayClass(const YAML::Node& doc) {
  auto name = metadataName(doc);
  if (!name) return;
  models::GatewayClassSpec c;
  c.name = *name;
  YAML::Node spec = r_.child(doc, "spec", "spec");
  c.controller_name =
      r_.string(r_.child(spec, "controllerName", "spec"), "spec.controllerName").value_or("");
  if (c.controller_name.empty()) {
    r_.error(spec ? spec : doc, "spec.controllerName",
             "missing: the controller that manages this class, e.g. "
             "gateway.envoyproxy.io/gatewayclass-controller");
  }
  out_.gateway_api.classes.push_back(std::move(c));
}

models::ListenerSpec DocumentParser::listener(const YAML::Node& node, const std::string& path) {
  models::ListenerSpec l;
  l.name = r_.string(r_.child(node, "name", path), path + ".name").value_or("");
  if (l.name.empty()) r_.error(node, path + ".name", "missing: every listener needs a name");
  if (auto host = r_.string(r_.child(node, "hostname", path), path + ".hostname")) {
    if (std::string problem = hostnameProblem(*host); !problem.empty()) {
      r_.error(r_.child(node, "hostname", path), path + ".hostname", "'" + *host + "' " + problem);
    }
    l.hostname = *host;
  }
  l.port = static_cast<int>(
      r_.integer(r_.child(node, "port", path), path + ".port", 1, 65535).value_or(0));
  if (l.port == 0 && !r_.child(node, "port", path))
    r_.error(node, path + ".port", "missing: the port the listener binds, e.g. 80");
  using P = models::ListenerProtocol;
  std::string protocol =
      r_.string(r_.child(node, "protocol", path), path + ".protocol").value_or("");
  if (protocol == "HTTP") {
    l.protocol = P::HTTP;
  } else if (protocol == "HTTPS") {
    l.protocol = P::HTTPS;
  } else if (protocol == "TLS") {
    l.protocol = P::TLS;
  } else if (protocol == "TCP") {
    l.protocol = P::TCP;
  } else if (protocol == "UDP") {
    l.protocol = P::UDP;
  } else if (protocol.find('/') != std::string::npos) {
    l.protocol = P::Other;  // a domain-prefixed implementation-specific protocol
  } else {
    r_.error(node, path + ".protocol",
             protocol.empty() ? "missing: HTTP, HTTPS, TLS, TCP or UDP"
                              : "'" + protocol + "' is not HTTP, HTTPS, TLS, TCP or UDP");
  }
  YAML::Node tls = r_.child(node, "tls", path);
  bool needs_tls = l.protocol == P::HTTPS || l.protocol == P::TLS;
  if (needs_tls && !tls) {
    r_.error(node, path + ".tls", "tls must be specified for protocols ['HTTPS', 'TLS']");
  } else if (!needs_tls && tls &&
             (l.protocol == P::HTTP || l.protocol == P::TCP || l.protocol == P::UDP)) {
    r_.error(tls, path + ".tls", "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']");
  }
  YAML::Node refs = r_.child(tls, "certificateRefs", path + ".tls");
  if (refs && r_.expectSequence(refs, path + ".tls.certificateRefs")) {
    for (std::size_t i = 0; i < refs.size(); ++i) {
      std::string p = indexed(path + ".tls.certificateRefs", i);
      if (auto name = r_.string(r_.child(refs[i], "name", p), p + ".name")) {
        l.certificate_refs.push_back(*name);
      }
    }
  }
  YAML::Node allowed = r_.child(node, "allowedRoutes", path);
  std::string ap = path + ".allowedRoutes";
  YAML::Node namespaces = r_.child(allowed, "namespaces", ap);
  l.routes_from = oneOf(namespaces, "from", ap + ".namespaces", models::RoutesFrom::Same,
                        {{"Same", models::RoutesFrom::Same},
                         {"All", models::RoutesFrom::All},
                         {"Selector", models::RoutesFrom::Selector},
                         {"None", models::RoutesFrom::None}});
  if (YAML::Node sel = r_.child(namespaces, "selector", ap + ".namespaces")) {
    l.routes_selector = selector(sel, ap + ".namespaces.selector");
  } else if (l.routes_from == models::RoutesFrom::Selector) {
    r_.error(namespaces, ap + ".namespaces.selector",
             "missing: from: Selector needs a selector of namespace labels");
  }
  YAML::Node kinds = r_.child(allowed, "kinds", ap);
  if (kinds && r_.expectSequence(kinds, ap + ".kinds")) {
    for (std::size_t i = 0; i < kinds.size(); ++i) {
      std::string p = indexed(ap + ".kinds", i);
      if (auto kind = r_.string(r_.child(kinds[i], "kind", p), p + ".kind")) {
        l.route_kinds.push_back(*kind);
      }
    }
  }
  return l;
}

void DocumentParser::gateway(const YAML::Node& doc) {
  models::GatewaySpec gw;
  SourceLocation where;
  auto name = metadataName(doc);
  if (!name) return;
  gw.name = *name;
  gw.ns = metadataNamespace(doc);
  where = r_.at(doc);
  YAML::Node spec = r_.child(doc, "spec", "spec");
  gw.class_name =
      r_.string(r_.child(spec, "gatewayClassName", "spec"), "spec.gatewayClassName").value_or("");
  if (gw.class_name.empty()) {
    r_.error(spec ? spec : doc, "spec.gatewayClassName", "missing: the GatewayClass to use");
  }
  YAML::Node listeners = r_.child(spec, "listeners", "spec");
  if (!listeners || !listeners.IsSequence() || listeners.size() == 0 || listeners.size() > 64) {
    r_.error(spec ? spec : doc, "spec.listeners", "a Gateway needs 1 to 64 listeners");
  } else {
    std::set<std::string> names;
    for (std::size_t i = 0; i < listeners.size(); ++i) {
      std::string p = indexed("spec.listeners", i);
      gw.listeners.push_back(listener(listeners[i], p));
      if (!gw.listeners.back().name.empty() && !names.insert(gw.listeners.back().name).second) {
        r_.error(listeners[i], p + ".name", "Listener name must be unique within the Gateway");
      }
    }
  }
  out_.gateway_api.gateways.push_back(std::move(gw));
  out_.gateway_locations.push_back(where);
}

models::RouteMatch DocumentParser::routeMatch(const YAML::Node& node, const std::string& path) {
  models::RouteMatch m;
  if (YAML::Node p = r_.child(node, "path", path)) {
    m.path_type = oneOf(p, "type", path + ".path", models::PathMatchType::PathPrefix,
                        {{"Exact", models::PathMatchType::Exact},
                         {"PathPrefix", models::PathMatchType::PathPrefix},
                         {"RegularExpression", models::PathMatchType::RegularExpression}});
    m.path = r_.string(r_.child(p, "value", path + ".path"), path + ".path.value").value_or("/");
    std::string problem = m.path_type == models::PathMatchType::RegularExpression
                              ? models::gateway::regexProblem(m.path)
                              : pathProblem(m.path);
    if (!problem.empty()) {
      r_.error(p, path + ".path.value",
               "'" + m.path + "' " +
                   (m.path_type == models::PathMatchType::RegularExpression
                        ? "is not a regular expression: " + problem
                        : problem));
    }
  }
  auto pairs = [&](const char* key, auto& out) {
    std::string list = path + "." + key;
    YAML::Node items = r_.child(node, key, path);
    if (!items || !r_.expectSequence(items, list) || !withinItems(items, list, 16)) return;
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::string p = indexed(list, i);
      auto& item = out.emplace_back();
      item.name = r_.string(r_.child(items[i], "name", p), p + ".name").value_or("");
      item.value = r_.string(r_.child(items[i], "value", p), p + ".value").value_or("");
      if (item.name.empty()) r_.error(items[i], p + ".name", "missing: the name to match");
      item.regex =
          oneOf(items[i], "type", p, false, {{"Exact", false}, {"RegularExpression", true}});
      std::string problem = item.regex ? models::gateway::regexProblem(item.value) : "";
      if (!problem.empty()) {
        r_.error(items[i], p + ".value",
                 "'" + item.value + "' is not a regular expression: " + problem);
      }
    }
  };
  pairs("headers", m.headers);
  pairs("queryParams", m.query_params);
  m.method = oneOf(node, "method", path, std::string(),
                   {{"GET", std::string("GET")},
                    {"HEAD", std::string("HEAD")},
                    {"POST", std::string("POST")},
                    {"PUT", std::string("PUT")},
                    {"DELETE", std::string("DELETE")},
                    {"CONNECT", std::string("CONNECT")},
                    {"OPTIONS", std::string("OPTIONS")},
                    {"TRACE", std::string("TRACE")},
                    {"PATCH", std::string("PATCH")}});
  return m;
}

models::RouteRule DocumentParser::routeRule(const YAML::Node& node, const std::string& path) {
  models::RouteRule rule;
  rule.name = r_.string(r_.child(node, "name", path), path + ".name").value_or("");
  YAML::Node matches = r_.child(node, "matches", path);
  if (matches && r_.expectSequence(matches, path + ".matches") &&
      withinItems(matches, path + ".matches", 64)) {
    for (std::size_t i = 0; i < matches.size(); ++i) {
      rule.matches.push_back(routeMatch(matches[i], indexed(path + ".matches", i)));
    }
  }
  YAML::Node filters = r_.child(node, "filters", path);
  if (filters && r_.expectSequence(filters, path + ".filters") &&
      withinItems(filters, path + ".filters", 16)) {
    for (std::size_t i = 0; i < filters.size(); ++i) {
      std::string p = indexed(path + ".filters", i);
      std::string type = r_.string(r_.child(filters[i], "type", p), p + ".type").value_or("");
      if (type != "RequestRedirect") {
        rule.has_other_filters = true;
        continue;
      }
      YAML::Node redirect = r_.child(filters[i], "requestRedirect", p);
      std::string rp = p + ".requestRedirect";
      models::RequestRedirect r;
      r.scheme = oneOf(redirect, "scheme", rp, std::string(),
                       {{"http", std::string("http")}, {"https", std::string("https")}});
      r.hostname = r_.string(r_.child(redirect, "hostname", rp), rp + ".hostname").value_or("");
      r.port = static_cast<int>(
          r_.integer(r_.child(redirect, "port", rp), rp + ".port", 1, 65535).value_or(0));
      r.status_code = oneOf(redirect, "statusCode", rp, 302,
                            {{"301", 301}, {"302", 302}, {"303", 303}, {"307", 307}, {"308", 308}});
      rule.redirect = r;
    }
  }
  YAML::Node backends = r_.child(node, "backendRefs", path);
  if (backends && r_.expectSequence(backends, path + ".backendRefs") &&
      withinItems(backends, path + ".backendRefs", 16)) {
    for (std::size_t i = 0; i < backends.size(); ++i) {
      std::string p = indexed(path + ".backendRefs", i);
      models::BackendRef b;
      b.group = r_.string(r_.child(backends[i], "group", p), p + ".group").value_or("");
      b.kind = r_.string(r_.child(backends[i], "kind", p), p + ".kind").value_or("Service");
      b.name = r_.string(r_.child(backends[i], "name", p), p + ".name").value_or("");
      b.ns = r_.string(r_.child(backends[i], "namespace", p), p + ".namespace").value_or("");
      b.port = static_cast<int>(
          r_.integer(r_.child(backends[i], "port", p), p + ".port", 1, 65535).value_or(0));
      b.weight = static_cast<int>(
          r_.integer(r_.child(backends[i], "weight", p), p + ".weight", 0, 1'000'000).value_or(1));
      if (b.name.empty()) r_.error(backends[i], p + ".name", "missing: the backend's name");
      if (b.kind == "Service" && b.group.empty() && b.port == 0) {
        r_.error(backends[i], p + ".port", "Must have port for Service reference");
      }
      rule.backend_refs.push_back(std::move(b));
    }
  }
  if (rule.redirect && !rule.backend_refs.empty()) {
    r_.error(node, path, "RequestRedirect filter must not be used together with backendRefs");
  }
  YAML::Node timeouts = r_.child(node, "timeouts", path);
  for (auto [key, field] : {std::pair{"request", &rule.request_timeout},
                            std::pair{"backendRequest", &rule.backend_request_timeout}}) {
    std::string p = path + ".timeouts." + key;
    if (auto text = r_.string(r_.child(timeouts, key, path + ".timeouts"), p)) {
      if (isGatewayDuration(*text)) {
        *field = sim::parseDuration(*text);
      } else {
        r_.error(r_.child(timeouts, key, path + ".timeouts"), p,
                 "'" + *text +
                     "' is not a Gateway API duration; write e.g. '10s', '500ms' or "
                     "'1m30s' (up to four parts of at most 5 digits with h, m, s or ms)");
      }
    }
  }
  if (rule.request_timeout && rule.backend_request_timeout &&
      *rule.request_timeout != sim::Duration::zero() &&
      *rule.backend_request_timeout > *rule.request_timeout) {
    r_.error(timeouts, path + ".timeouts",
             "backendRequest timeout cannot be longer than request timeout");
  }
  return rule;
}

void DocumentParser::httpRoute(const YAML::Node& doc) {
  models::HttpRouteSpec route;
  auto name = metadataName(doc);
  if (!name) return;
  route.name = *name;
  route.ns = metadataNamespace(doc);
  route.created = static_cast<std::int64_t>(out_.gateway_api.routes.size());
  SourceLocation where = r_.at(doc);
  YAML::Node spec = r_.child(doc, "spec", "spec");
  YAML::Node parents = r_.child(spec, "parentRefs", "spec");
  if (parents && r_.expectSequence(parents, "spec.parentRefs") &&
      withinItems(parents, "spec.parentRefs", 32)) {
    for (std::size_t i = 0; i < parents.size(); ++i) {
      std::string p = indexed("spec.parentRefs", i);
      models::ParentRef ref;
      ref.name = r_.string(r_.child(parents[i], "name", p), p + ".name").value_or("");
      ref.ns = r_.string(r_.child(parents[i], "namespace", p), p + ".namespace").value_or("");
      ref.kind = r_.string(r_.child(parents[i], "kind", p), p + ".kind").value_or("Gateway");
      ref.section_name =
          r_.string(r_.child(parents[i], "sectionName", p), p + ".sectionName").value_or("");
      ref.port = static_cast<int>(
          r_.integer(r_.child(parents[i], "port", p), p + ".port", 1, 65535).value_or(0));
      if (ref.name.empty()) r_.error(parents[i], p + ".name", "missing: the Gateway's name");
      route.parent_refs.push_back(std::move(ref));
    }
  }
  YAML::Node hostnames = r_.child(spec, "hostnames", "spec");
  if (hostnames && r_.expectSequence(hostnames, "spec.hostnames") &&
      withinItems(hostnames, "spec.hostnames", 16)) {
    for (std::size_t i = 0; i < hostnames.size(); ++i) {
      if (auto h = r_.string(hostnames[i], indexed("spec.hostnames", i))) {
        if (std::string problem = hostnameProblem(*h); !problem.empty()) {
          r_.error(hostnames[i], indexed("spec.hostnames", i), "'" + *h + "' " + problem);
        }
        route.hostnames.push_back(*h);
      }
    }
  }
  YAML::Node rules = r_.child(spec, "rules", "spec");
  if (rules && r_.expectSequence(rules, "spec.rules") && withinItems(rules, "spec.rules", 16)) {
    for (std::size_t i = 0; i < rules.size(); ++i) {
      route.rules.push_back(routeRule(rules[i], indexed("spec.rules", i)));
    }
  }
  out_.gateway_api.routes.push_back(std::move(route));
  out_.route_locations.push_back(where);
}

void DocumentParser::referenceGrant(const YAML::Node& doc) {
  models::ReferenceGrantSpec grant;
  auto name = metadataName(doc);
  if (!name) return;
  grant.name = *name;
  grant.ns = metadataNamespace(doc);
  YAML::Node spec = r_.child(doc, "spec", "spec");
  YAML::Node from = r_.child(spec, "from", "spec");
  if (from && r_.expectSequence(from, "spec.from")) {
    for (std::size_t i = 0; i < from.size(); ++i) {
      std::string p = indexed("spec.from", i);
      grant.from.push_back(
          {r_.string(r_.child(from[i], "group", p), p + ".group").value_or(""),
           r_.string(r_.child(from[i], "kind", p), p + ".kind").value_or(""),
           r_.string(r_.child(from[i], "namespace", p), p + ".namespace").value_or("")});
    }
  }
  YAML::Node to = r_.child(spec, "to", "spec");
  if (to && r_.expectSequence(to, "spec.to")) {
    for (std::size_t i = 0; i < to.size(); ++i) {
      std::string p = indexed("spec.to", i);
      grant.to.push_back({r_.string(r_.child(to[i], "group", p), p + ".group").value_or(""),
                          r_.string(r_.child(to[i], "kind", p), p + ".kind").value_or(""),
                          r_.string(r_.child(to[i], "name", p), p + ".name").value_or("")});
    }
  }
  out_.gateway_api.grants.push_back(std::move(grant));
}

}  // namespace kns::scenarios
