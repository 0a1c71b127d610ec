// Turns what a Recorder collected into the Report message (the schema of report.json).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "reports/recorder.h"
#include "reports/report.pb.h"
#include "reports/slo.h"

namespace kns::reports {

struct RunMetadata {
  std::string scenario;
  std::string file;
  std::uint64_t seed = 1;
  std::uint64_t replication = 0;
  sim::Duration duration{0};
  sim::Time simulated{};  // how far the run got
  std::string fingerprint;
  std::uint64_t events = 0;
  bool interrupted = false;
  std::string stopped_by;  // "interrupt", a run error, or "" (see report.proto)
  std::vector<std::string> overrides;
  std::vector<std::pair<sim::Time, std::string>> timeline;  // marks for charts
};

// The kubenetsim version written into reports.
const char* kubenetsimVersion();

proto::Report buildReport(const Recorder& recorder, const RunMetadata& run,
                          const std::vector<SloSpec>& slos);

// Milliseconds rounded to 1 us, as every latency in the report.
double toMilliseconds(std::int64_t nanoseconds);

}  // namespace kns::reports
