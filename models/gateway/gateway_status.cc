// Attachment and status as Envoy Gateway computes them (SEMANTICS-GATEWAY §1.2-1.4): listeners
// checked and de-conflicted, each route's parentRefs resolved to listeners, its hostnames
// intersected, its backendRefs resolved.
#include "models/gateway/gateway_status.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "models/gateway/hostnames.h"

namespace kns::models::gateway {

const Condition* findCondition(const std::vector<Condition>& conditions, const std::string& type) {
  for (const Condition& c : conditions) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

namespace {

Condition yes(std::string type, std::string reason, std::string message = "") {
  return {std::move(type), "True", std::move(reason), std::move(message)};
}
Condition no(std::string type, std::string reason, std::string message) {
  return {std::move(type), "False", std::move(reason), std::move(message)};
}

bool httpLike(ListenerProtocol p) {
  return p == ListenerProtocol::HTTP || p == ListenerProtocol::HTTPS;
}

// Two listeners on one port conflict when their protocols cannot share it (HTTP with anything
// else; HTTPS and TLS can) or when they are HTTP-like and have the same hostname.
std::optional<std::string> conflict(const ListenerSpec& a, const ListenerSpec& b) {
  if (a.port != b.port) return std::nullopt;
  bool shareable = a.protocol == b.protocol ||
                   (a.protocol == ListenerProtocol::HTTPS && b.protocol == ListenerProtocol::TLS) ||
                   (a.protocol == ListenerProtocol::TLS && b.protocol == ListenerProtocol::HTTPS);
  if (!shareable) return std::string("ProtocolConflict");
  if (a.hostname == b.hostname) return std::string("HostnameConflict");
  return std::nullopt;
}

void checkListeners(const GatewaySpec& gw, GatewayState& state) {
  state.listeners.resize(gw.listeners.size());
  for (std::size_t i = 0; i < gw.listeners.size(); ++i) {
    const ListenerSpec& l = gw.listeners[i];
    ListenerState& ls = state.listeners[i];
    std::optional<std::string> conflicted;
    for (std::size_t k = 0; k < gw.listeners.size() && !conflicted; ++k) {
      if (k != i) conflicted = conflict(l, gw.listeners[k]);
    }
    bool kinds_ok = l.route_kinds.empty() ||
                    std::any_of(l.route_kinds.begin(), l.route_kinds.end(),
                                [](const auto& k) { return k == "HTTPRoute" || k == "GRPCRoute"; });
    bool certs_ok = l.protocol != ListenerProtocol::HTTPS || !l.certificate_refs.empty();
    if (conflicted) {
      ls.conditions.push_back(
          yes("Conflicted", *conflicted,
              "another listener has the same port and " +
                  std::string(*conflicted == "HostnameConflict" ? "hostname"
                                                                : "an incompatible protocol")));
      ls.conditions.push_back(no("Accepted", *conflicted, "conflicted listeners are not accepted"));
    } else {
      ls.conditions.push_back(no("Conflicted", "NoConflicts", ""));
      if (!httpLike(l.protocol)) {
        ls.conditions.push_back(no("Accepted", "UnsupportedProtocol",
                                   "kubenetsim simulates HTTP and HTTPS listeners only"));
      } else {
        ls.conditions.push_back(yes("Accepted", "Accepted"));
      }
    }
    if (!certs_ok) {
      ls.conditions.push_back(
          no("ResolvedRefs", "InvalidCertificateRef", "an HTTPS listener needs certificateRefs"));
    } else if (!kinds_ok) {
      ls.conditions.push_back(no("ResolvedRefs", "InvalidRouteKinds",
                                 "allowedRoutes.kinds names no kind this listener serves"));
    } else {
      ls.conditions.push_back(yes("ResolvedRefs", "ResolvedRefs"));
    }
    ls.valid = !conflicted && httpLike(l.protocol) && certs_ok && kinds_ok;
    ls.conditions.push_back(ls.valid ? yes("Programmed", "Programmed")
                                     : no("Programmed", "Invalid", "the listener is not valid"));
  }
  std::size_t valid = static_cast<std::size_t>(std::count_if(
      state.listeners.begin(), state.listeners.end(), [](const auto& l) { return l.valid; }));
  if (valid == state.listeners.size()) {
    state.conditions.push_back(yes("Accepted", "Accepted"));
  } else if (valid > 0) {
    state.conditions.push_back(
        yes("Accepted", "ListenersNotValid", "some listeners are not valid"));
  } else {
    state.conditions.push_back(no("Accepted", "ListenersNotValid", "no listener is valid"));
  }
  state.conditions.push_back(valid > 0 ? yes("Programmed", "Programmed")
                                       : no("Programmed", "Invalid", "no listener is valid"));
}

bool routesAllowedFrom(const ListenerSpec& l, const GatewaySpec& gw, const std::string& route_ns,
                       const ClusterView& cluster) {
  bool kind_ok = l.route_kinds.empty() || std::find(l.route_kinds.begin(), l.route_kinds.end(),
                                                    "HTTPRoute") != l.route_kinds.end();
  if (!kind_ok) return false;
  switch (l.routes_from) {
    case RoutesFrom::Same:
      return route_ns == gw.ns;
    case RoutesFrom::All:
      return true;
    case RoutesFrom::Selector:
      return l.routes_selector.matches(cluster.namespace_labels(route_ns));
    case RoutesFrom::None:
      return false;
  }
  return false;
}

// A Service backend's reference: its kind, the ReferenceGrant a cross-namespace reference needs,
// and the Service itself.
BackendResolution resolveBackend(const BackendRef& b, const HttpRouteSpec& route,
                                 const GatewayApiObjects& objects, const ClusterView& cluster) {
  if (!(b.group.empty() || b.group == "core") || b.kind != "Service") {
    return {false, "InvalidKind", "backendRef kind " + b.kind + " is not a Service"};
  }
  std::string ns = b.ns.empty() ? route.ns : b.ns;
  if (ns != route.ns) {
    bool granted = false;
    for (const ReferenceGrantSpec& g : objects.grants) {
      if (g.ns != ns) continue;
      bool from = std::any_of(g.from.begin(), g.from.end(), [&](const auto& f) {
        return f.group == "gateway.networking.k8s.io" && f.kind == "HTTPRoute" && f.ns == route.ns;
      });
      bool to = std::any_of(g.to.begin(), g.to.end(), [&](const auto& t) {
        return (t.group.empty() || t.group == "core") && t.kind == "Service" &&
               (t.name.empty() || t.name == b.name);
      });
      granted |= from && to;
    }
    if (!granted) {
      return {false, "RefNotPermitted",
              "no ReferenceGrant in namespace " + ns + " lets HTTPRoutes of " + route.ns +
                  " refer to Service " + b.name};
    }
  }
  if (!cluster.service_exists(ns, b.name)) {
    return {false, "BackendNotFound", "Service " + ns + "/" + b.name + " not found"};
  }
  return {};
}

// The condition of a route at one parent, attaching it to the listeners that take it.
Condition attach(std::size_t route_index, const HttpRouteSpec& route, const ParentRef& ref,
                 const GatewaySpec& gw, GatewayState& state, const ClusterView& cluster) {
  std::vector<std::size_t> relevant;
  for (std::size_t i = 0; i < gw.listeners.size(); ++i) {
    const ListenerSpec& l = gw.listeners[i];
    if (!ref.section_name.empty() && l.name != ref.section_name) continue;
    if (ref.port != 0 && l.port != ref.port) continue;
    relevant.push_back(i);
  }
  if (relevant.empty()) {
    return no("Accepted", "NoMatchingParent",
              "no listener of Gateway " + gw.name + " matches sectionName/port");
  }
  std::vector<std::size_t> allowed;
  for (std::size_t i : relevant) {
    if (state.listeners[i].valid && routesAllowedFrom(gw.listeners[i], gw, route.ns, cluster)) {
      allowed.push_back(i);
    }
  }
  if (allowed.empty()) {
    return no("Accepted", "NotAllowedByListeners",
              "no listener of Gateway " + gw.name + " allows routes from namespace " + route.ns);
  }
  bool attached = false;
  for (std::size_t i : allowed) {
    Attachment a{route_index, {}};
    const std::string& listener_host = gw.listeners[i].hostname;
    if (route.hostnames.empty()) {
      a.hostnames.push_back(listener_host);
    } else {
      for (const std::string& h : route.hostnames) {
        if (std::optional<std::string> common = intersectHostnames(listener_host, h)) {
          a.hostnames.push_back(*common);
        }
      }
    }
    if (a.hostnames.empty()) continue;
    state.listeners[i].attached.push_back(std::move(a));
    attached = true;
  }
  if (!attached) {
    return no("Accepted", "NoMatchingListenerHostname",
              "no hostname of the route intersects a listener's");
  }
  return yes("Accepted", "Accepted");
}

}  // namespace

GatewayApiState resolveGatewayApi(const GatewayApiObjects& objects, const ClusterView& cluster) {
  GatewayApiState state;
  state.gateways.resize(objects.gateways.size());
  for (std::size_t g = 0; g < objects.gateways.size(); ++g) {
    const GatewaySpec& gw = objects.gateways[g];
    GatewayState& gs = state.gateways[g];
    auto cls = std::find_if(objects.classes.begin(), objects.classes.end(),
                            [&](const auto& c) { return c.name == gw.class_name; });
    gs.ours = cls != objects.classes.end() && cls->controller_name == kEnvoyGatewayController;
    if (!gs.ours) {
      // No controller reconciles it: the API server's defaults stay.
      gs.conditions.push_back({"Accepted", "Unknown", "Pending", "Waiting for controller"});
      gs.conditions.push_back({"Programmed", "Unknown", "Pending", "Waiting for controller"});
      continue;
    }
    checkListeners(gw, gs);
  }
  // Routes in precedence order of age, so that listeners list them oldest first.
  state.routes.resize(objects.routes.size());
  for (std::size_t r = 0; r < objects.routes.size(); ++r) {
    const HttpRouteSpec& route = objects.routes[r];
    RouteState& rs = state.routes[r];
    Condition resolved = yes("ResolvedRefs", "ResolvedRefs");
    for (const RouteRule& rule : route.rules) {
      std::vector<BackendResolution>& list = rs.backends.emplace_back();
      for (const BackendRef& b : rule.backend_refs) {
        list.push_back(resolveBackend(b, route, objects, cluster));
        if (!list.back().valid && resolved.status == "True") {
          resolved = no("ResolvedRefs", list.back().reason, list.back().message);
        }
      }
    }
    for (const ParentRef& ref : route.parent_refs) {
      if (ref.kind != "Gateway") continue;
      std::string ns = ref.ns.empty() ? route.ns : ref.ns;
      auto gw = std::find_if(objects.gateways.begin(), objects.gateways.end(),
                             [&](const auto& g) { return g.name == ref.name && g.ns == ns; });
      if (gw == objects.gateways.end()) continue;  // no controller speaks for a missing Gateway
      std::size_t g = static_cast<std::size_t>(gw - objects.gateways.begin());
      if (!state.gateways[g].ours) continue;
      RouteParentState parent{ref, g, {}};
      parent.conditions.push_back(attach(r, route, ref, *gw, state.gateways[g], cluster));
      parent.conditions.push_back(resolved);
      rs.parents.push_back(std::move(parent));
    }
  }
  return state;
}

}  // namespace kns::models::gateway
