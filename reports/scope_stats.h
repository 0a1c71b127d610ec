// What is counted for one scope (the run, a traffic source, a Service, a pod, a node, a zone).
#pragma once

#include <array>
#include <cstdint>

#include "models/traffic/request.h"
#include "reports/histogram.h"
#include "sim/time.h"

namespace kns::reports {

struct ScopeStats {
  std::uint64_t requests = 0;
  std::array<std::uint64_t, models::kRequestOutcomeCount> outcomes{};
  std::uint64_t retries = 0;   // attempts that failed and were tried again
  std::uint64_t not_sent = 0;  // due when no client pod ran (from: pods/...), so never sent
  LatencyHistogram latency;    // nanoseconds, every outcome: what the client waited
  sim::Time first_start = sim::Time::max();
  sim::Time last_end = sim::Time::min();

  void add(models::RequestOutcome outcome, sim::Time start, sim::Time end) {
    ++requests;
    ++outcomes[static_cast<std::size_t>(outcome)];
    latency.add((end - start).count());
    first_start = std::min(first_start, start);
    last_end = std::max(last_end, end);
  }
  std::uint64_t ok() const { return outcomes[0]; }
  std::uint64_t errors() const { return requests - ok(); }
};

// One window of a time series: a few numbers, the histogram is not kept.
struct WindowStats {
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;
  std::int64_t p50 = 0, p90 = 0, p99 = 0, max = 0;  // nanoseconds
  double jain = -1;                                 // Services: fairness in the window; -1 none

  static WindowStats of(const ScopeStats& s) {
    WindowStats w;
    w.requests = s.requests;
    w.errors = s.errors();
    w.p50 = s.latency.quantile(0.5);
    w.p90 = s.latency.quantile(0.9);
    w.p99 = s.latency.quantile(0.99);
    w.max = s.latency.max();
    return w;
  }
};

}  // namespace kns::reports
