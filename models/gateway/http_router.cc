// Listener selection, match predicates and route precedence (SEMANTICS-GATEWAY §1.3, §2).
#include "models/gateway/http_router.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <tuple>

#include "models/gateway/hostnames.h"

namespace kns::models::gateway {
namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool fullMatch(std::string_view text, const std::string& pattern) {
  RE2 re(pattern, RE2::Quiet);
  return re.ok() && RE2::FullMatch(re2::StringPiece(text.data(), text.size()), re);
}

bool valueMatches(std::string_view value, const std::string& wanted, bool regex) {
  return regex ? fullMatch(value, wanted) : value == wanted;
}

// PathPrefix is element-wise and ignores a trailing "/": "/abc" matches "/abc", "/abc/" and
// "/abc/def", not "/abcd".
bool prefixMatches(std::string_view path, std::string_view prefix) {
  while (prefix.size() > 1 && prefix.back() == '/') prefix.remove_suffix(1);
  if (prefix == "/") return true;
  if (path.substr(0, prefix.size()) != prefix) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

// The first value of a query parameter (repeated ones: the first, as the spec recommends).
std::optional<std::string_view> queryValue(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

// The precedence of one candidate match: larger is better, field by field (§2.2).
struct Rank {
  int exact_host_chars = 0;  // the longest matching non-wildcard hostname of the route
  int host_chars = 0;        // the longest matching hostname, wildcards included
  int path_type = 0;         // Exact 2, RegularExpression 1 (as Envoy Gateway), PathPrefix 0
  int path_chars = 0;
  int method = 0;
  int headers = 0;
  int queries = 0;
  // Then older routes, "namespace/name", rule order and match order: smaller is better.
  std::int64_t created = 0;
  std::string ns_name;
  std::size_t rule = 0;
  std::size_t match = 0;

  auto better() const {
    return std::tie(exact_host_chars, host_chars, path_type, path_chars, method, headers, queries);
  }
  auto earlier() const { return std::tie(created, ns_name, rule, match); }
  bool beats(const Rank& o) const {
    if (better() != o.better()) return better() > o.better();
    return earlier() < o.earlier();
  }
};

// In words, the first criterion on which `winner` beats `other`.
std::string whyBetter(const Rank& winner, const Rank& other) {
  if (winner.exact_host_chars != other.exact_host_chars || winner.host_chars != other.host_chars)
    return "a longer matching hostname";
  if (winner.path_type != other.path_type)
    return winner.path_type == 2 ? "an Exact path match" : "a RegularExpression path match";
  if (winner.path_chars != other.path_chars) return "a longer path prefix";
  if (winner.method != other.method) return "a method match";
  if (winner.headers != other.headers) return "more header matches";
  if (winner.queries != other.queries) return "more query parameter matches";
  if (winner.created != other.created) return "an older route";
  if (winner.ns_name != other.ns_name) return "namespace/name first alphabetically";
  return "an earlier rule of the same route";
}

constexpr std::size_t kNoListener = static_cast<std::size_t>(-1);

}  // namespace

std::string regexProblem(const std::string& pattern) {
  RE2 re(pattern, RE2::Quiet);
  return re.ok() ? "" : re.error();
}

bool matchHolds(const RouteMatch& m, const HttpRequestView& request) {
  std::string_view path = request.path.substr(0, request.path.find('?'));
  switch (m.path_type) {
    case PathMatchType::Exact:
      if (path != m.path) return false;
      break;
    case PathMatchType::PathPrefix:
      if (!prefixMatches(path, m.path)) return false;
      break;
    case PathMatchType::RegularExpression:
      if (!fullMatch(path, m.path)) return false;
      break;
  }
  if (!m.method.empty() && request.method != m.method) return false;
  for (const HeaderMatch& h : m.headers) {
    std::optional<std::string_view> value;
    if (request.headers != nullptr) {
      for (const auto& [name, v] : *request.headers) {
        if (equalsIgnoringCase(name, h.name)) {
          value = v;
          break;  // only the first of a name counts
        }
      }
    }
    if (!value || !valueMatches(*value, h.value, h.regex)) return false;
  }
  std::size_t q = request.path.find('?');
  std::string_view query = q == std::string_view::npos ? "" : request.path.substr(q + 1);
  for (const QueryParamMatch& p : m.query_params) {
    std::optional<std::string_view> value = queryValue(query, p.name);
    if (!value || !valueMatches(*value, p.value, p.regex)) return false;
  }
  return true;
}

HttpRouter::HttpRouter(const GatewayApiObjects& objects, const GatewayApiState& state,
                       std::size_t gateway, HostnameFallback fallback)
    : objects_(objects), state_(state), gateway_(gateway), fallback_(fallback) {}

RouteDecision HttpRouter::route(const HttpRequestView& request) const {
  RouteDecision decision;
  const GatewaySpec& gw = objects_.gateways[gateway_];
  const GatewayState& gs = state_.gateways[gateway_];
  std::string host = normalizeHost(request.host);

  // The one listener that takes the request: on its port, the most specific hostname.
  std::size_t chosen = kNoListener;
  for (std::size_t i = 0; i < gw.listeners.size(); ++i) {
    const ListenerSpec& l = gw.listeners[i];
    if (!gs.ours || !gs.listeners[i].valid || l.port != request.port) continue;
    if (!hostnameMatches(l.hostname, host)) continue;
    if (chosen == kNoListener ||
        listenerHostnameRank(l.hostname) > listenerHostnameRank(gw.listeners[chosen].hostname)) {
      chosen = i;
    }
  }
  if (chosen == kNoListener) {
    decision.kind = RouteDecision::Kind::NoListener;
    decision.why = "no listener on port " + std::to_string(request.port) + " takes host " + host;
    return decision;
  }
  decision.listener = static_cast<int>(chosen);
  const std::vector<Attachment>& attached = gs.listeners[chosen].attached;

  // Partitioned: Envoy's virtual host for the request, the most specific attached hostname.
  std::optional<std::string> vhost;
  if (fallback_ == HostnameFallback::Partitioned) {
    for (const Attachment& a : attached) {
      for (const std::string& h : a.hostnames) {
        if (!hostnameMatches(h, host)) continue;
        if (!vhost || listenerHostnameRank(h) > listenerHostnameRank(*vhost) ||
            (isWildcard(h) && isWildcard(*vhost) && h.size() > vhost->size())) {
          vhost = h;
        }
      }
    }
  }

  std::optional<Rank> best, second;
  for (const Attachment& a : attached) {
    const HttpRouteSpec& route = objects_.routes[a.route];
    Rank base;
    bool host_ok = false;
    for (const std::string& h : a.hostnames) {
      if (!hostnameMatches(h, host)) continue;
      if (vhost && h != *vhost) continue;
      host_ok = true;
      int chars = static_cast<int>(h.size());
      base.host_chars = std::max(base.host_chars, chars);
      if (!isWildcard(h)) base.exact_host_chars = std::max(base.exact_host_chars, chars);
    }
    if (!host_ok) continue;
    base.created = route.created;
    base.ns_name = route.ns + "/" + route.name;
    static const RouteRule kDefaultRule{};
    std::size_t rules = std::max<std::size_t>(route.rules.size(), 1);
    for (std::size_t r = 0; r < rules; ++r) {
      const RouteRule& rule = route.rules.empty() ? kDefaultRule : route.rules[r];
      static const std::vector<RouteMatch> kDefaultMatches{RouteMatch{}};
      const std::vector<RouteMatch>& matches =
          rule.matches.empty() ? kDefaultMatches : rule.matches;
      for (std::size_t m = 0; m < matches.size(); ++m) {
        if (!matchHolds(matches[m], request)) continue;
        Rank rank = base;
        const RouteMatch& match = matches[m];
        rank.path_type = match.path_type == PathMatchType::Exact               ? 2
                         : match.path_type == PathMatchType::RegularExpression ? 1
                                                                               : 0;
        rank.path_chars = static_cast<int>(match.path.size());
        rank.method = match.method.empty() ? 0 : 1;
        rank.headers = static_cast<int>(match.headers.size());
        rank.queries = static_cast<int>(match.query_params.size());
        rank.rule = r;
        rank.match = m;
        if (!best || rank.beats(*best)) {
          second = best;  // the old best beat every other candidate so far
          best = rank;
          decision.route = a.route;
        } else if (!second || rank.beats(*second)) {
          second = rank;
        }
      }
    }
  }
  if (!best) {
    decision.kind = RouteDecision::Kind::NotFound;
    decision.why = "no route on listener " + gw.listeners[chosen].name + " matches";
    return decision;
  }
  decision.rule = best->rule;
  decision.match = best->match;
  decision.why = second ? "won by " + whyBetter(*best, *second) : "the only match";
  const HttpRouteSpec& route = objects_.routes[decision.route];
  if (route.rules.empty()) {
    decision.kind = RouteDecision::Kind::NoBackend;
    decision.status = 500;
    return decision;
  }
  const RouteRule& rule = route.rules[decision.rule];
  if (rule.redirect) {
    decision.kind = RouteDecision::Kind::Redirect;
    decision.status = rule.redirect->status_code;
  } else if (rule.backend_refs.empty()) {
    decision.kind = RouteDecision::Kind::NoBackend;
    decision.status = 500;
  } else {
    decision.kind = RouteDecision::Kind::Backend;
    decision.status = 0;
  }
  return decision;
}

std::optional<std::size_t> pickBackend(const RouteRule& rule,
                                       const std::vector<BackendResolution>& resolved, double u) {
  std::int64_t total = 0;
  for (const BackendRef& b : rule.backend_refs) total += std::max(b.weight, 0);
  if (total == 0) return std::nullopt;
  double x = u * static_cast<double>(total);
  std::size_t chosen = 0;
  for (std::size_t i = 0; i < rule.backend_refs.size(); ++i) {
    double w = std::max(rule.backend_refs[i].weight, 0);
    if (w == 0) continue;
    chosen = i;  // rounding may leave x at the total: the last positive share takes it
    if (x < w) break;
    x -= w;
  }
  if (chosen < resolved.size() && !resolved[chosen].valid) return std::nullopt;
  return chosen;
}

}  // namespace kns::models::gateway
