#include "scenarios/scenario_ingress.h"

#include <set>

namespace kns::scenarios {

std::optional<TargetUrl> parseTargetUrl(const std::string& text) {
  TargetUrl url;
  std::string rest;
  if (text.rfind("https://", 0) == 0) {
    url.https = true;
    rest = text.substr(8);
  } else if (text.rfind("http://", 0) == 0) {
    rest = text.substr(7);
  } else {
    return std::nullopt;
  }
  std::size_t slash = rest.find('/');
  url.host = rest.substr(0, slash);
  if (slash != std::string::npos) url.path = rest.substr(slash);
  if (url.host.empty() || url.host.find_first_of(" \t") != std::string::npos) return std::nullopt;
  return url;
}

void validateIngressControllers(const LoadedScenario& s, Diagnostics& diagnostics) {
  const proto::ScenarioSpec& spec = s.scenario.spec();
  auto locate = [&s](const std::string& path) { return locateClosest(s, path); };
  std::set<std::string> names, classes;
  for (int i = 0; i < spec.cluster().ingress_controllers_size(); ++i) {
    const proto::IngressController& c = spec.cluster().ingress_controllers(i);
    std::string path = "spec.cluster.ingressControllers[" + std::to_string(i) + "]";
    auto error = [&](const std::string& field, const std::string& message) {
      diagnostics.error(locate(path + "." + field), path + "." + field, message);
    };
    if (valueOr(c, "kind") != "ingress-nginx" && valueOr(c, "kind") != "cloud-l7") {
      error("kind", "'" + c.kind() + "' is not a known controller; use ingress-nginx or cloud-l7");
    }
    if (!names.insert(valueOr(c, "name")).second) error("name", "used twice");
    if (!classes.insert(valueOr(c, "ingress_class")).second) {
      error("ingressClass", "another controller already serves this class");
    }
    std::string service = valueOr(c, "service");
    if (service != "LoadBalancer" && service != "NodePort") {
      error("service", "'" + service + "' is not LoadBalancer or NodePort");
    }
    std::string policy = valueOr(c, "external_traffic_policy");
    if (policy != "Local" && policy != "Cluster") {
      error("externalTrafficPolicy", "'" + policy + "' is not Local or Cluster");
    }
    if (c.has_replicas() && (c.replicas() < 1 || c.replicas() > 1000)) {
      error("replicas", "must be between 1 and 1000");
    }
    if (c.has_workers() && (c.workers() < 1 || c.workers() > 256)) {
      error("workers", "must be between 1 and 256");
    }
    if (c.has_sync_rate_limit() && !(c.sync_rate_limit() > 0 && c.sync_rate_limit() <= 1000)) {
      error("syncRateLimit", "must be more than 0 and at most 1000 syncs per second");
    }
    auto lb = c.config().find("load-balance");
    if (lb != c.config().end() && lb->second != "round_robin" && lb->second != "ewma" &&
        lb->second != "least_request") {
      error("config.load-balance",
            "'" + lb->second + "' is not round_robin or ewma (or kubenetsim's least_request)");
    }
  }
  for (int i = 0; i < spec.traffic_size(); ++i) {
    const proto::Traffic& t = spec.traffic(i);
    std::string path = "spec.traffic[" + std::to_string(i) + "]";
    if (t.to().rfind("http", 0) == 0) {
      if (!parseTargetUrl(t.to())) {
        diagnostics.error(locate(path + ".to"), path + ".to",
                          "'" + t.to() + "' is not a URL like https://shop.example.com/cart");
      } else if (spec.cluster().ingress_controllers_size() == 0) {
        diagnostics.error(locate(path + ".to"), path + ".to",
                          "an http(s):// target needs an ingress controller in "
                          "spec.cluster.ingressControllers");
      }
    }
    std::string tls = valueOr(t, "tls");
    if (tls != "1.2" && tls != "1.3") {
      diagnostics.error(locate(path + ".tls"), path + ".tls", "'" + tls + "' is not 1.2 or 1.3");
    }
  }
}

}  // namespace kns::scenarios
