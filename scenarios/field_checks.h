// Checks every field of a scenario against what scenario.proto declares for it: its unit (a
// duration, rate, CPU amount, CIDR, address), its range, its words (one_of) and, for lists and
// maps, its most entries (max_items). Declared once in the schema, so no model ever sees a value
// it would throw on, and every error says what would be valid.
#pragma once

#include <google/protobuf/message.h>

#include <string>

#include "scenarios/scenario_loader.h"

namespace kns::scenarios {

// Reports each field of `message` (at diagnostics path `path`, "" for the root) that is outside
// its declared domain, at the field's place in the file.
void checkFieldDomains(const google::protobuf::Message& message, const std::string& path,
                       const LoadedScenario& loaded, Diagnostics& diagnostics);

}  // namespace kns::scenarios
