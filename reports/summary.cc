#include "reports/summary.h"

#include <fmt/format.h>

#include <vector>

#include "reports/text_table.h"

namespace kns::reports {
namespace {

std::string milliseconds(double ms) {
  if (ms >= 1000) return fmt::format("{:.2f}s", ms / 1000);
  if (ms >= 1) return fmt::format("{:.2f}ms", ms);
  return fmt::format("{:.0f}us", ms * 1000);
}

std::string errors(const proto::Scope& s) {
  if (s.errors() == 0) return "0";
  return fmt::format("{} ({:.2f}%)", s.errors(), 100 * s.error_ratio());
}

}  // namespace

std::string summaryTable(const proto::Report& report) {
  TextTable table({"NAME", "REQUESTS", "RPS", "P50", "P99", "ERRORS", "FAIRNESS"});
  for (const proto::Scope& s : report.scopes()) {
    bool fair_scope = s.kind() == "service" || s.kind() == "ingress" || s.kind() == "ingress-path";
    if (s.kind() != "run" && s.kind() != "traffic" && !fair_scope) continue;
    if (s.kind() != "run" && s.requests() == 0) continue;
    std::string name = s.kind() == "run" ? "(all requests)" : s.kind() + "/" + s.name();
    std::string fairness = "-";
    if (fair_scope && s.fairness().endpoints() > 0) {
      fairness = fmt::format("jain {:.3f} over {}", s.fairness().jain(), s.fairness().endpoints());
    }
    table.add({name, std::to_string(s.requests()), fmt::format("{:.1f}", s.rps()),
               milliseconds(s.latency().p50_ms()), milliseconds(s.latency().p99_ms()), errors(s),
               fairness});
  }
  std::string out = table.str();
  for (const proto::Scope& s : report.scopes()) {
    if (s.kind() != "traffic" || !s.has_not_sent()) continue;
    out += fmt::format("traffic/{}: {} requests not sent: no client pod was running\n", s.name(),
                       s.not_sent());
  }
  return out;
}

std::string sloLines(const proto::Report& report) {
  std::string out;
  for (const proto::SloVerdict& v : report.slos()) {
    std::string measured = v.metric().rfind("latency.", 0) == 0
                               ? milliseconds(v.measured())
                               : fmt::format("{:.6g}", v.measured());
    out += fmt::format("{} {}", v.passed() ? "PASS" : "FAIL", v.slo());
    if (v.message().empty()) {
      out += " (measured " + measured + ")\n";
    } else {
      out += ": " + v.message() + "\n";
    }
  }
  return out;
}

}  // namespace kns::reports
