// The scenario's ingress controllers (spec.cluster.ingressControllers) and traffic to
// http(s):// URLs: validation, and the models' configuration.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/ingress/ingress_controller.h"
#include "scenarios/scenario_loader.h"

namespace kns::scenarios {

void validateIngressControllers(const LoadedScenario& scenario, Diagnostics& diagnostics);

models::IngressControllerConfig ingressControllerConfig(const proto::IngressController& c);

// "https://shop.example.com:8443/cart?x=1" -> {https, "shop.example.com:8443", "/cart?x=1"}.
struct TargetUrl {
  bool https = false;
  std::string host;
  std::string path = "/";
};
std::optional<TargetUrl> parseTargetUrl(const std::string& text);

}  // namespace kns::scenarios
