// The Gateway API objects of a scenario resolved against its running cluster: which Services
// exist now, which labels namespaces carry (kubernetes.io/metadata.name on every one, as the API
// server sets it). For `get`, the GUI and, next, the Envoy gateway.
#pragma once

#include "models/gateway/gateway_status.h"
#include "models/world.h"
#include "scenarios/manifests/manifests.h"

namespace kns::scenarios {

models::gateway::ClusterView clusterViewOf(const Manifests& manifests, const models::World& world);

inline models::gateway::GatewayApiState resolveGatewayApi(const Manifests& manifests,
                                                          const models::World& world) {
  return models::gateway::resolveGatewayApi(manifests.gateway_api, clusterViewOf(manifests, world));
}

}  // namespace kns::scenarios
