#include "reports/fairness.h"

#include <Eigen/Core>

namespace kns::reports {

Fairness fairnessOf(const std::vector<double>& loads) {
  Fairness f;
  f.endpoints = loads.size();
  if (loads.empty()) return f;
  Eigen::Map<const Eigen::ArrayXd> x(loads.data(), static_cast<Eigen::Index>(loads.size()));
  double n = static_cast<double>(loads.size());
  double sum = x.sum();
  if (sum <= 0) return f;
  double mean = sum / n;
  double sum_of_squares = x.square().sum();
  f.jain = sum * sum / (n * sum_of_squares);
  f.cov = std::sqrt((x - mean).square().sum() / n) / mean;
  f.max_over_mean = x.maxCoeff() / mean;
  return f;
}

Fairness fairnessOf(const std::vector<std::uint64_t>& loads) {
  std::vector<double> as_double(loads.begin(), loads.end());
  return fairnessOf(as_double);
}

}  // namespace kns::reports
