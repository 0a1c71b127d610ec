// Seeding of named streams and the distributions (inversion, polar, Marsaglia-Tsang, alias).
#include "sim/random.h"

#include <cmath>
#include <stdexcept>

namespace kns::sim {
namespace {

pcg64 seededEngine(std::uint64_t master_seed, std::uint64_t replication, std::string_view name) {
  // Four chained SplitMix64 outputs: a 128-bit state and a 128-bit stream selector.
  std::uint64_t x =
      splitMix64(master_seed) ^ splitMix64(replication + 0x5851F42D4C957F2Dull) ^ fnv1a64(name);
  std::uint64_t words[4];
  for (std::uint64_t& w : words) {
    x = splitMix64(x);
    w = x;
  }
  auto state = (static_cast<pcg_extras::pcg128_t>(words[0]) << 64) | words[1];
  auto stream = (static_cast<pcg_extras::pcg128_t>(words[2]) << 64) | words[3];
  return pcg64(state, stream);
}

}  // namespace

RandomStream::RandomStream(std::uint64_t master_seed, std::uint64_t replication,
                           std::string_view name)
    : name_(name), engine_(seededEngine(master_seed, replication, name)) {}

double RandomStream::uniform01() { return static_cast<double>(nextU64() >> 11) * 0x1.0p-53; }

double RandomStream::uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }

std::uint64_t RandomStream::index(std::uint64_t n) {
  // Lemire, "Fast Random Integer Generation in an Interval" (2019): multiply-shift with a
  // rejection step that removes the bias.
  __uint128_t m = static_cast<__uint128_t>(nextU64()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<__uint128_t>(nextU64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

std::int64_t RandomStream::uniformInt(std::int64_t lo, std::int64_t hi) {
  if (lo > hi) throw std::invalid_argument("uniformInt: lo > hi");
  std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  std::uint64_t offset = span == UINT64_MAX ? nextU64() : index(span + 1);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + offset);
}

bool RandomStream::bernoulli(double p) { return uniform01() < p; }

// Layer edges x[0..256] of the exponential ziggurat: x[1] = r is where the tail starts, x[0] is
// the width the base layer (rectangle plus tail) would have at height f(r), every layer has area
// v, and x[256] = 0. f(x) = exp(-x).
struct ExponentialZiggurat {
  static constexpr int kLayers = 256;
  static constexpr double kR = 7.69711747013104972;
  static constexpr double kV = 0.0039496598225815571993;
  double x[kLayers + 1];
  double f[kLayers + 1];

  ExponentialZiggurat() {
    x[0] = kV / std::exp(-kR);
    x[1] = kR;
    for (int i = 1; i < kLayers - 1; ++i) x[i + 1] = -std::log(kV / x[i] + std::exp(-x[i]));
    x[kLayers] = 0.0;
    for (int i = 0; i <= kLayers; ++i) f[i] = std::exp(-x[i]);
  }
};

double RandomStream::standardExponential() {
  static const ExponentialZiggurat z;  // immutable after construction; thread-safe init
  for (;;) {
    std::uint64_t bits = nextU64();
    int layer = static_cast<int>(bits & 0xFF);
    double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * z.x[layer];
    if (x < z.x[layer + 1]) return x;  // inside the layer's rectangle under the curve
    if (layer == 0) return ExponentialZiggurat::kR - std::log1p(-uniform01());  // memoryless tail
    // In the wedge: accept when a uniform height under the layer falls under exp(-x).
    double y = z.f[layer] + uniform01() * (z.f[layer + 1] - z.f[layer]);
    if (y < std::exp(-x)) return x;
  }
}

double RandomStream::exponential(double mean) { return mean * standardExponential(); }

Duration RandomStream::exponential(Duration mean) {
  // Rounded half up (values are never negative), without a libm call.
  return Duration{static_cast<std::int64_t>(exponential(static_cast<double>(mean.count())) + 0.5)};
}

double RandomStream::normal(double mean, double stddev) {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return mean + stddev * spare_normal_;
  }
  double u, v, s;
  do {
    u = 2.0 * uniform01() - 1.0;
    v = 2.0 * uniform01() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  double factor = std::sqrt(-2.0 * std::log(s) / s);
  spare_normal_ = v * factor;
  has_spare_normal_ = true;
  return mean + stddev * u * factor;
}

double RandomStream::lognormal(double mu, double sigma) { return std::exp(normal(mu, sigma)); }

double RandomStream::gamma(double shape, double scale) {
  if (!(shape > 0.0) || !(scale > 0.0)) throw std::invalid_argument("gamma: shape, scale > 0");
  if (shape < 1.0) {
    // Gamma(k) = Gamma(k + 1) * U^(1/k).
    double u = 1.0 - uniform01();  // (0, 1]
    return gamma(shape + 1.0, scale) * std::pow(u, 1.0 / shape);
  }
  // Marsaglia & Tsang, "A Simple Method for Generating Gamma Variables" (2000).
  double d = shape - 1.0 / 3.0;
  double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = normal(0.0, 1.0);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    double u = uniform01();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v * scale;
    if (u > 0.0 && std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v * scale;
  }
}

double RandomStream::erlang(int k, double mean) {
  if (k < 1) throw std::invalid_argument("erlang: k >= 1");
  return gamma(static_cast<double>(k), mean / k);
}

double RandomStream::pareto(double scale, double shape) {
  double u = 1.0 - uniform01();  // (0, 1]
  return scale / std::pow(u, 1.0 / shape);
}

WeightedChoice::WeightedChoice(std::span<const double> weights)
    : probability_(weights.size()), alias_(weights.size()) {
  double total = 0.0;
  for (double w : weights) {
    if (!(w >= 0.0) || !std::isfinite(w)) {
      throw std::invalid_argument("weights must be finite and non-negative");
    }
    total += w;
  }
  if (!(total > 0.0)) throw std::invalid_argument("at least one weight must be positive");
  std::size_t n = weights.size();
  std::vector<double> scaled(n);
  std::vector<std::size_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / total;
    (scaled[i] < 1.0 ? small : large).push_back(i);
  }
  while (!small.empty() && !large.empty()) {
    std::size_t s = small.back();
    small.pop_back();
    std::size_t l = large.back();
    probability_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Whatever is left is 1 up to rounding.
  for (std::size_t i : large) probability_[i] = 1.0, alias_[i] = i;
  for (std::size_t i : small) probability_[i] = 1.0, alias_[i] = i;
}

std::size_t WeightedChoice::sample(RandomStream& rng) const {
  std::size_t column = rng.index(probability_.size());
  return rng.uniform01() < probability_[column] ? column : alias_[column];
}

}  // namespace kns::sim
