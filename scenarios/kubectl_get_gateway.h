// `kubectl get gatewayclasses|gateways|httproutes` of a running simulation: the columns the
// Gateway API's CRDs print, and `-o yaml` with the status the controller wrote.
#pragma once

#include <string>

#include "scenarios/kubectl_get.h"

namespace kns::scenarios {

// "gatewayclasses", "gateways" or "httproutes" (canonical names).
bool isGatewayApiResource(const std::string& resource);

ResourceTable gatewayApiTable(const std::string& resource, const LoadedScenario& loaded,
                              Simulation& simulation, const GetOptions& options);

// The objects as YAML documents (separated by "---"), each with its status.
std::string gatewayApiYaml(const std::string& resource, const LoadedScenario& loaded,
                           Simulation& simulation, const GetOptions& options);

}  // namespace kns::scenarios
