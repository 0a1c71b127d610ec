#include "models/cluster/node.h"

namespace kns::models {

Labels nodeLabels(const NodeSpec& node) {
  // The kubelet's well-known labels (a Linux node on amd64; the beta ones are still set).
  Labels labels{{"kubernetes.io/hostname", node.name},
                {"kubernetes.io/os", "linux"},
                {"kubernetes.io/arch", "amd64"},
                {"beta.kubernetes.io/os", "linux"},
                {"beta.kubernetes.io/arch", "amd64"}};
  if (!node.zone.empty()) labels["topology.kubernetes.io/zone"] = node.zone;
  return labels;
}

}  // namespace kns::models
