// A first, strict pass over YAML text with libyaml, before yaml-cpp builds nodes.
#pragma once

#include <cstdint>
#include <string>

#include "scenarios/diagnostics.h"

namespace kns::scenarios {

// Documents nested deeper than this are refused (a guard for recursive consumers).
inline constexpr int kMaxYamlDepth = 128;
// Nodes a stream may hold once its aliases are expanded (each alias counts the nodes of what it
// names): a guard against alias bombs, where kilobytes of anchors expand to billions of nodes.
inline constexpr std::uint64_t kMaxYamlExpandedNodes = 1'000'000;

// Parses `text` as a YAML event stream with libyaml, whose parser is iterative and fuzzed for
// years; reports the first syntax error (with line and column), invalid UTF-8, or nesting deeper
// than kMaxYamlDepth, or aliases expanding past kMaxYamlExpandedNodes, and returns false. Why:
// yaml-cpp 0.7 loops forever on some malformed flow collections (found by our fuzzer), so text
// reaches it only once libyaml accepted it.
bool checkYamlSyntax(const std::string& text, const std::string& file, Diagnostics& diagnostics);

}  // namespace kns::scenarios
