// Typed, located access to yaml-cpp nodes: every mistake becomes a diagnostic, never a throw.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "scenarios/diagnostics.h"

namespace kns::scenarios {

// Reads fields of one YAML document, reporting problems with the file, the node's line and
// column, and the field path.
class YamlReader {
 public:
  YamlReader(std::string file, Diagnostics& diagnostics)
      : file_(std::move(file)), diagnostics_(diagnostics) {}

  SourceLocation at(const YAML::Node& node) const;
  // A child of a mapping; an undefined node if absent (or if `parent` is not a mapping, which
  // is reported once at `path`).
  YAML::Node child(const YAML::Node& parent, const char* key, const std::string& path);
  std::optional<std::string> string(const YAML::Node& node, const std::string& path);
  std::optional<long long> integer(const YAML::Node& node, const std::string& path, long long min,
                                   long long max);
  std::optional<bool> boolean(const YAML::Node& node, const std::string& path);
  // A map of strings (labels, annotations, a plain selector).
  std::map<std::string, std::string> stringMap(const YAML::Node& node, const std::string& path);
  bool expectSequence(const YAML::Node& node, const std::string& path);

  void error(const YAML::Node& node, const std::string& path, const std::string& message) {
    diagnostics_.error(at(node), path, message);
  }
  void warning(const YAML::Node& node, const std::string& path, const std::string& message) {
    diagnostics_.warning(at(node), path, message);
  }
  Diagnostics& diagnostics() { return diagnostics_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  Diagnostics& diagnostics_;
};

}  // namespace kns::scenarios
