// The steps of loading a scenario that includes reuse: reading a file's text with its checks,
// and reading one YAML document into the schema with the location of every field.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "scenarios/diagnostics.h"
#include "scenarios/scenario.pb.h"

namespace kns::scenarios {

// Reads a whole scenario file; refuses directories, unreadable and over-large files. `where` is
// the location errors are reported at (the scenario itself, or the include naming it).
bool readScenarioSource(const std::string& path, const SourceLocation& where, std::string& text,
                        Diagnostics& diagnostics);

// Reads exactly one YAML document into `scenario`, recording where each field path came from.
bool readScenarioDocument(const std::string& text, const std::string& name,
                          proto::Scenario& scenario,
                          std::map<std::string, SourceLocation>& locations,
                          Diagnostics& diagnostics);

// Reads the files `scenario.spec.include` names (relative to `directory`, recursively) and puts
// their spec under this one: lists joined (theirs first), single values set here winning.
// `chain` holds the files being read, for cycle detection.
// A load reads at most kMaxIncludeReads include files and kMaxIncludeBytes of them in all, so a
// diamond of includes cannot make it read the same files exponentially often.
inline constexpr std::size_t kMaxIncludeReads = 256;
inline constexpr std::size_t kMaxIncludeBytes = 64 * 1024 * 1024;
struct IncludeBudget {
  std::size_t reads = 0;
  std::size_t bytes = 0;
};
void resolveIncludes(proto::Scenario& scenario, std::map<std::string, SourceLocation>& locations,
                     const std::string& directory, std::vector<std::string>& chain,
                     Diagnostics& diagnostics, IncludeBudget* budget = nullptr);

}  // namespace kns::scenarios
