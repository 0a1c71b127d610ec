// The terminal summary of a report: a table per traffic source and Service, then SLO verdicts.
#pragma once

#include <string>

#include "reports/report.pb.h"

namespace kns::reports {

// Fixed-width text, as kubectl prints tables: NAME, REQUESTS, RPS, P50, P99, ERRORS, FAIRNESS.
std::string summaryTable(const proto::Report& report);
// One line per SLO: "PASS latency.p99 of run <= 50ms (measured 12.4ms)".
std::string sloLines(const proto::Report& report);

}  // namespace kns::reports
