#include "scenarios/sweep_plan.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace kns::scenarios {
namespace {

// "100ms" -> (100, "ms"); "2" -> (2, ""); nullopt if it does not start with a number.
std::optional<std::pair<double, std::string>> numberWithUnit(const std::string& text) {
  double value = 0;
  auto [next, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || next == text.data()) return std::nullopt;
  return std::make_pair(value, std::string(next, text.data() + text.size()));
}

// Shortest decimal text of a range value: 0.1 + 0.2 prints 0.3, not 0.30000000000000004.
std::string shortNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

}  // namespace

std::optional<VarySpec> parseVary(const std::string& text, std::string* error) {
  std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) {
    *error = "'" + text + "' is not path=v1,v2,... or path=a..b:step";
    return std::nullopt;
  }
  VarySpec spec;
  spec.path = text.substr(0, equals);
  std::string values = text.substr(equals + 1);
  std::size_t dots = values.find("..");
  if (dots == std::string::npos) {
    std::size_t start = 0;
    while (true) {
      std::size_t comma = values.find(',', start);
      std::string value = values.substr(start, comma == std::string::npos ? comma : comma - start);
      if (value.empty()) {
        *error = "'" + text + "' has an empty value";
        return std::nullopt;
      }
      spec.values.push_back(value);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return spec;
  }
  std::size_t colon = values.find(':', dots);
  auto low = numberWithUnit(values.substr(0, dots));
  auto high = numberWithUnit(
      values.substr(dots + 2, colon == std::string::npos ? std::string::npos : colon - dots - 2));
  auto step = colon == std::string::npos
                  ? std::make_optional(std::make_pair(1.0, low ? low->second : ""))
                  : numberWithUnit(values.substr(colon + 1));
  if (!low || !high || !step || low->second != high->second || step->second != low->second ||
      !(step->first > 0) || high->first < low->first) {
    *error = "'" + text +
             "' is not a range a..b:step of numbers with one unit, e.g. 2..8:2 or "
             "100ms..300ms:50ms (b >= a, step > 0)";
    return std::nullopt;
  }
  double count = std::floor((high->first - low->first) / step->first + 1e-9) + 1;
  if (count > 10000) {
    *error = "'" + text + "' has " + shortNumber(count) + " values; at most 10000";
    return std::nullopt;
  }
  for (int i = 0; i < static_cast<int>(count); ++i) {
    spec.values.push_back(shortNumber(low->first + i * step->first) + low->second);
  }
  return spec;
}

namespace {

std::size_t saturatingProduct(std::size_t a, std::size_t b) {
  std::size_t product = 0;
  return __builtin_mul_overflow(a, b, &product) ? SIZE_MAX : product;
}

}  // namespace

std::size_t SweepPlan::points() const {
  std::size_t n = 1;
  for (const VarySpec& v : vary) n = saturatingProduct(n, v.values.size());
  return n;
}

std::size_t SweepPlan::runs() const {
  return saturatingProduct(points(), static_cast<std::size_t>(replications));
}

std::vector<std::string> SweepPlan::valuesOf(std::size_t point) const {
  std::vector<std::string> values(vary.size());
  for (std::size_t i = vary.size(); i-- > 0;) {  // the last --vary changes fastest
    values[i] = vary[i].values[point % vary[i].values.size()];
    point /= vary[i].values.size();
  }
  return values;
}

std::vector<std::string> SweepPlan::assignments(std::size_t run) const {
  std::vector<std::string> out = overrides;
  std::vector<std::string> values = valuesOf(pointOf(run));
  for (std::size_t i = 0; i < vary.size(); ++i) out.push_back(vary[i].path + "=" + values[i]);
  return out;
}

std::string SweepPlan::describe() const {
  std::string text = "scenario: " + scenario + "\n";
  for (const std::string& o : overrides) text += "set: " + o + "\n";
  for (const VarySpec& v : vary) {
    text += "vary: " + v.path + "\n";
    for (const std::string& value : v.values) text += "  - " + value + "\n";
  }
  text += "replications: " + std::to_string(replications) + "\n";
  if (!find_min.empty()) text += "find-min: " + find_min + "\n";
  for (const std::string& s : slos) text += "slo: " + s + "\n";
  text += "runs: " + std::to_string(runs()) + "\n";
  return text;
}

std::optional<std::pair<std::size_t, std::size_t>> parseShard(const std::string& text) {
  std::size_t slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  std::size_t i = 0, n = 0;
  auto [a, ea] = std::from_chars(text.data(), text.data() + slash, i);
  auto [b, eb] = std::from_chars(text.data() + slash + 1, text.data() + text.size(), n);
  if (ea != std::errc{} || eb != std::errc{} || a != text.data() + slash ||
      b != text.data() + text.size() || n == 0 || i == 0 || i > n || n > kMaxSweepRuns) {
    return std::nullopt;
  }
  return std::make_pair(i - 1, n);
}

std::optional<SweepPlan> parseSweepPlan(const std::string& text, std::string* error) {
  SweepPlan plan;
  std::size_t runs = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    auto value = [&line](const char* key) -> std::optional<std::string> {
      std::string prefix = std::string(key) + ": ";
      if (line.rfind(prefix, 0) != 0) return std::nullopt;
      return line.substr(prefix.size());
    };
    if (auto v = value("scenario")) {
      plan.scenario = *v;
    } else if (auto o = value("set")) {
      plan.overrides.push_back(*o);
    } else if (auto path = value("vary")) {
      plan.vary.push_back({*path, {}});
    } else if (line.rfind("  - ", 0) == 0 && !plan.vary.empty()) {
      plan.vary.back().values.push_back(line.substr(4));
    } else if (auto r = value("replications")) {
      plan.replications = std::strtoull(r->c_str(), nullptr, 10);
    } else if (auto f = value("find-min")) {
      plan.find_min = *f;
    } else if (auto slo = value("slo")) {
      plan.slos.push_back(*slo);
    } else if (auto n = value("runs")) {
      runs = std::strtoull(n->c_str(), nullptr, 10);
    } else if (!line.empty()) {
      *error = "unexpected line '" + line + "'";
      return std::nullopt;
    }
  }
  if (plan.scenario.empty() || plan.replications == 0 || runs != plan.runs()) {
    *error = "incomplete: it needs scenario, replications and runs matching the varied values";
    return std::nullopt;
  }
  if (runs > kMaxSweepRuns) {
    *error = std::to_string(runs) + " runs is more than " + std::to_string(kMaxSweepRuns) +
             ", the most a sweep may hold";
    return std::nullopt;
  }
  bool find_min_varied = plan.find_min.empty();
  for (const VarySpec& v : plan.vary) {
    if (v.values.empty()) {
      *error = "vary " + v.path + " has no values";
      return std::nullopt;
    }
    find_min_varied |= v.path == plan.find_min;
  }
  if (!find_min_varied) {
    *error = "find-min " + plan.find_min + " is not one of the varied paths";
    return std::nullopt;
  }
  return plan;
}

}  // namespace kns::scenarios
