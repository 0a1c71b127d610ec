// Reading YAML into the scenario's protobuf schema by reflection: fields by their JSON names,
// values checked against their types, every field's location kept, and unknown keys reported
// with the closest field names. Used for scenario files, includes and --set overrides.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/diagnostics.h"
#include "scenarios/scenario.pb.h"

namespace kns::scenarios {

namespace pb = google::protobuf;

inline std::size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// Fills protobuf messages from YAML by the fields' JSON names, reporting every mismatch.
class SchemaReader {
 public:
  SchemaReader(std::string file, Diagnostics& diagnostics,
               std::map<std::string, SourceLocation>& locations)
      : file_(std::move(file)), diagnostics_(diagnostics), locations_(locations) {}

  SourceLocation at(const YAML::Node& node) const {
    YAML::Mark mark = node.Mark();
    if (mark.is_null()) return {file_, 0, 0};
    return {file_, mark.line + 1, mark.column + 1};
  }

  void fill(const YAML::Node& node, pb::Message& message, const std::string& path) {
    locations_[path] = at(node);
    if (node.IsNull()) return;
    if (!node.IsMap()) {
      diagnostics_.error(at(node), path,
                         "expected a mapping of " + message.GetDescriptor()->name() + " fields");
      return;
    }
    const pb::Descriptor* descriptor = message.GetDescriptor();
    std::set<std::string> seen;
    for (const auto& entry : node) {
      std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
      std::string field_path = path.empty() ? key : path + "." + key;
      const pb::FieldDescriptor* field = findField(descriptor, key);
      if (field == nullptr) {
        diagnostics_.error(at(entry.first), field_path, unknownFieldMessage(descriptor, key));
        continue;
      }
      if (!seen.insert(key).second) {
        diagnostics_.error(at(entry.first), field_path, "given twice");
        continue;
      }
      locations_[field_path] = at(entry.second);
      fillField(entry.second, message, field, field_path);
    }
  }

 private:
  static const pb::FieldDescriptor* findField(const pb::Descriptor* d, const std::string& key) {
    for (int i = 0; i < d->field_count(); ++i) {
      if (d->field(i)->json_name() == key) return d->field(i);
    }
    return nullptr;
  }

  static std::string unknownFieldMessage(const pb::Descriptor* d, const std::string& key) {
    std::string best;
    std::size_t best_distance = 3;
    std::string all;
    for (int i = 0; i < d->field_count(); ++i) {
      const std::string& name = d->field(i)->json_name();
      all += (all.empty() ? "" : ", ") + name;
      std::string lower_key = key, lower_name = name;
      std::transform(lower_key.begin(), lower_key.end(), lower_key.begin(), ::tolower);
      std::transform(lower_name.begin(), lower_name.end(), lower_name.begin(), ::tolower);
      std::size_t distance = editDistance(lower_key, lower_name);
      if (distance < best_distance) {
        best_distance = distance;
        best = name;
      }
    }
    std::string message = "unknown field '" + key + "'";
    if (!best.empty()) return message + "; did you mean '" + best + "'?";
    return message + "; expected one of: " + all;
  }

  void fillField(const YAML::Node& node, pb::Message& message, const pb::FieldDescriptor* field,
                 const std::string& path) {
    const pb::Reflection* reflection = message.GetReflection();
    if (field->is_map()) {
      if (!node.IsMap()) {
        diagnostics_.error(at(node), path, "expected a mapping of strings (key: value)");
        return;
      }
      for (const auto& entry : node) {
        if (!entry.second.IsScalar()) {
          diagnostics_.error(at(entry.second), path + "." + entry.first.Scalar(),
                             "expected a string");
          continue;
        }
        pb::Message* pair = reflection->AddMessage(&message, field);
        pair->GetReflection()->SetString(pair, pair->GetDescriptor()->FindFieldByName("key"),
                                         entry.first.Scalar());
        pair->GetReflection()->SetString(pair, pair->GetDescriptor()->FindFieldByName("value"),
                                         entry.second.Scalar());
      }
      return;
    }
    if (field->is_repeated()) {
      if (!node.IsSequence()) {
        diagnostics_.error(at(node), path, "expected a list");
        return;
      }
      for (std::size_t i = 0; i < node.size(); ++i) {
        std::string item_path = path + "[" + std::to_string(i) + "]";
        locations_[item_path] = at(node[i]);
        if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
          fill(node[i], *reflection->AddMessage(&message, field), item_path);
        } else if (auto text = scalar(node[i], item_path)) {
          reflection->AddString(&message, field, *text);  // repeated scalars are strings here
        }
      }
      return;
    }
    if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      fill(node, *reflection->MutableMessage(&message, field), path);
      return;
    }
    std::optional<std::string> text = scalar(node, path);
    if (!text) return;
    switch (field->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_STRING:
        reflection->SetString(&message, field, *text);
        break;
      case pb::FieldDescriptor::CPPTYPE_INT32: {
        int value = 0;
        if (parseWhole(*text, value))
          reflection->SetInt32(&message, field, value);
        else
          diagnostics_.error(at(node), path, "'" + *text + "' is not a whole number");
        break;
      }
      case pb::FieldDescriptor::CPPTYPE_UINT64: {
        std::uint64_t value = 0;
        if (parseWhole(*text, value))
          reflection->SetUInt64(&message, field, value);
        else
          diagnostics_.error(at(node), path, "'" + *text + "' is not a non-negative whole number");
        break;
      }
      case pb::FieldDescriptor::CPPTYPE_DOUBLE: {
        double value = 0;
        auto [next, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
        if (ec == std::errc{} && next == text->data() + text->size()) {
          reflection->SetDouble(&message, field, value);
        } else {
          diagnostics_.error(at(node), path, "'" + *text + "' is not a number");
        }
        break;
      }
      case pb::FieldDescriptor::CPPTYPE_BOOL:
        if (*text == "true" || *text == "false")
          reflection->SetBool(&message, field, *text == "true");
        else
          diagnostics_.error(at(node), path, "'" + *text + "' is not true or false");
        break;
      default:
        diagnostics_.error(at(node), path, "unsupported field type");
    }
  }

  template <typename T>
  static bool parseWhole(const std::string& text, T& value) {
    auto [next, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc{} && next == text.data() + text.size() && !text.empty();
  }

  std::optional<std::string> scalar(const YAML::Node& node, const std::string& path) {
    if (!node.IsScalar()) {
      diagnostics_.error(at(node), path, "expected a single value, not a list or mapping");
      return std::nullopt;
    }
    return node.Scalar();
  }

  std::string file_;
  Diagnostics& diagnostics_;
  std::map<std::string, SourceLocation>& locations_;
};

}  // namespace kns::scenarios
