// What a sweep runs: the cross product of varied field values, each with R replications, in a
// fixed order, so any machine can run any subset (a shard) and the parts merge exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kns::scenarios {

// The most runs one sweep may hold (and so the most shards): a plan beyond it is refused, so
// neither a typo in --vary nor a tampered sweep-plan.txt or shard.txt can ask for 10^11 of them.
inline constexpr std::size_t kMaxSweepRuns = 100000;

// One varied field: "spec.traffic[0].arrivals.rate=1000/s,2000/s" or a range
// "spec.timeline[0].replicas=2..8:2" (numbers with one optional common unit: "100ms..300ms:50ms").
struct VarySpec {
  std::string path;
  std::vector<std::string> values;
};
std::optional<VarySpec> parseVary(const std::string& text, std::string* error);

struct SweepPlan {
  std::string scenario;                // the scenario file
  std::vector<std::string> overrides;  // --set, applied to every run
  std::vector<VarySpec> vary;
  std::uint64_t replications = 1;
  std::string find_min;           // a varied path to minimise, or empty
  std::vector<std::string> slos;  // --slo texts; empty: the scenario's own SLOs

  // The cross product's size and the number of runs, both saturating at SIZE_MAX instead of
  // wrapping around.
  std::size_t points() const;
  std::size_t runs() const;
  // Run i is point i / replications (the first --vary changes slowest) and replication
  // i % replications: every configuration's replications are consecutive.
  std::size_t pointOf(std::size_t run) const { return run / replications; }
  std::uint64_t replicationOf(std::size_t run) const { return run % replications; }
  std::vector<std::string> valuesOf(std::size_t point) const;
  // The overrides of a run: --set first, then the varied values.
  std::vector<std::string> assignments(std::size_t run) const;
  // A canonical description (sweep-plan.txt): shards of one sweep must have equal plans.
  std::string describe() const;
};

// Reads sweep-plan.txt back (SweepPlan::describe's output).
std::optional<SweepPlan> parseSweepPlan(const std::string& text, std::string* error);

// "2/5" -> shard index 1 of 5 (0-based); nullopt unless 1 <= i <= N <= kMaxSweepRuns.
std::optional<std::pair<std::size_t, std::size_t>> parseShard(const std::string& text);

}  // namespace kns::scenarios
