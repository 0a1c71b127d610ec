// Sampling of duration distributions.
#include "models/distribution.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kns::models {
namespace {

// Samples are clamped to 10^18 ns (about 31 years): a heavy tail never overflows the clock.
sim::Duration fromNanos(double ns) {
  if (!(ns > 0)) return sim::Duration::zero();  // NaN too
  return sim::Duration{static_cast<std::int64_t>(std::min(ns, 1e18) + 0.5)};
}

}  // namespace

DurationDistribution DurationDistribution::constant(sim::Duration value) {
  DurationDistribution d;
  d.kind = Kind::Constant;
  d.mean = value;
  return d;
}

DurationDistribution DurationDistribution::exponential(sim::Duration mean) {
  DurationDistribution d;
  d.kind = Kind::Exponential;
  d.mean = mean;
  return d;
}

DurationDistribution DurationDistribution::uniform(sim::Duration low, sim::Duration high) {
  if (high < low) throw std::invalid_argument("uniform: high < low");
  DurationDistribution d;
  d.kind = Kind::Uniform;
  d.low = low;
  d.high = high;
  return d;
}

DurationDistribution DurationDistribution::lognormal(sim::Duration mean, double sigma) {
  DurationDistribution d;
  d.kind = Kind::Lognormal;
  d.mean = mean;
  d.sigma = sigma;
  return d;
}

DurationDistribution DurationDistribution::erlang(int k, sim::Duration mean) {
  if (k < 1) throw std::invalid_argument("erlang: k >= 1");
  DurationDistribution d;
  d.kind = Kind::Erlang;
  d.erlang_k = k;
  d.mean = mean;
  return d;
}

DurationDistribution DurationDistribution::empirical(std::vector<sim::Duration> quantiles) {
  if (quantiles.size() < 2 || !std::is_sorted(quantiles.begin(), quantiles.end())) {
    throw std::invalid_argument("empirical: at least two non-decreasing quantiles");
  }
  DurationDistribution d;
  d.kind = Kind::Empirical;
  d.quantiles = std::move(quantiles);
  return d;
}

sim::Duration DurationDistribution::sample(sim::RandomStream& rng) const {
  auto ns = [](sim::Duration d) { return static_cast<double>(d.count()); };
  switch (kind) {
    case Kind::Constant:
      return mean;
    case Kind::Exponential:
      return fromNanos(rng.exponential(ns(mean)));
    case Kind::Uniform:
      return low + sim::Duration{rng.uniformInt(0, (high - low).count())};
    case Kind::Lognormal: {
      // mu chosen so that the mean is `mean`: E = exp(mu + sigma^2 / 2).
      double mu = std::log(ns(mean)) - sigma * sigma / 2;
      return fromNanos(rng.lognormal(mu, sigma));
    }
    case Kind::Erlang:
      return fromNanos(rng.erlang(erlang_k, ns(mean)));
    case Kind::Empirical: {
      double position = rng.uniform01() * static_cast<double>(quantiles.size() - 1);
      auto i = static_cast<std::size_t>(position);
      if (i + 1 >= quantiles.size()) return quantiles.back();
      double fraction = position - static_cast<double>(i);
      return fromNanos(ns(quantiles[i]) + fraction * (ns(quantiles[i + 1]) - ns(quantiles[i])));
    }
  }
  return mean;
}

sim::Duration DurationDistribution::expectedValue() const {
  switch (kind) {
    case Kind::Uniform:
      return low + (high - low) / 2;
    case Kind::Empirical: {
      // The mean of piecewise-linear interpolation: average of segment midpoints.
      double total = 0;
      for (std::size_t i = 0; i + 1 < quantiles.size(); ++i) {
        total += static_cast<double>((quantiles[i] + quantiles[i + 1]).count()) / 2;
      }
      return fromNanos(total / static_cast<double>(quantiles.size() - 1));
    }
    default:
      return mean;
  }
}

std::string DurationDistribution::str() const {
  switch (kind) {
    case Kind::Constant:
      return sim::formatDuration(mean);
    case Kind::Exponential:
      return "exponential(mean " + sim::formatDuration(mean) + ")";
    case Kind::Uniform:
      return "uniform(" + sim::formatDuration(low) + ", " + sim::formatDuration(high) + ")";
    case Kind::Lognormal:
      return "lognormal(mean " + sim::formatDuration(mean) + ", sigma " + std::to_string(sigma) +
             ")";
    case Kind::Erlang:
      return "erlang(k " + std::to_string(erlang_k) + ", mean " + sim::formatDuration(mean) + ")";
    case Kind::Empirical:
      return "empirical(" + std::to_string(quantiles.size()) + " quantiles)";
  }
  return "?";
}

}  // namespace kns::models
