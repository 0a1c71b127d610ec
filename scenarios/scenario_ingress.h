// The scenario's ingress controllers (spec.cluster.ingressControllers) and traffic to
// http(s):// URLs: their checks.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/ingress/ingress_controller.h"
#include "scenarios/scenario_loader.h"

namespace kns::scenarios {

void validateIngressControllers(const LoadedScenario& scenario, Diagnostics& diagnostics);

// "https://shop.example.com:8443/cart?x=1" (TargetUrl in typed_scenario.h), nullopt if it is not
// an http(s) URL.
std::optional<TargetUrl> parseTargetUrl(const std::string& text);

}  // namespace kns::scenarios
