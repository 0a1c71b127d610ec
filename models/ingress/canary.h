// Canary Ingresses (nginx.ingress.kubernetes.io/canary: "true", SEMANTICS §5.7): by header,
// then by cookie, then by weight, with ingress-nginx's exact decision procedure.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/ingress/ingress.h"
#include "sim/random.h"

namespace re2 {
class RE2;
}

namespace kns::models {

struct CanaryConfig {
  std::string by_header;          // canary-by-header
  std::string by_header_value;    // canary-by-header-value
  std::string by_header_pattern;  // canary-by-header-pattern (RE2 syntax here, PCRE there)
  // The pattern compiled once, when the Ingress is read: RE2 matches in time linear in the
  // header, whatever the pattern (a backtracking engine hangs on ^(a+)+$), with a bounded
  // program. Null when there is no pattern or it does not compile (pattern_error says why).
  std::shared_ptr<const re2::RE2> pattern;
  std::string pattern_error;
  std::string by_cookie;   // canary-by-cookie
  int weight = 0;          // canary-weight
  int weight_total = 100;  // canary-weight-total

  // Sets by_header_pattern and compiles it (pattern or pattern_error).
  void setHeaderPattern(std::string text);
  // The annotations of a canary Ingress; nullopt unless canary: "true".
  static std::optional<CanaryConfig> fromAnnotations(const IngressSpec& ingress);
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The decision and the rule that made it (words on demand: reason()).
struct CanaryDecision {
  enum class Rule : std::uint8_t {
    None,           // no canary for this location
    HeaderValue,    // canary-by-header with canary-by-header-value
    HeaderPattern,  // canary-by-header with canary-by-header-pattern
    BadPattern,     // canary-by-header-pattern does not compile: primary
    Header,         // canary-by-header: always / never
    Cookie,         // canary-by-cookie: always / never
    NoWeight,       // canary-weight 0
    Weight,         // the weighted draw
  };
  bool canary = false;
  Rule rule = Rule::None;
  // "header X-Canary: always", "canary-weight 10/100: primary"; the header's value is looked up
  // again in `headers`.
  std::string reason(const CanaryConfig& config, const HeaderList& headers) const;
};

// Header names compare case-insensitively (HTTP); cookie names exactly.
CanaryDecision decideCanary(const CanaryConfig& config, const HeaderList& headers,
                            const HeaderList& cookies, sim::RandomStream& rng);

}  // namespace kns::models
