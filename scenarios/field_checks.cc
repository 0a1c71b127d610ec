#include "scenarios/field_checks.h"

#include <charconv>
#include <cmath>
#include <optional>

#include "models/net/ip.h"
#include "scenarios/manifests/manifest_loader.h"
#include "sim/time.h"

namespace kns::scenarios {
namespace {

namespace pb = google::protobuf;

std::optional<std::string> unitProblem(const std::string& unit, const std::string& text) {
  std::string error;
  if (unit == "duration") {
    try {
      if (sim::parseDuration(text) < sim::Duration::zero()) return "must not be negative";
    } catch (const sim::DurationParseError& e) {
      return e.what();
    }
  } else if (unit == "rate") {
    if (!parseRatePerSecond(text, &error)) return error;
  } else if (unit == "cpu") {
    if (!parseCpuMillicores(text))
      return "'" + text + "' is not a CPU amount; write e.g. '250m' or '2'";
  } else if (unit == "cidr") {
    if (!models::Cidr::parse(text))
      return "'" + text + "' is not a CIDR block; write e.g. '10.244.0.0/16'";
  } else if (unit == "ipv4") {
    if (!models::Ipv4::parse(text)) return "'" + text + "' is not an IPv4 address";
  }
  return std::nullopt;
}

// A value in the field's unit as a number to compare: durations in nanoseconds, rates per
// second, plain numbers as they are.
std::optional<double> magnitude(const std::string& unit, const std::string& text) {
  if (unit == "duration") {
    try {
      return static_cast<double>(sim::parseDuration(text).count());
    } catch (const sim::DurationParseError&) {
      return std::nullopt;
    }
  }
  if (unit == "rate") return parseRatePerSecond(text, nullptr);
  double value = 0;
  auto [next, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || next != text.data() + text.size()) return std::nullopt;
  return value;
}

// "1..5000", "0s..24h", "0/s<..10000000/s" (the low end left out).
struct Range {
  std::string low, high;
  bool low_open = false;
};

Range parseRange(const std::string& text) {
  Range r;
  std::size_t dots = text.find("..");
  r.low = text.substr(0, dots);
  r.high = text.substr(dots + 2);
  if (!r.low.empty() && r.low.back() == '<') {
    r.low_open = true;
    r.low.pop_back();
  }
  return r;
}

// What is wrong with `value` (written `text`) for `range`, or nothing.
std::optional<std::string> rangeProblem(const std::string& unit, const std::string& range_text,
                                        double value, const std::string& text) {
  Range range = parseRange(range_text);
  std::optional<double> low = magnitude(unit, range.low);
  std::optional<double> high = magnitude(unit, range.high);
  if (!low || !high) return "the schema's range '" + range_text + "' is malformed";
  bool ok = (range.low_open ? value > *low : value >= *low) && value <= *high;
  if (ok) return std::nullopt;  // NaN fails both comparisons, so it is reported too
  if (range.low_open) return text + " is not more than " + range.low + " and at most " + range.high;
  return text + " is not between " + range.low + " and " + range.high;
}

std::optional<std::string> oneOfProblem(const std::string& words, const std::string& value) {
  std::vector<std::string> allowed;
  for (std::size_t start = 0;;) {
    std::size_t bar = words.find('|', start);
    allowed.push_back(words.substr(start, bar - start));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  for (const std::string& word : allowed) {
    if (word == value) return std::nullopt;
  }
  std::string list;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) list += i + 1 == allowed.size() ? " or " : ", ";
    list += allowed[i];
  }
  return "'" + value + "' is not " + list;
}

std::string numberText(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

// A singular scalar field that is set: its value as a number ("" text for non-numbers).
std::optional<double> numericValue(const pb::Message& m, const pb::FieldDescriptor* f) {
  const pb::Reflection* r = m.GetReflection();
  switch (f->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
      return r->GetInt32(m, f);
    case pb::FieldDescriptor::CPPTYPE_INT64:
      return static_cast<double>(r->GetInt64(m, f));
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      return r->GetUInt32(m, f);
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      return static_cast<double>(r->GetUInt64(m, f));
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      return r->GetDouble(m, f);
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      return r->GetFloat(m, f);
    default:
      return std::nullopt;
  }
}

class DomainChecker {
 public:
  DomainChecker(const LoadedScenario& loaded, Diagnostics& diagnostics)
      : loaded_(loaded), diagnostics_(diagnostics) {}

  void check(const pb::Message& message, const std::string& path) {
    const pb::Descriptor* d = message.GetDescriptor();
    const pb::Reflection* r = message.GetReflection();
    for (int i = 0; i < d->field_count(); ++i) {
      const pb::FieldDescriptor* f = d->field(i);
      std::string field_path = path.empty() ? f->json_name() : path + "." + f->json_name();
      if (f->is_repeated()) {
        int size = r->FieldSize(message, f);
        int max_items = f->options().GetExtension(proto::max_items);
        if (max_items > 0 && size > max_items) {
          report(field_path, f->json_name() + " has " + std::to_string(size) +
                                 " entries; at most " + std::to_string(max_items) +
                                 " are allowed (a limit on the work this list scales)");
          continue;  // do not walk a list this long
        }
        if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE && !f->is_map()) {
          for (int k = 0; k < size; ++k) {
            check(r->GetRepeatedMessage(message, f, k), field_path + "[" + std::to_string(k) + "]");
          }
        }
        continue;
      }
      if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
        if (r->HasField(message, f)) check(r->GetMessage(message, f), field_path);
        continue;
      }
      checkScalar(message, f, field_path);
    }
  }

 private:
  void checkScalar(const pb::Message& message, const pb::FieldDescriptor* f,
                   const std::string& path) {
    const pb::Reflection* r = message.GetReflection();
    const pb::FieldOptions& options = f->options();
    const std::string& unit = options.GetExtension(proto::unit);
    const std::string& range = options.GetExtension(proto::range);
    const std::string& one_of = options.GetExtension(proto::one_of);
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING) {
      std::string value = r->GetString(message, f);
      if (value.empty()) return;  // absent: the schema's default applies
      if (!one_of.empty()) {
        if (auto problem = oneOfProblem(one_of, value)) report(path, *problem);
        return;
      }
      if (!unit.empty()) {
        if (auto problem = unitProblem(unit, value)) {
          report(path, *problem);
          return;
        }
      }
      if (!range.empty()) {
        std::optional<double> v = magnitude(unit, value);
        if (v) {
          if (auto problem = rangeProblem(unit, range, *v, value)) report(path, *problem);
        }
      }
      return;
    }
    if (range.empty() || !r->HasField(message, f)) return;
    std::optional<double> v = numericValue(message, f);
    if (!v) return;
    if (auto problem = rangeProblem("", range, *v, numberText(*v))) report(path, *problem);
  }

  void report(const std::string& path, std::string message) {
    auto where = loaded_.locations.find(path);
    diagnostics_.error(
        where != loaded_.locations.end() ? where->second : locateClosest(loaded_, path), path,
        std::move(message));
  }

  const LoadedScenario& loaded_;
  Diagnostics& diagnostics_;
};

}  // namespace

void checkFieldDomains(const google::protobuf::Message& message, const std::string& path,
                       const LoadedScenario& loaded, Diagnostics& diagnostics) {
  DomainChecker(loaded, diagnostics).check(message, path);
}

}  // namespace kns::scenarios
