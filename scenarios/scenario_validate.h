// Validation of a scenario read into the schema: units and ranges (through the schema's
// options), cross-references between sections and with the manifests, and the timeline.
#pragma once

#include <string>

#include "scenarios/diagnostics.h"
#include "scenarios/scenario_loader.h"

namespace kns::scenarios {

// Where a field path was read, or the file when it was not written.
SourceLocation locate(const LoadedScenario& s, const std::string& path);
// Every check of a loaded scenario, reported to `diagnostics`.
void validate(LoadedScenario& s, Diagnostics& diagnostics);

}  // namespace kns::scenarios
