// Canary Ingresses (nginx.ingress.kubernetes.io/canary: "true", SEMANTICS §5.7): by header,
// then by cookie, then by weight, with ingress-nginx's exact decision procedure.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/ingress/ingress.h"
#include "sim/random.h"

namespace kns::models {

struct CanaryConfig {
  std::string by_header;          // canary-by-header
  std::string by_header_value;    // canary-by-header-value
  std::string by_header_pattern;  // canary-by-header-pattern (ECMAScript regex here, PCRE there)
  std::string by_cookie;          // canary-by-cookie
  int weight = 0;                 // canary-weight
  int weight_total = 100;         // canary-weight-total

  // The annotations of a canary Ingress; nullopt unless canary: "true".
  static std::optional<CanaryConfig> fromAnnotations(const IngressSpec& ingress);
};

struct CanaryDecision {
  bool canary = false;
  std::string reason;  // for the inspector: "header X-Canary: always"
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Header names compare case-insensitively (HTTP); cookie names exactly.
CanaryDecision decideCanary(const CanaryConfig& config, const HeaderList& headers,
                            const HeaderList& cookies, sim::RandomStream& rng);

}  // namespace kns::models
