// Checks of a scenario that involve several fields at once (the field_checks see one at a time):
// the scenario's name, the cluster's shape (zones, address ranges, latencies) and service-time
// distributions.
#pragma once

#include <string>

#include "scenarios/scenario_loader.h"

namespace kns::scenarios {

// metadata.name names the output folder: a DNS-1123 subdomain, as Kubernetes names objects
// (lowercase letters, digits, '-' and '.', at most 253 characters), so it never leaves out/.
void validateMetadataName(const LoadedScenario& s, Diagnostics& diagnostics);
// Zone names unique; the pod CIDR large enough for a /24 per node and clear of the Service,
// node and load-balancer ranges; latencies with 0 <= sameZone <= crossZone, sameZone <= 2 x
// internet.
void validateClusterShape(const LoadedScenario& s, Diagnostics& diagnostics);
// The manifests within Kubernetes' supported maxima (150,000 pods, 10,000 Services): beyond
// them neither the real control plane nor the simulator's costs are characterised, and one typo
// (replicas: 1000000) should not cost gigabytes.
void validateClusterSize(const LoadedScenario& s, Diagnostics& diagnostics);
// A distribution's own constraints: uniform needs min <= max.
void validateServiceTime(const LoadedScenario& s, const proto::ServiceTime& t,
                         const std::string& path, Diagnostics& diagnostics);

}  // namespace kns::scenarios
