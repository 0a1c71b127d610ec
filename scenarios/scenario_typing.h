// A validated scenario's sections turned into typed values (typed_scenario.h), one function per
// section. Each may assume the loader's checks passed: a value they cannot read is a bug of the
// checks, reported as std::logic_error.
#pragma once

#include <google/protobuf/message.h>

#include "models/distribution.h"
#include "scenarios/scenario_loader.h"
#include "scenarios/scenario_slos.h"
#include "scenarios/typed_scenario.h"

namespace kns::scenarios {

// seed, duration, cluster (nodes, network, control plane, kube-proxy), workloads and ingress
// controllers (type_cluster.cc).
void typeCluster(const LoadedScenario& scenario, TypedScenario& typed);
// spec.traffic (type_traffic.cc); needs typed.duration.
void typeTraffic(const LoadedScenario& scenario, TypedScenario& typed);
// spec.timeline (type_timeline.cc); spec.slos are typed by scenario_slos.cc.
void typeTimeline(const LoadedScenario& scenario, TypedScenario& typed);

inline TypedScenario typeScenario(const LoadedScenario& scenario) {
  TypedScenario typed;
  typeCluster(scenario, typed);
  typeTraffic(scenario, typed);
  typeTimeline(scenario, typed);
  typed.slos = sloSpecs(scenario.scenario.spec());
  return typed;
}

// A duration field, or its schema default.
sim::Duration durationOr(const google::protobuf::Message& message, const char* field_name);
// A serviceTime or thinkTime block as a distribution.
models::DurationDistribution distributionOf(const proto::ServiceTime& time);
// A list entry's path and place, for errors found when the simulation is built.
SourceLocation placeOf(const LoadedScenario& scenario, const std::string& path);

}  // namespace kns::scenarios
