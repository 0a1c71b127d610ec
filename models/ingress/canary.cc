#include "models/ingress/canary.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>

namespace kns::models {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

const std::string* find(const HeaderList& list, const std::string& name, bool any_case) {
  for (const auto& [key, value] : list) {
    if (any_case ? lower(key) == lower(name) : key == name) return &value;
  }
  return nullptr;
}

int whole(const std::string& text, int fallback) {
  try {
    return text.empty() ? fallback : std::stoi(text);
  } catch (const std::exception&) {
    return fallback;  // ingress-nginx ignores an unparsable annotation
  }
}

}  // namespace

void CanaryConfig::setHeaderPattern(std::string text) {
  by_header_pattern = std::move(text);
  pattern.reset();
  pattern_error.clear();
  if (by_header_pattern.empty()) return;
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(1 << 20);  // a pattern whose program needs more is refused
  auto compiled = std::make_shared<const RE2>(by_header_pattern, options);
  if (compiled->ok()) {
    pattern = std::move(compiled);
  } else {
    pattern_error = compiled->error();
  }
}

std::optional<CanaryConfig> CanaryConfig::fromAnnotations(const IngressSpec& ingress) {
  auto a = [&](const char* key) { return ingress.annotation(std::string(kNginxAnnotation) + key); };
  if (a("canary") != "true") return std::nullopt;
  CanaryConfig c;
  c.by_header = a("canary-by-header");
  c.by_header_value = a("canary-by-header-value");
  c.setHeaderPattern(a("canary-by-header-pattern"));
  c.by_cookie = a("canary-by-cookie");
  c.weight = whole(a("canary-weight"), 0);
  c.weight_total = whole(a("canary-weight-total"), 100);
  return c;
}

CanaryDecision decideCanary(const CanaryConfig& config, const HeaderList& headers,
                            const HeaderList& cookies, sim::RandomStream& rng) {
  using Rule = CanaryDecision::Rule;
  if (!config.by_header.empty()) {
    if (const std::string* value = find(headers, config.by_header, true)) {
      if (!config.by_header_value.empty()) {
        if (*value == config.by_header_value) return {true, Rule::HeaderValue};
      } else if (!config.by_header_pattern.empty()) {
        if (config.pattern == nullptr) return {false, Rule::BadPattern};
        if (RE2::PartialMatch(*value, *config.pattern)) return {true, Rule::HeaderPattern};
      } else if (*value == "always") {
        return {true, Rule::Header};
      } else if (*value == "never") {
        return {false, Rule::Header};
      }
    }
  }
  if (!config.by_cookie.empty()) {
    if (const std::string* value = find(cookies, config.by_cookie, false)) {
      if (*value == "always") return {true, Rule::Cookie};
      if (*value == "never") return {false, Rule::Cookie};
    }
  }
  if (config.weight <= 0) return {false, Rule::NoWeight};
  // math.random(total) <= weight
  bool canary = rng.uniformInt(1, std::max(config.weight_total, 1)) <= config.weight;
  return {canary, Rule::Weight};
}

std::string CanaryDecision::reason(const CanaryConfig& config, const HeaderList& headers) const {
  const std::string* value = find(headers, config.by_header, true);
  std::string header = "header " + config.by_header + ": " + (value ? *value : std::string());
  switch (rule) {
    case Rule::None:
      return "";
    case Rule::HeaderValue:
      return header + " (canary-by-header-value)";
    case Rule::HeaderPattern:
      return header + " matches canary-by-header-pattern";
    case Rule::BadPattern:
      return "canary-by-header-pattern is not a valid pattern (" + config.pattern_error +
             "): primary";
    case Rule::Header:
      return header;
    case Rule::Cookie:
      return "cookie " + config.by_cookie + (canary ? "=always" : "=never");
    case Rule::NoWeight:
      return "canary-weight 0";
    case Rule::Weight:
      return "canary-weight " + std::to_string(config.weight) + "/" +
             std::to_string(config.weight_total) + (canary ? ": canary" : ": primary");
  }
  return "";
}

}  // namespace kns::models
