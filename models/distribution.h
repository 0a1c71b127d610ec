// Random durations with a named shape: container start-up times, service times, think times.
#pragma once

#include <string>
#include <vector>

#include "sim/random.h"
#include "sim/time.h"

namespace kns::models {

// A distribution of durations, sampled from an actor's named stream. Values are never negative.
struct DurationDistribution {
  enum class Kind { Constant, Exponential, Uniform, Lognormal, Erlang, Empirical };
  Kind kind = Kind::Constant;
  sim::Duration mean{0};  // Constant: the value. Exponential, Erlang, Lognormal: the mean.
  sim::Duration low{0};   // Uniform: [low, high].
  sim::Duration high{0};
  double sigma = 0.5;  // Lognormal: sigma of the underlying normal.
  int erlang_k = 2;    // Erlang: number of phases.
  // Empirical: quantiles at evenly spaced probabilities 0, 1/(n-1), ..., 1 (at least two,
  // non-decreasing); sampled by linear interpolation between them.
  std::vector<sim::Duration> quantiles;

  static DurationDistribution constant(sim::Duration value);
  static DurationDistribution exponential(sim::Duration mean);
  static DurationDistribution uniform(sim::Duration low, sim::Duration high);
  static DurationDistribution lognormal(sim::Duration mean, double sigma);
  static DurationDistribution erlang(int k, sim::Duration mean);
  static DurationDistribution empirical(std::vector<sim::Duration> quantiles);

  sim::Duration sample(sim::RandomStream& rng) const;
  // The distribution's mean (exact for every kind).
  sim::Duration expectedValue() const;
  // "exponential(mean 8ms)", for messages and reports.
  std::string str() const;
};

}  // namespace kns::models
