#include "scenarios/gateway_api_view.h"

namespace kns::scenarios {

models::gateway::ClusterView clusterViewOf(const Manifests& manifests, const models::World& world) {
  return {[&world](const std::string& ns, const std::string& name) {
            return world.findService(name, ns).valid();
          },
          [&manifests](const std::string& ns) {
            models::Labels labels;
            auto given = manifests.namespace_labels.find(ns);
            if (given != manifests.namespace_labels.end()) labels = given->second;
            labels["kubernetes.io/metadata.name"] = ns;
            return labels;
          }};
}

}  // namespace kns::scenarios
