#include "scenarios/manifests/apply_ingresses.h"

#include <algorithm>
#include <optional>

#include "models/ingress/canary.h"

namespace kns::scenarios {
namespace {

// The class an Ingress belongs to: its own, else the default IngressClass (if exactly one).
std::string classOf(const IngressManifest& ing, const Manifests& manifests) {
  if (!ing.ingress_class.empty()) return ing.ingress_class;
  std::string found;
  int defaults = 0;
  for (const IngressClassManifest& c : manifests.ingress_classes) {
    if (c.is_default) {
      found = c.name;
      ++defaults;
    }
  }
  return defaults == 1 ? found : "";
}

models::IngressBackend backendOf(const models::World& world, const IngressManifest& ing,
                                 const IngressBackendManifest& b, const std::string& field,
                                 Diagnostics& diagnostics) {
  models::IngressBackend out;
  out.service_name = b.service;
  out.port = b.port.number;
  if (b.service.empty()) {
    diagnostics.warning(ing.where, field,
                        "a resource backend: no controller here serves it; requests get 503");
    return out;
  }
  out.service = world.findService(b.service, ing.ns);
  if (!out.service.valid()) {
    diagnostics.warning(ing.where, field,
                        "Ingress " + ing.name + " names Service '" + b.service +
                            "', which does not exist in namespace '" + ing.ns +
                            "'; its requests get 503");
    return out;
  }
  const models::Service& service = world.service(out.service);
  if (!b.port.name.empty()) {
    out.port = 0;
    for (const models::ServicePort& p : service.spec.ports) {
      if (p.name == b.port.name) out.port = p.port;
    }
  }
  bool known = std::any_of(service.spec.ports.begin(), service.spec.ports.end(),
                           [&](const models::ServicePort& p) { return p.port == out.port; });
  if (!known) {
    diagnostics.warning(ing.where, field,
                        "Service " + b.service + " has no port " +
                            (b.port.name.empty() ? std::to_string(b.port.number) : b.port.name) +
                            "; requests get 503");
    out.service = models::ServiceId{};
  }
  return out;
}

models::PathType pathType(const std::string& type) {
  if (type == "Exact") return models::PathType::Exact;
  if (type == "Prefix") return models::PathType::Prefix;
  return models::PathType::ImplementationSpecific;
}

}  // namespace

std::vector<models::IngressSpec> ingressesForClass(const models::World& world,
                                                   const Manifests& manifests,
                                                   const std::string& ingress_class,
                                                   Diagnostics& diagnostics) {
  std::vector<models::IngressSpec> out;
  for (const IngressManifest& ing : manifests.ingresses) {
    if (classOf(ing, manifests) != ingress_class) continue;
    models::IngressSpec spec;
    spec.name = ing.name;
    spec.ns = ing.ns;
    spec.ingress_class = ingress_class;
    spec.annotations = ing.annotations;
    if (ing.default_backend) {
      spec.default_backend =
          backendOf(world, ing, *ing.default_backend, "spec.defaultBackend", diagnostics);
    }
    for (std::size_t i = 0; i < ing.rules.size(); ++i) {
      models::IngressRule rule;
      rule.host = ing.rules[i].host;
      for (std::size_t j = 0; j < ing.rules[i].paths.size(); ++j) {
        const IngressPathManifest& p = ing.rules[i].paths[j];
        std::string field =
            "spec.rules[" + std::to_string(i) + "].http.paths[" + std::to_string(j) + "].backend";
        rule.paths.push_back(
            models::IngressPath{p.path.empty() ? "/" : p.path, pathType(p.path_type),
                                backendOf(world, ing, p.backend, field, diagnostics)});
      }
      spec.rules.push_back(std::move(rule));
    }
    for (const auto& [hosts, secret] : ing.tls) spec.tls.push_back({hosts, secret});
    // ingress-nginx logs a pattern its regex engine refuses and sends the request to the
    // primary; so does the simulator, but it says so at load time rather than per request.
    std::optional<models::CanaryConfig> canary = models::CanaryConfig::fromAnnotations(spec);
    if (canary && !canary->pattern_error.empty()) {
      std::string shown = canary->by_header_pattern;
      if (shown.size() > 80) {
        shown = shown.substr(0, 60) + "... (" + std::to_string(shown.size()) + " characters)";
      }
      diagnostics.warning(ing.where,
                          "metadata.annotations[nginx.ingress.kubernetes.io/"
                          "canary-by-header-pattern]",
                          "'" + shown +
                              "' is not a pattern the simulator's "
                              "regular-expression engine (RE2) accepts (" +
                              canary->pattern_error +
                              "): requests carrying the header go to the primary");
    }
    out.push_back(std::move(spec));
  }
  return out;
}

void warnUnservedIngresses(const Manifests& manifests, const std::vector<std::string>& classes,
                           Diagnostics& diagnostics) {
  for (const IngressManifest& ing : manifests.ingresses) {
    std::string cls = classOf(ing, manifests);
    if (std::find(classes.begin(), classes.end(), cls) != classes.end()) continue;
    diagnostics.warning(ing.where, "spec.ingressClassName",
                        "Ingress " + ing.name +
                            (cls.empty() ? " has no class" : " has class '" + cls + "'") +
                            " and no ingress controller in spec.cluster.ingressControllers serves "
                            "it: it does nothing");
  }
}

}  // namespace kns::scenarios
