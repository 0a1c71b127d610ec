// The checks of each section of a scenario, which validate() (scenario_validate.cc) calls in the
// order the file is usually written; each reports to `diagnostics` with the field's place.
#pragma once

#include <string>

#include "scenarios/diagnostics.h"
#include "scenarios/scenario_loader.h"
#include "scenarios/scenario_validate.h"

namespace kns::scenarios {

// spec.manifests: each source exists and loads (into s.manifests). validate_manifests.cc.
void validateManifestSources(LoadedScenario& s, Diagnostics& diagnostics);
// spec.workloads: selectors and service times. validate_manifests.cc.
void validateWorkloads(const LoadedScenario& s, Diagnostics& diagnostics);
// Ingress backends that name no Service of the manifests (warnings). validate_manifests.cc.
void validateIngressReferences(const LoadedScenario& s, Diagnostics& diagnostics);
// spec.traffic. validate_traffic.cc.
void validateTraffic(const LoadedScenario& s, Diagnostics& diagnostics);
// spec.timeline, loading each `apply`'s manifests (into s.timeline_manifests).
// validate_timeline.cc.
void validateTimeline(LoadedScenario& s, Diagnostics& diagnostics);

// Loads one `file` or `inline` manifest source (at `path`) into `into`; false (and an error)
// when it names both or neither, or a file that does not exist. validate_manifests.cc.
bool loadManifestSource(const LoadedScenario& s, const proto::ManifestSource& source,
                        const std::string& path, Manifests& into, Diagnostics& diagnostics);

// A Service `name` in namespace `ns` among the manifests.
bool hasService(const Manifests& m, const std::string& name, const std::string& ns);

}  // namespace kns::scenarios
