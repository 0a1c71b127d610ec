// What a Gateway API controller (Envoy Gateway) makes of the objects: which Gateways are its
// own, which listeners are valid, which routes attach where with which hostnames, whether their
// backends resolve — and the status conditions it writes for each, with the reasons of the API
// (Accepted, ResolvedRefs, Programmed, Conflicted; NoMatchingParent, NotAllowedByListeners,
// NoMatchingListenerHostname, RefNotPermitted, BackendNotFound, InvalidKind, ...).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "models/gateway/gateway_api.h"
#include "models/labels.h"

namespace kns::models::gateway {

struct Condition {
  std::string type;    // Accepted, ResolvedRefs, Programmed, Conflicted
  std::string status;  // True, False, Unknown
  std::string reason;
  std::string message;
};

// The first condition of `type` in `conditions`, or nullptr.
const Condition* findCondition(const std::vector<Condition>& conditions, const std::string& type);

// A route attached to a listener, with the hostnames it takes there ("" = any host).
struct Attachment {
  std::size_t route = 0;  // index in GatewayApiObjects::routes
  std::vector<std::string> hostnames;
};

struct ListenerState {
  bool valid = false;  // accepted and not conflicted: it serves traffic
  std::vector<Condition> conditions;
  std::vector<Attachment> attached;  // accepted routes, in load order
};

struct GatewayState {
  bool ours = false;  // its GatewayClass names our controller; others get no status from us
  std::vector<Condition> conditions;
  std::vector<ListenerState> listeners;  // as GatewaySpec::listeners
};

// Whether a backendRef resolves, and why not (the ResolvedRefs reason).
struct BackendResolution {
  bool valid = true;
  std::string reason;  // "" when valid; InvalidKind, RefNotPermitted, BackendNotFound
  std::string message;
};

struct RouteParentState {
  ParentRef ref;
  std::size_t gateway = 0;  // index in GatewayApiObjects::gateways
  std::vector<Condition> conditions;
};

struct RouteState {
  std::vector<RouteParentState> parents;  // only parents that are our Gateways get a status
  std::vector<std::vector<BackendResolution>> backends;  // by rule, by backendRef
};

struct GatewayApiState {
  std::vector<GatewayState> gateways;  // as GatewayApiObjects::gateways
  std::vector<RouteState> routes;      // as GatewayApiObjects::routes
};

// What the controller needs to know of the rest of the cluster.
struct ClusterView {
  std::function<bool(const std::string& ns, const std::string& name)> service_exists;
  std::function<Labels(const std::string& ns)> namespace_labels;  // kubernetes.io/metadata.name
};

GatewayApiState resolveGatewayApi(const GatewayApiObjects& objects, const ClusterView& cluster);

}  // namespace kns::models::gateway
