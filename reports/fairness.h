// How evenly load spreads over the endpoints of a Service or an Ingress backend.
#pragma once

#include <cstdint>
#include <vector>

namespace kns::reports {

struct Fairness {
  std::size_t endpoints = 0;
  // Jain's index (sum x)^2 / (n * sum x^2): 1 when every endpoint got the same, 1/n when one got
  // everything. 1 when nothing was sent (nothing is unfair yet).
  double jain = 1;
  // Coefficient of variation: population standard deviation / mean; 0 when even.
  double cov = 0;
  // The busiest endpoint's load over the mean; 1 when even, n when one got everything.
  double max_over_mean = 1;
};

// Fairness of per-endpoint loads (requests, say); endpoints that got nothing count as 0.
Fairness fairnessOf(const std::vector<double>& loads);
Fairness fairnessOf(const std::vector<std::uint64_t>& loads);

}  // namespace kns::reports
