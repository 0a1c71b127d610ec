// The text forms of a Report: report.json and timeseries.csv.
#pragma once

#include <string>

#include "reports/report.pb.h"

namespace kns::reports {

// Protobuf's JSON mapping, two-space indented, every field present (zeros too), in the schema's
// field order: the same run gives the same bytes.
std::string reportJson(const proto::Report& report);
// Reads report.json back; false with `error` set when it is not one.
bool parseReportJson(const std::string& json, proto::Report& report, std::string* error);

// One row per window and scope (run, traffic, service):
// window_start_s,scope_kind,scope,requests,errors,rps,p50_ms,p90_ms,p99_ms,max_ms,jain
std::string timeseriesCsv(const proto::Report& report);

}  // namespace kns::reports
