// Named, seeded random streams and our own distributions, identical on every platform.
#pragma once

#include <cstdint>
#include <pcg_random.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/time.h"

namespace kns::sim {

// One actor's source of randomness. The generator is PCG64 (pcg-cpp's pcg64: 128-bit LCG state,
// XSL-RR output, 64-bit values). Its 128-bit state and stream selector are derived from
// (master seed, replication, name) by SplitMix64 over the FNV-1a 64 hash of the name, so:
// - the same triple always yields the same numbers, on any machine or thread;
// - adding a new actor (a new name) does not shift the numbers of existing actors.
//
// The distributions are written here, not taken from <random>, because the standard library's
// distributions differ between implementations (SimGrid learnt this too). Golden-value tests pin
// their first outputs; only std::log/exp/sqrt/cos are used, which glibc rounds the same way on
// every machine of one architecture.
class RandomStream {
 public:
  RandomStream(std::uint64_t master_seed, std::uint64_t replication, std::string_view name);

  const std::string& name() const { return name_; }

  std::uint64_t nextU64() { return engine_(); }
  // Uniform on [0, 1), 53 random bits.
  double uniform01();
  // Uniform on [lo, hi).
  double uniform(double lo, double hi);
  // Uniform integer on [lo, hi] inclusive, without modulo bias (Lemire's method). lo <= hi.
  std::int64_t uniformInt(std::int64_t lo, std::int64_t hi);
  // Uniform index on [0, n), n > 0.
  std::uint64_t index(std::uint64_t n);
  // True with probability p.
  bool bernoulli(double p);
  // Exponential with the given mean (> 0). Marsaglia & Tsang's ziggurat with 256 layers
  // ("The Ziggurat Method for Generating Random Variables", 2000), over 64-bit draws: 8 bits pick
  // the layer and 53 other bits the position, so the two never share bits. About 99% of draws
  // cost one multiply and one compare; the rest fall back to exact rejection or the tail.
  double exponential(double mean);
  // Exponential with mean 1.
  double standardExponential();
  // An exponential duration, rounded to the nearest nanosecond.
  Duration exponential(Duration mean);
  // Normal, Marsaglia's polar method (the second value of each pair is kept for the next call).
  double normal(double mean, double stddev);
  // exp(Normal(mu, sigma)): mu and sigma are of the underlying normal.
  double lognormal(double mu, double sigma);
  // Gamma with shape k > 0 and scale theta > 0 (Marsaglia & Tsang; k < 1 by the boost
  // U^(1/k) trick). Mean k*theta, variance k*theta^2.
  double gamma(double shape, double scale);
  // Erlang-k with the given mean: the sum of k exponentials of mean mean/k.
  double erlang(int k, double mean);
  // Pareto type I: scale x_m > 0 (the minimum), shape alpha > 0. Mean alpha*x_m/(alpha-1) when
  // alpha > 1.
  double pareto(double scale, double shape);

  // Fisher-Yates shuffle with unbiased indices.
  template <typename T>
  void shuffle(std::span<T> items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      std::size_t j = index(i);
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  std::string name_;
  pcg64 engine_;
  double spare_normal_ = 0.0;
  bool has_spare_normal_ = false;
};

// Sampling from fixed weights in O(1) per draw, by Walker's alias method (Vose's construction,
// which is deterministic: the small and large work lists are processed in index order).
class WeightedChoice {
 public:
  // weights: non-negative, at least one positive; throws std::invalid_argument otherwise.
  explicit WeightedChoice(std::span<const double> weights);
  std::size_t size() const { return probability_.size(); }
  // An index drawn with probability weights[i] / sum(weights).
  std::size_t sample(RandomStream& rng) const;

 private:
  std::vector<double> probability_;
  std::vector<std::size_t> alias_;
};

// SplitMix64's finaliser, a documented 64-bit mixer used for seeding and fingerprints.
constexpr std::uint64_t splitMix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// FNV-1a 64-bit hash of a name.
constexpr std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : text) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace kns::sim
