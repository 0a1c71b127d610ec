#include "reports/fairness.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kns::reports {
namespace {

TEST(Fairness, EvenLoadIsPerfectlyFair) {
  Fairness f = fairnessOf(std::vector<std::uint64_t>{250, 250, 250, 250});
  EXPECT_DOUBLE_EQ(f.jain, 1);
  EXPECT_DOUBLE_EQ(f.cov, 0);
  EXPECT_DOUBLE_EQ(f.max_over_mean, 1);
  EXPECT_EQ(f.endpoints, 4u);
}

TEST(Fairness, OneEndpointTakingEverythingGivesOneOverN) {
  Fairness f = fairnessOf(std::vector<std::uint64_t>{0, 0, 900, 0, 0});
  EXPECT_DOUBLE_EQ(f.jain, 1.0 / 5);
  EXPECT_DOUBLE_EQ(f.max_over_mean, 5);
  EXPECT_DOUBLE_EQ(f.cov, 2);  // sqrt(n - 1)
}

TEST(Fairness, MatchesTheClosedFormsOnAnUnevenVector) {
  // x = 1, 2, 3: (sum x)^2 / (n sum x^2) = 36 / 42; sd = sqrt(2/3), mean 2.
  Fairness f = fairnessOf(std::vector<double>{1, 2, 3});
  EXPECT_NEAR(f.jain, 36.0 / 42.0, 1e-15);
  EXPECT_NEAR(f.cov, std::sqrt(2.0 / 3.0) / 2, 1e-15);
  EXPECT_NEAR(f.max_over_mean, 1.5, 1e-15);
  // Jain's index and the coefficient of variation are tied: J = 1 / (1 + cov^2).
  EXPECT_NEAR(f.jain, 1 / (1 + f.cov * f.cov), 1e-12);
}

TEST(Fairness, NothingSentIsNotUnfair) {
  EXPECT_DOUBLE_EQ(fairnessOf(std::vector<std::uint64_t>{0, 0, 0}).jain, 1);
  EXPECT_EQ(fairnessOf(std::vector<std::uint64_t>{}).endpoints, 0u);
}

}  // namespace
}  // namespace kns::reports
