// Service level objectives: a bound on one metric of one scope of the report, with a verdict.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reports/report.pb.h"  // generated from reports/proto/report.proto

namespace kns::reports {

// How an SLO's bound is written, and in which unit the report holds the metric.
enum class SloUnit {
  Duration,  // latency.*: written "50ms", held in milliseconds
  Ratio,     // errors.ratio, fairness.*: a plain number
  Count,     // requests, errors.count, retries: a whole number
  Rate,      // throughput: written "100/s", held in requests per second
};

struct SloSpec {
  std::string text;           // as the user wrote it, for messages
  std::string metric;         // latency.p99, errors.ratio, fairness.jain, ...
  std::string scope = "run";  // run, traffic/<name>, service/<name>[.<ns>], pod/, node/, zone/
  bool is_max = true;         // max: measured <= threshold passes; min: measured >= threshold
  double threshold = 0;       // in the report's unit (ms for latency, requests/s for throughput)
};

// The unit of a metric, or nullopt if there is no such metric.
std::optional<SloUnit> sloMetricUnit(const std::string& metric);
// "latency.p50, latency.p90, ..." for error messages.
std::string sloMetricNames();
// Whether `scope` has a valid form (the name itself is checked when the report exists).
bool validSloScope(const std::string& scope);

// Appends a verdict per SLO to report.slos, measured on the report's own numbers.
void evaluateSlos(proto::Report& report, const std::vector<SloSpec>& slos);
// True when every verdict passed.
bool allSlosPassed(const proto::Report& report);

}  // namespace kns::reports
