// Deployments, ReplicaSets and StatefulSets: what keeps a number of pods alive.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/cluster/pod.h"
#include "models/ids.h"
#include "models/labels.h"

namespace kns::models {

// An int-or-percent field such as maxSurge: "25%" or 3.
struct IntOrPercent {
  int value = 0;
  bool percent = false;

  static IntOrPercent count(int n) { return {n, false}; }
  static IntOrPercent percentage(int p) { return {p, true}; }
  // Resolves against `total` the way the deployment controller does: percentages round up for
  // maxSurge and down for maxUnavailable.
  int resolve(int total, bool round_up) const;
};

enum class WorkloadKind { Deployment, ReplicaSet, StatefulSet };

struct WorkloadSpec {
  WorkloadKind kind = WorkloadKind::Deployment;
  std::string name;
  std::string ns = "default";
  int replicas = 1;
  LabelSelector selector;
  PodTemplate pod;
  // Deployment RollingUpdate strategy (defaults 25% / 25%), and minReadySeconds.
  IntOrPercent max_surge = IntOrPercent::percentage(25);
  IntOrPercent max_unavailable = IntOrPercent::percentage(25);
  sim::Duration min_ready{0};
  // StatefulSet: headless Service name (kept for DNS later).
  std::string service_name;
};

struct Workload {
  WorkloadId id;
  WorkloadSpec spec;
  WorkloadId owner;                  // a ReplicaSet's Deployment
  std::vector<WorkloadId> children;  // a Deployment's ReplicaSets, oldest first
  sim::Time created;
  int next_pod_suffix = 0;  // for generated pod names
  bool deleted = false;
};

}  // namespace kns::models
