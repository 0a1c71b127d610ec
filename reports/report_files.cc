#include "reports/report_files.h"

#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <cstdlib>

namespace kns::reports {
namespace {

// Shortest text that reads back as the same double ("%.17g" is not shortest; protobuf's JSON
// printer already is, and CSV uses the same form).
std::string number(double value) {
  char text[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(text, sizeof text, "%.*g", precision, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

// A CSV field: quoted when it holds a comma, quote or line break.
std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

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
      csv += number(w.start_s()) + "," + scope.kind() + "," + csvField(scope.name()) + "," +
             std::to_string(w.requests()) + "," + std::to_string(w.errors()) + "," +
             number(w.rps()) + "," + number(w.p50_ms()) + "," + number(w.p90_ms()) + "," +
             number(w.p99_ms()) + "," + number(w.max_ms()) + "," +
             (w.jain() < 0 ? std::string() : number(w.jain())) + "\n";
    }
  }
  return csv;
}

}  // namespace kns::reports
