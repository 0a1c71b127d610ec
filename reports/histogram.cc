#include "reports/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace kns::reports {
// Values below 2 * kSubBuckets (128) get a bucket each; above, the top 7 bits pick the bucket.
int LatencyHistogram::bucketOf(std::uint64_t value) {
  if (value < 2 * kSubBuckets) return static_cast<int>(value);
  int msb = 63 - std::countl_zero(value);  // >= 7, as value >= 128
  int shift = msb - 6;                     // keep the 7 top bits: 64..127
  int top = static_cast<int>(value >> shift);
  return (shift + 1) * kSubBuckets + (top - kSubBuckets);
}

std::int64_t LatencyHistogram::midpointOf(int bucket) {
  if (bucket < 2 * kSubBuckets) return bucket;
  int shift = bucket / kSubBuckets - 1;
  std::uint64_t top = static_cast<std::uint64_t>(bucket % kSubBuckets + kSubBuckets);
  std::uint64_t low = top << shift;
  std::uint64_t width = std::uint64_t{1} << shift;
  return static_cast<std::int64_t>(low + width / 2);
}

void LatencyHistogram::add(std::int64_t value, std::uint64_t count) {
  if (count == 0) return;
  value = std::max<std::int64_t>(value, 0);
  int bucket = bucketOf(static_cast<std::uint64_t>(value));
  if (counts_.empty()) {
    first_bucket_ = bucket;
    counts_.assign(1, 0);
  } else if (bucket < first_bucket_) {
    counts_.insert(counts_.begin(), static_cast<std::size_t>(first_bucket_ - bucket), 0);
    first_bucket_ = bucket;
  } else if (bucket >= first_bucket_ + static_cast<int>(counts_.size())) {
    counts_.resize(static_cast<std::size_t>(bucket - first_bucket_ + 1), 0);
  }
  counts_[static_cast<std::size_t>(bucket - first_bucket_)] += count;
  min_ = count_ == 0 ? value : std::min(min_, value);
  max_ = count_ == 0 ? value : std::max(max_, value);
  count_ += count;
  sum_ += static_cast<double>(value) * static_cast<double>(count);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  std::int64_t min = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  std::int64_t max = count_ == 0 ? other.max_ : std::max(max_, other.max_);
  double sum = sum_ + other.sum_;
  std::uint64_t count = count_ + other.count_;
  for (std::size_t i = 0; i < other.counts_.size(); ++i) {
    if (other.counts_[i] == 0) continue;
    add(midpointOf(other.first_bucket_ + static_cast<int>(i)), other.counts_[i]);
  }
  min_ = min;
  max_ = max;
  sum_ = sum;
  count_ = count;
}

void LatencyHistogram::clear() { *this = LatencyHistogram{}; }

std::int64_t LatencyHistogram::quantile(double q) const {
  if (count_ == 0) return 0;
  if (q <= 0) return min_;
  if (q >= 1) return max_;
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      // The midpoint, but never outside what was seen.
      return std::clamp(midpointOf(first_bucket_ + static_cast<int>(i)), min_, max_);
    }
  }
  return max_;
}

}  // namespace kns::reports
