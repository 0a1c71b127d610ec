#include "models/ingress/balancers/pick_fact.h"

#include <algorithm>
#include <cstdio>

namespace kns::models {

std::string PickFact::text() const {
  const char* sticky = persistent ? "sticky_persistent" : "sticky_balanced";
  switch (kind) {
    case Kind::None:
      return "";
    case Kind::RoundRobin:
      return "round_robin: next in turn " + chosen.text();
    case Kind::EwmaOnly:
      return "ewma: only " + chosen.text() + " left";
    case Kind::Ewma: {
      char text[160];
      std::snprintf(text, sizeof text, "ewma picked %s (score %.2f ms vs %.2f ms for %s)",
                    chosen.text().c_str(), 1e3 * std::min(chosen_score, other_score),
                    1e3 * std::max(chosen_score, other_score), other.text().c_str());
      return text;
    }
    case Kind::LeastRequestOnly:
      return "least_request: only " + chosen.text() + " left";
    case Kind::LeastRequest:
      return "least_request picked " + chosen.text() + " (" + std::to_string(in_flight) +
             " in flight)";
    case Kind::Hash:
      return "chash: key '" + hash_key + "' -> " + chosen.text();
    case Kind::HashSubset:
      return "chashsubset: key '" + hash_key + "' -> subset " + std::to_string(subset) +
             ", random member " + chosen.text();
    case Kind::StickyCookie:
      return std::string(sticky) + ": INGRESSCOOKIE -> " + chosen.text();
    case Kind::StickyNewSession:
      return std::string(sticky) + ": new session, INGRESSCOOKIE set for " + chosen.text();
  }
  return "";
}

}  // namespace kns::models
