#include "reports/report_files.h"

#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <cstdlib>

#include "reports/text_format.h"

namespace kns::reports {

namespace {

std::string messageJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) return "{}\n";  // cannot happen for a well-formed message
  return json;
}

// Appends `json` (one message as messageJson prints it) indented by `indent` spaces, without
// its final newline.
void appendIndented(std::string& out, const std::string& json, const std::string& indent) {
  std::size_t end = json.size();
  while (end > 0 && json[end - 1] == '\n') --end;
  for (std::size_t start = 0; start < end;) {
    std::size_t line_end = json.find('\n', start);
    if (line_end == std::string::npos || line_end > end) line_end = end;
    out += indent;
    out.append(json, start, line_end - start);
    if (line_end < end) out += '\n';
    start = line_end + 1;
  }
}

}  // namespace

// protobuf's JSON printer builds a tree of the whole message before writing it (its
// DefaultValueObjectWriter), hundreds of bytes a field: for a cluster of thousands of Services
// and pods that tree took ten times the report's size. So the scopes are printed one at a time
// and spliced into the rest, byte for byte what printing the whole message gives.
std::string reportJson(const proto::Report& report) {
  proto::Report shell;
  if (report.has_run()) *shell.mutable_run() = report.run();  // an unset message prints nothing
  *shell.mutable_slos() = report.slos();
  *shell.mutable_timeline() = report.timeline();
  if (report.has_cluster()) *shell.mutable_cluster() = report.cluster();
  std::string head = messageJson(shell);
  const std::string empty_scopes = "\n \"scopes\": [],\n";
  std::size_t at = head.find(empty_scopes);
  if (report.scopes().empty() || at == std::string::npos) return messageJson(report);
  std::string out;
  out.reserve(head.size() + report.scopes_size() * std::size_t{4096});
  out.append(head, 0, at);
  out += "\n \"scopes\": [\n";
  for (int i = 0; i < report.scopes_size(); ++i) {
    appendIndented(out, messageJson(report.scopes(i)), "  ");
    out += i + 1 < report.scopes_size() ? ",\n" : "\n";
  }
  out += " ],\n";
  out.append(head, at + empty_scopes.size(), std::string::npos);
  return out;
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
