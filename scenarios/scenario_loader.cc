// Loading a scenario: read (scenario_reader), includes (scenario_includes), --set overrides
// (scenario_overrides), every check (scenario_validate), then typed values (scenario_typing);
// and the small parsers the other stages share.
#include "scenarios/scenario_loader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "scenarios/scenario_overrides.h"
#include "scenarios/scenario_reader.h"
#include "scenarios/scenario_typing.h"
#include "scenarios/scenario_validate.h"

namespace kns::scenarios {

namespace pb = google::protobuf;

SourceLocation locateClosest(const LoadedScenario& s, std::string path) {
  while (true) {
    auto it = s.locations.find(path);
    if (it != s.locations.end()) return it->second;
    std::size_t cut = path.find_last_of(".[");
    if (cut == std::string::npos) return SourceLocation{s.file, 0, 0};
    path.resize(cut);
  }
}

std::string valueOr(const google::protobuf::Message& message, const char* field_name) {
  const pb::FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(field_name);
  std::string value = message.GetReflection()->GetString(message, field);
  return value.empty() ? field->options().GetExtension(proto::default_value) : value;
}

namespace {

// The field, set or not, and its schema default as text.
const pb::FieldDescriptor* numberField(const pb::Message& message, const char* field_name,
                                       std::string& fallback) {
  const pb::FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(field_name);
  if (field == nullptr) {
    throw std::logic_error(std::string("no field ") + field_name + " in " +
                           message.GetDescriptor()->full_name());
  }
  fallback = field->options().GetExtension(proto::default_value);
  if (fallback.empty()) {
    throw std::logic_error("scenario.proto gives " + field->full_name() + " no default_value");
  }
  return field;
}

template <typename T>
T parsedDefault(const std::string& text, const pb::FieldDescriptor* field) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    throw std::logic_error("scenario.proto's default_value of " + field->full_name() + " ('" +
                           text + "') is not a number");
  }
  return value;
}

}  // namespace

std::int64_t intOr(const google::protobuf::Message& message, const char* field_name) {
  std::string fallback;
  const pb::FieldDescriptor* field = numberField(message, field_name, fallback);
  const pb::Reflection* r = message.GetReflection();
  if (r->HasField(message, field)) {
    return field->cpp_type() == pb::FieldDescriptor::CPPTYPE_INT64 ? r->GetInt64(message, field)
                                                                   : r->GetInt32(message, field);
  }
  return parsedDefault<std::int64_t>(fallback, field);
}

std::uint64_t uint64Or(const google::protobuf::Message& message, const char* field_name) {
  std::string fallback;
  const pb::FieldDescriptor* field = numberField(message, field_name, fallback);
  const pb::Reflection* r = message.GetReflection();
  if (r->HasField(message, field)) return r->GetUInt64(message, field);
  return parsedDefault<std::uint64_t>(fallback, field);
}

double doubleOr(const google::protobuf::Message& message, const char* field_name) {
  std::string fallback;
  const pb::FieldDescriptor* field = numberField(message, field_name, fallback);
  const pb::Reflection* r = message.GetReflection();
  if (r->HasField(message, field)) return r->GetDouble(message, field);
  return parsedDefault<double>(fallback, field);
}

std::optional<models::LabelSelector> parseLabelSelector(const std::string& text,
                                                        std::string* error) {
  models::LabelSelector selector;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string term = text.substr(start, comma == std::string::npos ? comma : comma - start);
    std::size_t equals = term.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == term.size()) {
      if (error != nullptr) {
        *error = "'" + term + "' is not label=value; write e.g. pods/app=frontend,tier=web";
      }
      return std::nullopt;
    }
    selector.match_labels[term.substr(0, equals)] = term.substr(equals + 1);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return selector;
}

std::optional<double> parseRatePerSecond(const std::string& text, std::string* error) {
  std::size_t slash = text.find('/');
  auto fail = [&]() -> std::optional<double> {
    if (error != nullptr)
      *error = "'" + text + "' is not a rate; write e.g. '2000/s', '30/m' or '1/h'";
    return std::nullopt;
  };
  if (slash == std::string::npos) return fail();
  double count = 0;
  auto [next, ec] = std::from_chars(text.data(), text.data() + slash, count);
  if (ec != std::errc{} || next != text.data() + slash || !(count >= 0) || !std::isfinite(count))
    return fail();
  std::string unit = text.substr(slash + 1);
  if (unit == "s") return count;
  if (unit == "m" || unit == "min") return count / 60;
  if (unit == "h") return count / 3600;
  if (unit == "ms") return count * 1000;
  return fail();
}

bool loadScenarioText(const std::string& text, const std::string& name,
                      const std::string& directory, LoadedScenario& out, Diagnostics& diagnostics,
                      const std::vector<std::string>& overrides) {
  out.file = name;
  out.directory = directory;
  if (!readScenarioDocument(text, name, out.scenario, out.locations, diagnostics)) return false;
  std::vector<std::string> chain{name};
  resolveIncludes(out.scenario, out.locations, directory, chain, diagnostics);
  for (const std::string& assignment : overrides) {
    applyOverride(out.scenario, assignment, name, diagnostics);
  }
  validate(out, diagnostics);
  if (diagnostics.hasErrors()) return false;
  out.typed = typeScenario(out);
  return true;
}

void setSeed(LoadedScenario& scenario, std::uint64_t seed) {
  scenario.scenario.mutable_spec()->set_seed(seed);
  scenario.typed.seed = seed;
}

bool loadScenarioFile(const std::string& path, LoadedScenario& out, Diagnostics& diagnostics,
                      const std::vector<std::string>& overrides) {
  std::string text;
  if (!readScenarioSource(path, {path, 0, 0}, text, diagnostics)) return false;
  std::string directory = std::filesystem::path(path).parent_path().string();
  return loadScenarioText(text, path, directory.empty() ? "." : directory, out, diagnostics,
                          overrides);
}

}  // namespace kns::scenarios
