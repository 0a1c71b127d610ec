#include "models/ingress/canary.h"

#include <algorithm>
#include <cctype>
#include <regex>

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

std::optional<CanaryConfig> CanaryConfig::fromAnnotations(const IngressSpec& ingress) {
  auto a = [&](const char* key) { return ingress.annotation(std::string(kNginxAnnotation) + key); };
  if (a("canary") != "true") return std::nullopt;
  CanaryConfig c;
  c.by_header = a("canary-by-header");
  c.by_header_value = a("canary-by-header-value");
  c.by_header_pattern = a("canary-by-header-pattern");
  c.by_cookie = a("canary-by-cookie");
  c.weight = whole(a("canary-weight"), 0);
  c.weight_total = whole(a("canary-weight-total"), 100);
  return c;
}

CanaryDecision decideCanary(const CanaryConfig& config, const HeaderList& headers,
                            const HeaderList& cookies, sim::RandomStream& rng) {
  if (!config.by_header.empty()) {
    if (const std::string* value = find(headers, config.by_header, true)) {
      std::string what = "header " + config.by_header + ": " + *value;
      if (!config.by_header_value.empty()) {
        if (*value == config.by_header_value) return {true, what + " (canary-by-header-value)"};
      } else if (!config.by_header_pattern.empty()) {
        try {
          if (std::regex_search(*value, std::regex(config.by_header_pattern))) {
            return {true, what + " matches canary-by-header-pattern"};
          }
        } catch (const std::regex_error&) {
          return {false, "canary-by-header-pattern is not a valid pattern: primary"};
        }
      } else if (*value == "always") {
        return {true, what};
      } else if (*value == "never") {
        return {false, what};
      }
    }
  }
  if (!config.by_cookie.empty()) {
    if (const std::string* value = find(cookies, config.by_cookie, false)) {
      if (*value == "always") return {true, "cookie " + config.by_cookie + "=always"};
      if (*value == "never") return {false, "cookie " + config.by_cookie + "=never"};
    }
  }
  if (config.weight <= 0) return {false, "canary-weight 0"};
  // math.random(total) <= weight
  bool canary = rng.uniformInt(1, std::max(config.weight_total, 1)) <= config.weight;
  return {canary, "canary-weight " + std::to_string(config.weight) + "/" +
                      std::to_string(config.weight_total) + (canary ? ": canary" : ": primary")};
}

}  // namespace kns::models
