// The scenario's `slos` section: checked when the scenario loads, handed to reports to judge.
#pragma once

#include <vector>

#include "reports/slo.h"
#include "scenarios/scenario_loader.h"

namespace kns::scenarios {

// Every SLO names a known metric, a scope of a valid form that exists in the scenario (a traffic
// source, a Service of the manifests), and exactly one bound in the metric's unit.
void validateSlos(const LoadedScenario& scenario, Diagnostics& diagnostics);

// The SLOs of a validated scenario, bounds in the report's units.
std::vector<reports::SloSpec> sloSpecs(const proto::ScenarioSpec& spec);

// An SLO written on the command line: "latency.p99<=50ms", "errors.ratio<=0.001",
// "fairness.jain@service/web>=0.9" (metric, optional @scope, <= or >=, bound with its unit).
std::optional<reports::SloSpec> parseSloText(const std::string& text, std::string* error);

}  // namespace kns::scenarios
