// A streaming latency histogram with bounded memory and a stated relative error.
#pragma once

#include <cstdint>
#include <vector>

namespace kns::reports {

// Log-linear buckets over non-negative integers (nanoseconds): values below 128 are exact; above,
// each power of two is cut into 64 equal buckets, so a bucket spans at most 1/64 of its lower
// edge and its midpoint is within 0.79% of any value in it: every quantile is within 1% of the
// exact one. Only integer arithmetic decides a bucket, so results are identical on every machine
// (no libm). Memory grows with the range of values seen, not their number: 6 KiB per 12 powers
// of two (4 us to 16 ms, say).
class LatencyHistogram {
 public:
  static constexpr int kSubBuckets = 64;
  // The bound the class guarantees for quantiles, as a fraction of the exact value.
  static constexpr double kRelativeError = 0.01;

  void add(std::int64_t value, std::uint64_t count = 1);
  void merge(const LatencyHistogram& other);
  void clear();

  std::uint64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  std::int64_t min() const { return min_; }
  std::int64_t max() const { return max_; }
  double mean() const { return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_); }
  // The value of rank ceil(q * count) (nearest rank, 1-based), within kRelativeError of the exact
  // one; q in [0, 1]. 0 when empty. q = 1 gives the exact maximum, q = 0 the exact minimum.
  std::int64_t quantile(double q) const;

 private:
  static int bucketOf(std::uint64_t value);
  static std::int64_t midpointOf(int bucket);

  std::vector<std::uint64_t> counts_;  // bucket first_bucket_ + i
  int first_bucket_ = 0;
  std::uint64_t count_ = 0;
  double sum_ = 0;  // the exact mean would need 128-bit sums; double is within 1e-15
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace kns::reports
