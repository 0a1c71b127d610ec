// Turns loaded Kubernetes manifests into objects of a running World.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "models/world.h"
#include "scenarios/diagnostics.h"
#include "scenarios/manifests/manifests.h"

namespace kns::scenarios {

// What was created, by "namespace/name".
struct AppliedManifests {
  std::map<std::string, models::WorkloadId> workloads;
  std::map<std::string, models::ServiceId> services;
  std::map<std::string, models::PodId> bare_pods;
};

// Creates the workloads (Deployment, StatefulSet; ReplicaSet and ReplicationController as
// ReplicaSets; bare Pods), then the Services, as `kubectl apply` would. Named targetPorts are
// resolved against the containerPorts of the pods each Service selects. Conflicts the API
// server would refuse (duplicate names, a taken clusterIP or nodePort) are errors at the
// object's location. Ingresses go to the ingress controllers (apply_ingresses.h); autoscalers
// are not applied yet (a notice says so).
// `customize`, if given, adjusts every pod template before use (what the scenario's
// `workloads` say about start-up and shutdown).
using PodCustomizer = std::function<void(models::PodTemplate&)>;

// The models' view of one manifest object (also for objects applied during a run).
models::PodTemplate podTemplateOf(const WorkloadManifest& workload);
models::ServiceSpec serviceSpecOf(const ServiceManifest& service, const Manifests& manifests,
                                  Diagnostics& diagnostics);
AppliedManifests applyManifests(models::World& world, const Manifests& manifests,
                                Diagnostics& diagnostics, const PodCustomizer& customize = {});

}  // namespace kns::scenarios
