// Reads a scenario file: YAML to the schema of scenario.proto, then semantic validation.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "scenarios/diagnostics.h"
#include "scenarios/manifests/manifests.h"
#include "scenarios/scenario.pb.h"  // generated from scenarios/proto/scenario.proto
#include "scenarios/typed_scenario.h"

namespace kns::scenarios {

struct LoadedScenario {
  proto::Scenario scenario;
  std::string file;                             // as given
  std::string directory;                        // manifest files are relative to it
  Manifests manifests;                          // every manifest the scenario names, loaded
  std::map<int, Manifests> timeline_manifests;  // what each timeline `apply` applies, by index
  // Where each field came from, by field path ("spec.traffic[0].arrivals.rate").
  std::map<std::string, SourceLocation> locations;
  // The same scenario as typed values, filled when it loaded without errors: what the
  // simulation reads.
  TypedScenario typed;
};

// Another seed for a loaded scenario (the GUI's restart, a test's second run), in the file's
// values and the typed ones alike.
void setSeed(LoadedScenario& scenario, std::uint64_t seed);

// Loads and validates `path`. Every problem is reported (not only the first) with file, line,
// column, field path and what would be valid; unknown fields are errors with a "did you mean".
// Returns true when there is no error.
// `overrides` are "path=value" assignments applied before validation, with the same paths that
// diagnostics print: "spec.traffic[0].arrivals.rate=3000/s", "spec.cluster.nodes.count=12".
bool loadScenarioFile(const std::string& path, LoadedScenario& out, Diagnostics& diagnostics,
                      const std::vector<std::string>& overrides = {});
// The same for text in memory; manifest files are looked up relative to `directory`.
bool loadScenarioText(const std::string& text, const std::string& name,
                      const std::string& directory, LoadedScenario& out, Diagnostics& diagnostics,
                      const std::vector<std::string>& overrides = {});

// Where a field path came from, else its closest enclosing field's place (an absent field is
// reported where its section is), else the file.
SourceLocation locateClosest(const LoadedScenario& scenario, std::string path);

// A string field's value, or the default the schema declares for it (its default_value option).
std::string valueOr(const google::protobuf::Message& message, const char* field_name);
// The same for optional numbers: the value when set, else the schema's default_value, so that
// every default is written once, in scenario.proto. A field without a default is a programming
// error (std::logic_error); tests/scenarios/schema_defaults_test.cc checks every field has one.
std::int64_t intOr(const google::protobuf::Message& message, const char* field_name);
std::uint64_t uint64Or(const google::protobuf::Message& message, const char* field_name);
double doubleOr(const google::protobuf::Message& message, const char* field_name);

// Unit parsers shared with the builder; nullopt (and `error` set) when the text is not valid.
std::optional<double> parseRatePerSecond(const std::string& text, std::string* error);
// "app=frontend,tier=web" (kubectl -l equality form) -> matchLabels.
std::optional<models::LabelSelector> parseLabelSelector(const std::string& text,
                                                        std::string* error);

}  // namespace kns::scenarios
