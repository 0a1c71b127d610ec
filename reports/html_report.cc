#include "reports/html_report.h"

#include <fmt/format.h>

#include <map>

#include "reports/summary.h"
#include "reports/svg_chart.h"

namespace kns::reports {
namespace {

constexpr const char* kStyle = R"(
body { font-family: sans-serif; margin: 24px auto; max-width: 920px; color: #222; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; }
.meta { color: #555; font-size: 13px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: right; white-space: nowrap; }
td:first-child { white-space: normal; }
th:first-child, td:first-child { text-align: left; }
.pass { color: #1a7f37; font-weight: bold; } .fail { color: #c62828; font-weight: bold; }
.banner { background: #fff3cd; border: 1px solid #e0b000; padding: 8px 12px; margin: 12px 0; }
svg { display: block; margin: 8px 0; max-width: 100%; height: auto; }
)";

std::string ms(double value) {
  if (value >= 1000) return fmt::format("{:.2f} s", value / 1000);
  return fmt::format("{:.2f} ms", value);
}

// Timeline events as chart marks.
std::vector<ChartMark> marksOf(const proto::Report& report) {
  std::vector<ChartMark> marks;
  for (const proto::TimelineMark& m : report.timeline()) marks.push_back({m.at_s(), m.event()});
  return marks;
}

std::string latencyChart(const proto::Scope& scope, const proto::Report& report,
                         const std::string& title) {
  LineChart chart;
  chart.title = title;
  chart.x_label = "simulated time (s)";
  chart.y_label = "latency (ms, log scale)";
  chart.y_log = true;
  chart.x_max = report.run().duration_s();
  chart.marks = marksOf(report);
  LineSeries p50{"p50", "#3b75af", {}}, p90{"p90", "#e1812c", {}}, p99{"p99", "#c62828", {}};
  for (const proto::Window& w : scope.windows()) {
    if (w.requests() == 0) continue;
    p50.points.emplace_back(w.start_s(), w.p50_ms());
    p90.points.emplace_back(w.start_s(), w.p90_ms());
    p99.points.emplace_back(w.start_s(), w.p99_ms());
  }
  chart.series = {p50, p90, p99};
  return renderSvg(chart);
}

std::string errorsChart(const proto::Scope& scope, const proto::Report& report) {
  LineChart chart;
  chart.title = "Errors and requests per window";
  chart.x_label = "simulated time (s)";
  chart.y_label = "requests per window";
  chart.x_max = report.run().duration_s();
  chart.marks = marksOf(report);
  LineSeries requests{"requests", "#3b75af", {}}, errors{"errors", "#c62828", {}};
  for (const proto::Window& w : scope.windows()) {
    requests.points.emplace_back(w.start_s(), static_cast<double>(w.requests()));
    errors.points.emplace_back(w.start_s(), static_cast<double>(w.errors()));
  }
  chart.series = {requests, errors};
  return renderSvg(chart);
}

std::string causesChart(const proto::Scope& scope) {
  BarChart chart;
  chart.title = "Errors by cause";
  chart.y_label = "requests";
  for (const proto::ErrorCount& e : scope.errors_by_cause()) {
    chart.bars.push_back({e.cause(), static_cast<double>(e.count()), "#c62828", ""});
  }
  return renderSvg(chart, 880, 240);
}

std::string loadChart(const proto::Scope& service, const std::string& title) {
  BarChart chart;
  const proto::Fairness& f = service.fairness();
  chart.title = fmt::format("{}{}: Jain's index {:.3f} over {} endpoints", title, service.name(),
                            f.jain(), f.endpoints());
  chart.y_label = "requests";
  double total = 0;
  for (const proto::EndpointLoad& e : service.endpoints()) {
    chart.bars.push_back({e.pod(), static_cast<double>(e.requests()),
                          e.gone() ? "#9e9e9e" : "#3b75af",
                          e.ip() + (e.gone() ? ", deleted before the end" : "")});
    total += static_cast<double>(e.requests());
  }
  if (f.endpoints() > 0) {
    chart.reference = total / f.endpoints();
    chart.reference_label = "mean per endpoint (grey bars: pods deleted during the run)";
  }
  return renderSvg(chart);
}

std::string fairnessChart(const proto::Scope& service, const proto::Report& report) {
  LineChart chart;
  chart.title = "Jain's index per window over the endpoints of " + service.name();
  chart.x_label = "simulated time (s)";
  chart.y_label = "Jain's index";
  chart.marks = marksOf(report);
  chart.y_min = 0;
  chart.y_max = 1;
  chart.x_max = report.run().duration_s();
  LineSeries jain{"jain", "#2e7d32", {}};
  for (const proto::Window& w : service.windows()) {
    if (w.jain() >= 0 && w.requests() > 0) jain.points.emplace_back(w.start_s(), w.jain());
  }
  chart.series = {jain};
  return renderSvg(chart, 880, 220);
}

std::string scopeTable(const proto::Report& report) {
  std::string html =
      "<table><tr><th>scope</th><th>requests</th><th>rps</th><th>p50</th><th>p90</th>"
      "<th>p99</th><th>max</th><th>errors</th><th>fairness (Jain)</th></tr>\n";
  for (const proto::Scope& s : report.scopes()) {
    if (s.kind() == "pod" || s.kind() == "node" || s.kind() == "zone") continue;
    if (s.kind() != "run" && s.requests() == 0) continue;  // e.g. a controller's own Service
    html += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{:.1f}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{} ({:.2f}%)</td><td>{}</td></tr>\n",
        escapeXml(s.kind() == "run" ? "all requests" : s.kind() + "/" + s.name()), s.requests(),
        s.rps(), ms(s.latency().p50_ms()), ms(s.latency().p90_ms()), ms(s.latency().p99_ms()),
        ms(s.latency().max_ms()), s.errors(), 100 * s.error_ratio(),
        s.fairness().endpoints() > 0 ? fmt::format("{:.3f}", s.fairness().jain()) : "-");
  }
  return html + "</table>\n";
}

std::string breakdownTable(const proto::Report& report, const std::string& kind,
                           const std::string& heading) {
  std::string rows;
  for (const proto::Scope& s : report.scopes()) {
    if (s.kind() != kind) continue;
    rows += fmt::format(
        "<tr><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        escapeXml(s.name()), s.gone() ? " (deleted)" : "",
        escapeXml(s.ip().empty() ? s.node() : s.ip()), s.requests(), ms(s.latency().p50_ms()),
        ms(s.latency().p99_ms()), s.errors());
  }
  if (rows.empty()) return "";
  return fmt::format(
      "<h2>{}</h2>\n<table><tr><th>name</th><th>{}</th><th>requests</th><th>p50</th><th>p99</th>"
      "<th>errors</th></tr>\n{}</table>\n",
      heading, kind == "pod" ? "IP" : "", rows);
}

}  // namespace

std::string htmlReport(const proto::Report& report) {
  const proto::RunInfo& run = report.run();
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>kubenetsim report: {0}</title>\n<style>{1}</style>\n</head>\n<body>\n"
      "<h1>kubenetsim report: {0}</h1>\n<p class=\"meta\">{2} &middot; seed {3} &middot; "
      "{4:.3f} s of {5:.3f} s simulated &middot; {6} events &middot; fingerprint {7} &middot; "
      "kubenetsim {8}</p>\n",
      escapeXml(run.scenario()), kStyle, escapeXml(run.file()), run.seed(), run.simulated_s(),
      run.duration_s(), run.events(), escapeXml(run.fingerprint()), escapeXml(run.version()));
  if (run.interrupted()) {
    html +=
        "<div class=\"banner\">This run was interrupted: the report covers only the "
        "simulated time reached.</div>\n";
  }
  if (report.slos_size() > 0) {
    html +=
        "<h2>Service level objectives</h2>\n<table><tr><th>objective</th><th>measured</th>"
        "<th>verdict</th></tr>\n";
    for (const proto::SloVerdict& v : report.slos()) {
      html += fmt::format("<tr><td>{}</td><td>{:.6g}</td><td class=\"{}\">{}</td></tr>\n",
                          escapeXml(v.slo()), v.measured(), v.passed() ? "pass" : "fail",
                          v.passed() ? "PASS" : "FAIL: " + escapeXml(v.message()));
    }
    html += "</table>\n";
  }
  html += "<h2>Summary</h2>\n" + scopeTable(report);
  const proto::Scope* whole = nullptr;
  for (const proto::Scope& s : report.scopes()) {
    if (s.kind() == "run") whole = &s;
  }
  if (whole != nullptr) {
    html += "<h2>Latency over time</h2>\n" +
            latencyChart(*whole, report, "Latency percentiles of all requests per window");
    for (const proto::Scope& s : report.scopes()) {
      if (s.kind() == "traffic" && report.scopes_size() > 0 && s.requests() > 0 &&
          s.requests() != whole->requests()) {
        html += latencyChart(s, report, "Latency percentiles of traffic " + s.name());
      }
    }
    html += "<h2>Errors</h2>\n" + errorsChart(*whole, report);
    if (whole->errors_by_cause_size() > 0) html += causesChart(*whole);
  }
  html += "<h2>Load balancing</h2>\n";
  for (const proto::Scope& s : report.scopes()) {
    if (s.kind() == "ingress" && s.requests() > 0 && s.endpoints_size() > 0) {
      html += loadChart(s, "Requests per pod through Ingress ");
    }
  }
  for (const proto::Scope& s : report.scopes()) {
    if (s.kind() != "service" || s.requests() == 0) continue;
    html += loadChart(s, "Requests per endpoint of ") + fairnessChart(s, report);
    html += fmt::format(
        "<p class=\"meta\">Coefficient of variation {:.3f}, busiest endpoint {:.2f}&times; the "
        "mean, mean window Jain {:.3f} (least fair window {:.3f}). Endpoint changes reached "
        "kube-proxies in p50 {} / max {}.</p>\n",
        s.fairness().cov(), s.fairness().max_over_mean(), s.fairness().mean_window_jain(),
        s.fairness().min_window_jain(), ms(s.endpoint_propagation().p50_ms()),
        ms(s.endpoint_propagation().max_ms()));
  }
  html += breakdownTable(report, "pod", "Pods (also those deleted during the run)");
  html += breakdownTable(report, "node", "Nodes");
  html += breakdownTable(report, "zone", "Zones");
  const proto::ClusterCounts& c = report.cluster();
  html += fmt::format(
      "<h2>Cluster</h2>\n<p class=\"meta\">{} pods created, {} became ready, {} deleted; {} "
      "scheduling failures; {} node failures; {} EndpointSlice versions written, {} kube-proxy "
      "syncs.</p>\n",
      c.pods_created(), c.pods_ready(), c.pods_deleted(), c.scheduling_failures(),
      c.node_failures(), c.endpoint_versions(), c.proxy_syncs());
  return html + "</body>\n</html>\n";
}

}  // namespace kns::reports
