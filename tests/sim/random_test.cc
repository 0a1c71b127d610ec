#include "sim/random.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <vector>

namespace kns::sim {
namespace {

// --- Golden values: the first outputs of each distribution for one fixed stream. They pin the
// generator, the seeding and every distribution's algorithm: a change that moves them changes
// every simulation result and must say why. Exact comparison for integers; 1e-12 relative for
// values that pass through libm (glibc rounds log/exp identically on one architecture).

RandomStream goldenStream() { return RandomStream(42, 0, "golden"); }

void expectNear(const std::vector<double>& actual, const std::vector<double>& golden) {
  ASSERT_EQ(actual.size(), golden.size());
  for (std::size_t i = 0; i < golden.size(); ++i) {
    EXPECT_NEAR(actual[i], golden[i], 1e-12 * std::abs(golden[i])) << "value " << i;
  }
}

template <typename Draw>
std::vector<double> firstFive(Draw draw) {
  RandomStream rng = goldenStream();
  std::vector<double> values;
  for (int i = 0; i < 5; ++i) values.push_back(draw(rng));
  return values;
}

TEST(RandomGolden, RawOutputs) {
  RandomStream rng = goldenStream();
  std::vector<std::uint64_t> values;
  for (int i = 0; i < 4; ++i) values.push_back(rng.nextU64());
  EXPECT_EQ(values, (std::vector<std::uint64_t>{10576020688840345650ull, 17055882498847067598ull,
                                                513313476998962555ull, 17579858204332389965ull}));
}

TEST(RandomGolden, Uniform01) {
  expectNear(firstFive([](RandomStream& r) { return r.uniform01(); }),
             {0.57332723035461719, 0.92460124294537416, 0.027826779346418085, 0.95300602285621472,
              0.45542428874290242});
}
TEST(RandomGolden, UniformInt) {
  expectNear(firstFive([](RandomStream& r) { return double(r.uniformInt(-10, 1000)); }),
             {569, 924, 18, 953, 450});
}
TEST(RandomGolden, Exponential) {
  expectNear(firstFive([](RandomStream& r) { return r.exponential(2.0); }),
             {3.4673655622116235, 1.4776166695321256, 0.096489793428534074, 4.6329403141311811,
              1.5100620209337439});
}
TEST(RandomGolden, Normal) {
  expectNear(firstFive([](RandomStream& r) { return r.normal(1.0, 2.0); }),
             {1.2625492645142358, 2.5202912138917135, -4.860443165517335, -0.8834876199841557,
              1.3886577792027028});
}
TEST(RandomGolden, Lognormal) {
  expectNear(firstFive([](RandomStream& r) { return r.lognormal(0.0, 0.5); }),
             {1.0678393588131945, 1.4623910527061461, 0.23105239144607834, 0.62445756318250645,
              1.1020415837296449});
}
TEST(RandomGolden, Gamma) {
  expectNear(firstFive([](RandomStream& r) { return r.gamma(0.7, 2.0); }),
             {1.3096114636895915, 0.7380350399668214, 0.34955655576641692, 0.14982231947102106,
              1.2946521334862184});
}
TEST(RandomGolden, Erlang) {
  expectNear(firstFive([](RandomStream& r) { return r.erlang(4, 1.0); }),
             {0.98095663729916349, 1.3308343347972933, 0.10778807396978651, 0.53570924968166056,
              1.023016350506569});
}
TEST(RandomGolden, Pareto) {
  expectNear(firstFive([](RandomStream& r) { return r.pareto(1.0, 3.0); }),
             {1.3283168781571828, 2.3670745594612987, 1.0094514790566693, 2.7711025600419772,
              1.2245614333757615});
}
TEST(RandomGolden, WeightedChoice) {
  std::array<double, 4> weights{1, 2, 3, 4};
  WeightedChoice choice(weights);
  expectNear(firstFive([&](RandomStream& r) { return double(choice.sample(r)); }), {2, 3, 1, 2, 2});
}
TEST(RandomGolden, Shuffle) {
  RandomStream rng = goldenStream();
  std::vector<int> items{0, 1, 2, 3, 4, 5, 6, 7};
  rng.shuffle(std::span<int>(items));
  EXPECT_EQ(items, (std::vector<int>{5, 2, 3, 1, 7, 0, 6, 4}));
}

TEST(RandomStream, NamesGiveIndependentStreams) {
  RandomStream a(1, 0, "kube-proxy/node-1");
  RandomStream b(1, 0, "kube-proxy/node-2");
  int equal = 0;
  for (int i = 0; i < 1000; ++i) equal += a.nextU64() == b.nextU64();
  EXPECT_EQ(equal, 0);
}

// --- Moments. Each check draws n samples and compares the sample mean and variance with the
// distribution's, with a tolerance of 5 standard errors: SE(mean) = sigma / sqrt(n) and
// SE(variance) = sqrt((mu4 - sigma^4) / n), mu4 the fourth central moment. Five standard errors
// leave a false-alarm chance below 1e-6 while a wrong algorithm misses by far more.

struct Moments {
  double mean;
  double variance;
  double mu4;  // fourth central moment
};

void checkMoments(const std::function<double()>& draw, Moments expected, int n = 400'000) {
  double sum = 0, sum_sq = 0;
  std::vector<double> xs(n);
  for (double& x : xs) {
    x = draw();
    sum += x;
  }
  double mean = sum / n;
  for (double x : xs) sum_sq += (x - mean) * (x - mean);
  double variance = sum_sq / (n - 1);
  double se_mean = std::sqrt(expected.variance / n);
  double se_var = std::sqrt((expected.mu4 - expected.variance * expected.variance) / n);
  EXPECT_NEAR(mean, expected.mean, 5 * se_mean);
  EXPECT_NEAR(variance, expected.variance, 5 * se_var);
}

// Central fourth moment from raw moments E[X], E[X^2], E[X^3], E[X^4].
double centralMu4(double m1, double m2, double m3, double m4) {
  return m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 * m1 * m1 * m1;
}

TEST(RandomMoments, Uniform01) {
  RandomStream rng(3, 0, "m");
  checkMoments([&] { return rng.uniform01(); }, {0.5, 1.0 / 12, 1.0 / 80});
}

TEST(RandomMoments, ExponentialWithMeanM) {
  RandomStream rng(3, 0, "m");
  double m = 2.5;  // variance m^2, mu4 9 m^4
  checkMoments([&] { return rng.exponential(m); }, {m, m * m, 9 * std::pow(m, 4)});
}

TEST(RandomMoments, ExponentialFollowsItsDistributionFunctionIntoTheTail) {
  // P(X <= t) = 1 - exp(-t), checked at points inside the ziggurat's layers, at its tail start
  // (r = 7.697) and beyond. Each count is binomial: tolerance 5 standard errors.
  RandomStream rng(3, 0, "cdf");
  const int n = 1'000'000;
  const std::array<double, 8> points{0.01, 0.1, 0.5, 1.0, 2.0, 4.0, 7.697, 10.0};
  std::array<int, 8> below{};
  for (int i = 0; i < n; ++i) {
    double x = rng.standardExponential();
    ASSERT_GE(x, 0.0);
    for (std::size_t k = 0; k < points.size(); ++k) below[k] += x <= points[k];
  }
  for (std::size_t k = 0; k < points.size(); ++k) {
    double p = 1 - std::exp(-points[k]);
    EXPECT_NEAR(below[k], n * p, 5 * std::sqrt(n * p * (1 - p)) + 1) << "t = " << points[k];
  }
}

TEST(RandomMoments, ExponentialDurationKeepsTheMean) {
  RandomStream rng(3, 0, "m");
  double m = 100.0;  // ns; rounding to whole ns adds variance 1/12, negligible here
  checkMoments([&] { return double(rng.exponential(Duration{100}).count()); },
               {m, m * m + 1.0 / 12, 9 * std::pow(m, 4)});
}

TEST(RandomMoments, Normal) {
  RandomStream rng(3, 0, "m");
  checkMoments([&] { return rng.normal(10.0, 3.0); }, {10.0, 9.0, 3 * 81.0});
}

TEST(RandomMoments, Lognormal) {
  RandomStream rng(3, 0, "m");
  double mu = 0.2, s2 = 0.25;  // raw moments E[X^k] = exp(k mu + k^2 s2 / 2)
  auto raw = [&](int k) { return std::exp(k * mu + k * k * s2 / 2); };
  double mean = raw(1), var = raw(2) - mean * mean;
  checkMoments([&] { return rng.lognormal(mu, std::sqrt(s2)); },
               {mean, var, centralMu4(raw(1), raw(2), raw(3), raw(4))});
}

// Gamma(k, theta): mean k theta, variance k theta^2, mu4 = 3 k (k + 2) theta^4.
Moments gammaMoments(double k, double theta) {
  return {k * theta, k * theta * theta, 3 * k * (k + 2) * std::pow(theta, 4)};
}

TEST(RandomMoments, GammaShapeBelowOne) {
  RandomStream rng(3, 0, "m");
  checkMoments([&] { return rng.gamma(0.5, 2.0); }, gammaMoments(0.5, 2.0));
}

TEST(RandomMoments, GammaShapeAboveOne) {
  RandomStream rng(3, 0, "m");
  checkMoments([&] { return rng.gamma(3.0, 1.5); }, gammaMoments(3.0, 1.5));
}

TEST(RandomMoments, ErlangFourIsGammaFourWithAQuarterOfTheMean) {
  RandomStream rng(3, 0, "m");
  checkMoments([&] { return rng.erlang(4, 10.0); }, gammaMoments(4, 2.5));
}

TEST(RandomMoments, Pareto) {
  RandomStream rng(3, 0, "m");
  double xm = 2.0, alpha = 5.0;  // E[X^k] = alpha xm^k / (alpha - k) for alpha > k
  auto raw = [&](int k) { return alpha * std::pow(xm, k) / (alpha - k); };
  double mean = raw(1), var = raw(2) - mean * mean;
  checkMoments([&] { return rng.pareto(xm, alpha); },
               {mean, var, centralMu4(raw(1), raw(2), raw(3), raw(4))});
}

// --- Discrete draws: each cell's count within 5 binomial standard errors of n p.
void checkFrequencies(const std::map<std::int64_t, int>& counts,
                      const std::map<std::int64_t, double>& p, int n) {
  for (const auto& [value, probability] : p) {
    double expected = n * probability;
    double sd = std::sqrt(n * probability * (1 - probability));
    auto it = counts.find(value);
    int seen = it == counts.end() ? 0 : it->second;
    EXPECT_NEAR(seen, expected, 5 * sd) << "value " << value;
  }
  for (const auto& [value, count] : counts) EXPECT_TRUE(p.count(value)) << "unexpected " << value;
}

TEST(RandomDiscrete, UniformIntCoversTheClosedRangeEvenly) {
  RandomStream rng(3, 0, "d");
  std::map<std::int64_t, int> counts;
  const int n = 300'000;
  for (int i = 0; i < n; ++i) ++counts[rng.uniformInt(-3, 6)];
  std::map<std::int64_t, double> p;
  for (int v = -3; v <= 6; ++v) p[v] = 0.1;
  checkFrequencies(counts, p, n);
}

TEST(RandomDiscrete, UniformIntHandlesTheExtremes) {
  RandomStream rng(3, 0, "d");
  EXPECT_EQ(rng.uniformInt(5, 5), 5);
  bool negative = false, positive = false;
  for (int i = 0; i < 64; ++i) {
    std::int64_t x = rng.uniformInt(INT64_MIN, INT64_MAX);
    negative |= x < 0;
    positive |= x > 0;
  }
  EXPECT_TRUE(negative && positive);
  EXPECT_THROW(rng.uniformInt(2, 1), std::invalid_argument);
}

TEST(RandomDiscrete, IndexIsUnbiasedForAnAwkwardRange) {
  // n = 2^63 + 2^62 (three quarters of the 64-bit range): a plain `x % n` would return values
  // below 2^62 twice as often as the rest, i.e. 1/2 instead of 1/3 of the time.
  RandomStream rng(3, 0, "d");
  const std::uint64_t n = (std::uint64_t{1} << 63) + (std::uint64_t{1} << 62);
  const int draws = 300'000;
  int low = 0;
  for (int i = 0; i < draws; ++i) low += rng.index(n) < (std::uint64_t{1} << 62);
  double sd = std::sqrt(draws * (1.0 / 3) * (2.0 / 3));
  EXPECT_NEAR(low, draws / 3.0, 5 * sd);
}

TEST(RandomDiscrete, WeightedChoiceFollowsTheWeights) {
  RandomStream rng(3, 0, "d");
  std::array<double, 5> weights{1, 0, 2, 3, 4};
  WeightedChoice choice(weights);
  std::map<std::int64_t, int> counts;
  const int n = 400'000;
  for (int i = 0; i < n; ++i) ++counts[static_cast<std::int64_t>(choice.sample(rng))];
  checkFrequencies(counts, {{0, 0.1}, {2, 0.2}, {3, 0.3}, {4, 0.4}}, n);
  EXPECT_EQ(counts.count(1), 0u);  // zero weight: never drawn
}

TEST(RandomDiscrete, WeightedChoiceRejectsBadWeights) {
  std::array<double, 2> zeros{0, 0};
  std::array<double, 2> negative{1, -1};
  std::array<double, 2> nan{1, NAN};
  EXPECT_THROW(WeightedChoice{zeros}, std::invalid_argument);
  EXPECT_THROW(WeightedChoice{negative}, std::invalid_argument);
  EXPECT_THROW(WeightedChoice{nan}, std::invalid_argument);
}

TEST(RandomDiscrete, ShuffleMakesEveryPermutationEquallyLikely) {
  RandomStream rng(3, 0, "d");
  std::map<std::int64_t, int> counts;
  const int n = 120'000;
  for (int i = 0; i < n; ++i) {
    std::array<int, 3> items{0, 1, 2};
    rng.shuffle(std::span<int>(items));
    ++counts[items[0] * 100 + items[1] * 10 + items[2]];
  }
  std::map<std::int64_t, double> p;
  for (int perm : {12, 21, 102, 120, 201, 210}) p[perm] = 1.0 / 6;
  checkFrequencies(counts, p, n);
}

}  // namespace
}  // namespace kns::sim
