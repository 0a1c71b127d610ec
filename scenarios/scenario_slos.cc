#include "scenarios/scenario_slos.h"

#include <charconv>
#include <cmath>

#include "sim/time.h"

namespace kns::scenarios {
namespace {

// A bound's text in the metric's report unit, or nullopt with `error` saying what to write.
std::optional<double> parseBound(const std::string& text, reports::SloUnit unit,
                                 std::string* error) {
  switch (unit) {
    case reports::SloUnit::Duration: {
      try {
        sim::Duration bound = sim::parseDuration(text);
        if (bound < sim::Duration::zero()) {
          *error = "'" + text + "' is negative; a latency bound is 0s or more, e.g. '50ms'";
          return std::nullopt;
        }
        return static_cast<double>(bound.count()) / 1e6;  // ms
      } catch (const std::invalid_argument&) {
        *error = "'" + text + "' is not a duration; write e.g. '50ms' or '1.5s'";
        return std::nullopt;
      }
    }
    case reports::SloUnit::Rate:
      return parseRatePerSecond(text, error);
    default: {
      double value = 0;
      auto [next, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc{} || next != text.data() + text.size() || text.empty() || !(value >= 0) ||
          !std::isfinite(value)) {
        *error = "'" + text + "' is not a non-negative number, e.g. '0.001' or '0.9'";
        return std::nullopt;
      }
      return value;
    }
  }
}

std::string describe(const proto::Slo& slo) {
  std::string scope = valueOr(slo, "scope");
  return slo.metric() + " of " + scope +
         (slo.max().empty() ? " >= " + slo.min() : " <= " + slo.max());
}

}  // namespace

void validateSlos(const LoadedScenario& s, Diagnostics& diagnostics) {
  const proto::ScenarioSpec& spec = s.scenario.spec();
  // The field's own location, else its closest enclosing one (an absent scope: the SLO's).
  auto locate = [&s](const std::string& path) { return locateClosest(s, path); };
  for (int i = 0; i < spec.slos_size(); ++i) {
    const proto::Slo& slo = spec.slos(i);
    std::string path = "spec.slos[" + std::to_string(i) + "]";
    std::optional<reports::SloUnit> unit = reports::sloMetricUnit(slo.metric());
    if (!unit) {
      diagnostics.error(locate(path + ".metric"), path + ".metric",
                        (slo.metric().empty() ? std::string("missing")
                                              : "'" + slo.metric() + "' is not a metric") +
                            "; one of: " + reports::sloMetricNames());
    }
    if (slo.max().empty() == slo.min().empty()) {
      diagnostics.error(locate(path), path, "give exactly one of max or min");
    } else if (unit) {
      bool has_max = !slo.max().empty();
      std::string field = has_max ? "max" : "min";
      std::string error;
      if (!parseBound(field == "max" ? slo.max() : slo.min(), *unit, &error)) {
        diagnostics.error(locate(path + "." + field), path + "." + field, error);
      }
    }
    const std::string& scope = slo.scope();
    if (!reports::validSloScope(scope)) {
      diagnostics.error(locate(path + ".scope"), path + ".scope",
                        "'" + scope +
                            "' is not run, traffic/<name>, service/<name>[.<namespace>], "
                            "ingress/<name>[.<namespace>], pod/<name>, node/<name> or zone/<name>");
      continue;
    }
    std::string kind = scope.substr(0, scope.find('/'));
    std::string name = scope.substr(scope.find('/') + 1);
    if (kind == "traffic") {
      bool known = false;
      for (const proto::Traffic& t : spec.traffic()) known |= t.name() == name;
      if (!known) {
        diagnostics.error(locate(path + ".scope"), path + ".scope",
                          "no traffic source named '" + name + "'");
      }
    } else if (kind == "service") {
      std::string svc = name.substr(0, name.find('.'));
      std::string ns =
          name.find('.') == std::string::npos ? "default" : name.substr(name.find('.') + 1);
      bool known = false;
      for (const ServiceManifest& m : s.manifests.services) known |= m.name == svc && m.ns == ns;
      if (!known) {
        diagnostics.error(locate(path + ".scope"), path + ".scope",
                          "no Service '" + svc + "' in namespace '" + ns + "' among the manifests");
      }
    }
    if (kind == "ingress") {
      std::string ing = name.substr(0, name.find('.'));
      std::string ns =
          name.find('.') == std::string::npos ? "default" : name.substr(name.find('.') + 1);
      bool known = false;
      for (const IngressManifest& m : s.manifests.ingresses) known |= m.name == ing && m.ns == ns;
      if (!known) {
        diagnostics.error(locate(path + ".scope"), path + ".scope",
                          "no Ingress '" + ing + "' in namespace '" + ns + "' among the manifests");
      }
    }
    bool fair_scope = kind == "service" || kind == "ingress" || kind == "ingress-path";
    if (slo.metric().rfind("fairness.", 0) == 0 && !fair_scope) {
      diagnostics.error(locate(path + ".scope"), path + ".scope",
                        "fairness is measured over a Service's endpoints: use service/<name> or "
                        "ingress/<name>");
    }
  }
}

std::vector<reports::SloSpec> sloSpecs(const proto::ScenarioSpec& spec) {
  std::vector<reports::SloSpec> out;
  for (const proto::Slo& slo : spec.slos()) {
    reports::SloSpec s;
    s.text = describe(slo);
    s.metric = slo.metric();
    s.scope = valueOr(slo, "scope");
    s.is_max = !slo.max().empty();
    std::string error;
    auto unit = reports::sloMetricUnit(slo.metric());
    if (unit) s.threshold = parseBound(s.is_max ? slo.max() : slo.min(), *unit, &error).value_or(0);
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<reports::SloSpec> parseSloText(const std::string& text, std::string* error) {
  std::size_t op = text.find("<=");
  bool is_max = op != std::string::npos;
  if (!is_max) op = text.find(">=");
  if (op == std::string::npos) {
    *error = "'" + text + "' is not an SLO; write metric[@scope]<=bound or >=bound, e.g. " +
             "'latency.p99<=50ms' or 'fairness.jain@service/web>=0.9'";
    return std::nullopt;
  }
  reports::SloSpec slo;
  std::string left = text.substr(0, op);
  std::size_t at = left.find('@');
  slo.metric = left.substr(0, at);
  slo.scope = at == std::string::npos ? "run" : left.substr(at + 1);
  slo.is_max = is_max;
  std::string bound = text.substr(op + 2);
  slo.text = slo.metric + " of " + slo.scope + (is_max ? " <= " : " >= ") + bound;
  std::optional<reports::SloUnit> unit = reports::sloMetricUnit(slo.metric);
  if (!unit) {
    *error = "'" + slo.metric + "' is not a metric; one of: " + reports::sloMetricNames();
    return std::nullopt;
  }
  if (!reports::validSloScope(slo.scope)) {
    *error = "'" + slo.scope + "' is not run, traffic/<name>, service/<name>[.<namespace>], " +
             "pod/<name>, node/<name> or zone/<name>";
    return std::nullopt;
  }
  std::optional<double> threshold = parseBound(bound, *unit, error);
  if (!threshold) return std::nullopt;
  slo.threshold = *threshold;
  return slo;
}

}  // namespace kns::scenarios
