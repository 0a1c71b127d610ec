// --set overrides: one field named by a diagnostics-style path set from text before validation.
#pragma once

#include <string>

#include "scenarios/diagnostics.h"
#include "scenarios/scenario.pb.h"

namespace kns::scenarios {

// Sets one field named by a diagnostics-style path ("spec.traffic[0].arrivals.rate") from text.
// Lists are indexed and must already have that element; messages along the path are created.
void applyOverride(proto::Scenario& scenario, const std::string& assignment,
                   const std::string& file, Diagnostics& diagnostics);

}  // namespace kns::scenarios
