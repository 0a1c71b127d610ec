#include "reports/report_files.h"

#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <cstdlib>

#include "reports/text_format.h"

namespace kns::reports {

std::string reportJson(const proto::Report& report) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(report, &json, options);
  if (!status.ok()) return "{}\n";  // cannot happen for a well-formed message
  return json;
}

bool parseReportJson(const std::string& json, proto::Report& report, std::string* error) {
  google::protobuf::util::JsonParseOptions options;
  auto status = google::protobuf::util::JsonStringToMessage(json, &report, options);
  if (!status.ok() && error != nullptr) *error = std::string(status.message());
  return status.ok();
}

std::string timeseriesCsv(const proto::Report& report) {
  std::string csv =
      "window_start_s,scope_kind,scope,requests,errors,rps,p50_ms,p90_ms,p99_ms,max_ms,jain\n";
  for (const proto::Scope& scope : report.scopes()) {
    for (const proto::Window& w : scope.windows()) {
      csv += shortestNumber(w.start_s()) + "," + scope.kind() + "," + csvField(scope.name()) + "," +
             std::to_string(w.requests()) + "," + std::to_string(w.errors()) + "," +
             shortestNumber(w.rps()) + "," + shortestNumber(w.p50_ms()) + "," +
             shortestNumber(w.p90_ms()) + "," + shortestNumber(w.p99_ms()) + "," +
             shortestNumber(w.max_ms()) + "," +
             (w.jain() < 0 ? std::string() : shortestNumber(w.jain())) + "\n";
    }
  }
  return csv;
}

}  // namespace kns::reports
