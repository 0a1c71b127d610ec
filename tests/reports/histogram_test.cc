#include "reports/histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "sim/random.h"

namespace kns::reports {
namespace {

// The exact nearest-rank quantile of sorted values.
std::int64_t exactQuantile(const std::vector<std::int64_t>& sorted, double q) {
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

void expectWithinStatedError(const std::vector<std::int64_t>& values) {
  LatencyHistogram h;
  for (std::int64_t v : values) h.add(v);
  std::vector<std::int64_t> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  ASSERT_EQ(h.count(), values.size());
  EXPECT_EQ(h.min(), sorted.front());
  EXPECT_EQ(h.max(), sorted.back());
  for (double q : {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 0.9999}) {
    double exact = static_cast<double>(exactQuantile(sorted, q));
    double estimate = static_cast<double>(h.quantile(q));
    EXPECT_LE(std::abs(estimate - exact), LatencyHistogram::kRelativeError * exact)
        << "q=" << q << " exact " << exact << " estimate " << estimate;
  }
}

TEST(LatencyHistogram, QuantilesOfAMillionExponentialSamplesAreWithinOnePercent) {
  sim::RandomStream rng(7, 0, "histogram-test");
  std::vector<std::int64_t> values;
  for (int i = 0; i < 1'000'000; ++i)
    values.push_back(rng.exponential(sim::Duration{8'000'000}).count());
  expectWithinStatedError(values);
}

TEST(LatencyHistogram, QuantilesOfAMillionLognormalSamplesAreWithinOnePercent) {
  // Heavy-tailed, spanning microseconds to seconds: many powers of two.
  sim::RandomStream rng(7, 0, "histogram-test-lognormal");
  std::vector<std::int64_t> values;
  for (int i = 0; i < 1'000'000; ++i) {
    values.push_back(static_cast<std::int64_t>(rng.lognormal(std::log(2e6), 1.5)));
  }
  expectWithinStatedError(values);
}

TEST(LatencyHistogram, SmallValuesAreExactAndBucketEdgesHold) {
  LatencyHistogram h;
  for (int v = 0; v < 128; ++v) h.add(v);
  EXPECT_EQ(h.quantile(0.5), 63);  // rank 64 of 0..127
  // Every value from 128 to 2^20 is within the bound of its bucket's midpoint.
  for (std::int64_t v = 128; v < (1 << 20); v += 37) {
    LatencyHistogram one;
    one.add(v);
    one.add(v);  // the quantile is not clamped to min = max only
    one.add(0);
    double estimate = static_cast<double>(one.quantile(0.9));
    ASSERT_LE(std::abs(estimate - static_cast<double>(v)), 0.0079 * static_cast<double>(v)) << v;
  }
}

TEST(LatencyHistogram, MergingEqualsAddingEverythingToOne) {
  sim::RandomStream rng(3, 0, "merge");
  LatencyHistogram all, left, right;
  for (int i = 0; i < 100'000; ++i) {
    std::int64_t v = rng.exponential(sim::Duration{1'000'000}).count();
    all.add(v);
    (i % 3 == 0 ? left : right).add(v);
  }
  left.merge(right);
  EXPECT_EQ(left.count(), all.count());
  EXPECT_EQ(left.min(), all.min());
  EXPECT_EQ(left.max(), all.max());
  EXPECT_DOUBLE_EQ(left.mean(), all.mean());
  for (double q : {0.5, 0.9, 0.99, 0.999}) EXPECT_EQ(left.quantile(q), all.quantile(q)) << q;
}

TEST(LatencyHistogram, EmptyAndExtremes) {
  LatencyHistogram h;
  EXPECT_EQ(h.quantile(0.99), 0);
  EXPECT_EQ(h.mean(), 0);
  h.add(-5);  // clamped: latencies are never negative
  h.add(std::int64_t{1} << 62);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.quantile(1), std::int64_t{1} << 62);
}

}  // namespace
}  // namespace kns::reports
