#include "reports/slo.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <utility>

namespace kns::reports {
namespace {

using Getter = std::function<double(const proto::Scope&)>;

struct Metric {
  const char* name;
  SloUnit unit;
  Getter get;
};

const std::vector<Metric>& metrics() {
  static const std::vector<Metric> all = {
      {"latency.p50", SloUnit::Duration,
       [](const proto::Scope& s) { return s.latency().p50_ms(); }},
      {"latency.p90", SloUnit::Duration,
       [](const proto::Scope& s) { return s.latency().p90_ms(); }},
      {"latency.p99", SloUnit::Duration,
       [](const proto::Scope& s) { return s.latency().p99_ms(); }},
      {"latency.p99.9", SloUnit::Duration,
       [](const proto::Scope& s) { return s.latency().p999_ms(); }},
      {"latency.max", SloUnit::Duration,
       [](const proto::Scope& s) { return s.latency().max_ms(); }},
      {"latency.mean", SloUnit::Duration,
       [](const proto::Scope& s) { return s.latency().mean_ms(); }},
      {"errors.ratio", SloUnit::Ratio, [](const proto::Scope& s) { return s.error_ratio(); }},
      {"errors.count", SloUnit::Count,
       [](const proto::Scope& s) { return static_cast<double>(s.errors()); }},
      {"requests", SloUnit::Count,
       [](const proto::Scope& s) { return static_cast<double>(s.requests()); }},
      {"retries", SloUnit::Count,
       [](const proto::Scope& s) { return static_cast<double>(s.retries()); }},
      {"throughput", SloUnit::Rate, [](const proto::Scope& s) { return s.rps(); }},
      {"fairness.jain", SloUnit::Ratio, [](const proto::Scope& s) { return s.fairness().jain(); }},
      {"fairness.cov", SloUnit::Ratio, [](const proto::Scope& s) { return s.fairness().cov(); }},
      {"fairness.maxOverMean", SloUnit::Ratio,
       [](const proto::Scope& s) { return s.fairness().max_over_mean(); }},
      {"fairness.meanWindowJain", SloUnit::Ratio,
       [](const proto::Scope& s) { return s.fairness().mean_window_jain(); }},
      {"fairness.minWindowJain", SloUnit::Ratio,
       [](const proto::Scope& s) { return s.fairness().min_window_jain(); }},
  };
  return all;
}

const Metric* findMetric(const std::string& name) {
  for (const Metric& m : metrics()) {
    if (name == m.name) return &m;
  }
  return nullptr;
}

// "service/web" -> (service, web.default); "run" -> (run, run).
std::pair<std::string, std::string> scopeKey(const std::string& scope) {
  if (scope.empty() || scope == "run") return {"run", "run"};
  std::size_t slash = scope.find('/');
  std::string kind = scope.substr(0, slash);
  std::string name = scope.substr(slash + 1);
  if ((kind == "service" || kind == "ingress") && name.find('.') == std::string::npos) {
    name += ".default";
  }
  return {kind, name};
}

std::string formatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string withUnit(double value, SloUnit unit) {
  switch (unit) {
    case SloUnit::Duration:
      return formatNumber(value) + "ms";
    case SloUnit::Rate:
      return formatNumber(value) + "/s";
    default:
      return formatNumber(value);
  }
}

}  // namespace

std::optional<SloUnit> sloMetricUnit(const std::string& metric) {
  const Metric* m = findMetric(metric);
  if (m == nullptr) return std::nullopt;
  return m->unit;
}

std::string sloMetricNames() {
  std::string names;
  for (const Metric& m : metrics()) names += (names.empty() ? "" : ", ") + std::string(m.name);
  return names;
}

bool validSloScope(const std::string& scope) {
  if (scope.empty() || scope == "run") return true;
  std::size_t slash = scope.find('/');
  if (slash == std::string::npos || slash + 1 == scope.size()) return false;
  std::string kind = scope.substr(0, slash);
  static const std::array<const char*, 7> kinds = {"traffic", "service", "ingress", "ingress-path",
                                                   "pod",     "node",    "zone"};
  return std::any_of(kinds.begin(), kinds.end(), [&](const char* k) { return kind == k; });
}

void evaluateSlos(proto::Report& report, const std::vector<SloSpec>& slos) {
  for (const SloSpec& slo : slos) {
    proto::SloVerdict* v = report.add_slos();
    v->set_slo(slo.text);
    v->set_metric(slo.metric);
    v->set_scope(slo.scope.empty() ? "run" : slo.scope);
    v->set_bound(slo.is_max ? "max" : "min");
    v->set_threshold(slo.threshold);
    const Metric* metric = findMetric(slo.metric);
    auto [kind, name] = scopeKey(slo.scope);
    const proto::Scope* scope = nullptr;
    for (const proto::Scope& s : report.scopes()) {
      if (s.kind() == kind && s.name() == name) scope = &s;
    }
    if (metric == nullptr || scope == nullptr) {
      v->set_passed(false);
      v->set_message(metric == nullptr ? "unknown metric '" + slo.metric + "'"
                                       : "no scope '" + v->scope() + "' in this run's report");
      continue;
    }
    double measured = metric->get(*scope);
    v->set_measured(measured);
    bool passed = slo.is_max ? measured <= slo.threshold : measured >= slo.threshold;
    v->set_passed(passed);
    if (!passed) {
      v->set_message("measured " + withUnit(measured, metric->unit) + ", " +
                     (slo.is_max ? "above the maximum " : "below the minimum ") +
                     withUnit(slo.threshold, metric->unit));
    }
  }
}

bool allSlosPassed(const proto::Report& report) {
  return std::all_of(report.slos().begin(), report.slos().end(),
                     [](const proto::SloVerdict& v) { return v.passed(); });
}

}  // namespace kns::reports
