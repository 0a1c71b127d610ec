// Typed access to YAML scalars, sequences and maps with located errors.
#include "scenarios/manifests/yaml_reader.h"

#include <charconv>

namespace kns::scenarios {

SourceLocation YamlReader::at(const YAML::Node& node) const {
  YAML::Mark mark = node.Mark();
  if (mark.is_null()) return SourceLocation{file_, 0, 0};
  return SourceLocation{file_, mark.line + 1, mark.column + 1};
}

YAML::Node YamlReader::child(const YAML::Node& parent, const char* key, const std::string& path) {
  if (!parent || parent.IsNull()) return YAML::Node(YAML::NodeType::Undefined);
  if (!parent.IsMap()) {
    error(parent, path, "expected a mapping (key: value pairs)");
    return YAML::Node(YAML::NodeType::Undefined);
  }
  for (const auto& entry : parent) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

std::optional<std::string> YamlReader::string(const YAML::Node& node, const std::string& path) {
  if (!node || node.IsNull()) return std::nullopt;
  if (!node.IsScalar()) {
    error(node, path, "expected a string");
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<long long> YamlReader::integer(const YAML::Node& node, const std::string& path,
                                             long long min, long long max) {
  std::optional<std::string> text = string(node, path);
  if (!text) return std::nullopt;
  long long value = 0;
  const char* begin = text->data();
  const char* end = begin + text->size();
  if (!text->empty() && *begin == '+') ++begin;
  auto [next, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc{} || next != end || text->empty()) {
    error(node, path, "'" + *text + "' is not a whole number");
    return std::nullopt;
  }
  if (value < min || value > max) {
    error(node, path,
          std::to_string(value) + " is out of range; expected " + std::to_string(min) + " to " +
              std::to_string(max));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& node, const std::string& path) {
  std::optional<std::string> text = string(node, path);
  if (!text) return std::nullopt;
  if (*text == "true" || *text == "True" || *text == "TRUE") return true;
  if (*text == "false" || *text == "False" || *text == "FALSE") return false;
  error(node, path, "'" + *text + "' is not true or false");
  return std::nullopt;
}

std::map<std::string, std::string> YamlReader::stringMap(const YAML::Node& node,
                                                         const std::string& path) {
  std::map<std::string, std::string> out;
  if (!node || node.IsNull()) return out;
  if (!node.IsMap()) {
    error(node, path, "expected a mapping of strings");
    return out;
  }
  for (const auto& entry : node) {
    std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
    if (!entry.second.IsScalar() && !entry.second.IsNull()) {
      error(entry.second, path + "." + key, "expected a string value");
      continue;
    }
    out[key] = entry.second.IsNull() ? "" : entry.second.Scalar();
  }
  return out;
}

bool YamlReader::expectSequence(const YAML::Node& node, const std::string& path) {
  if (!node || node.IsNull()) return false;
  if (!node.IsSequence()) {
    error(node, path, "expected a list");
    return false;
  }
  return true;
}

}  // namespace kns::scenarios
