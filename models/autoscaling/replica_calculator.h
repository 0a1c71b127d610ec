// The HorizontalPodAutoscaler's replica proposal for one metric, as the controller's code computes
// it (kubernetes pkg/controller/podautoscaler/replica_calculator.go; SEMANTICS-AUTOSCALING §2):
// pods grouped into ignored, unready, missing and ready; integer-percent utilization; an
// inclusive tolerance; missing and unready pods filled in conservatively, and a direction flip
// cancelling the change.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/time.h"

namespace kns::models::autoscaling {

// One pod of the target as the HPA sees it at a sync.
struct HpaPod {
  enum class Phase { Pending, Running, Succeeded, Failed };
  Phase phase = Phase::Running;
  bool deleting = false;  // has a deletionTimestamp
  bool ready = true;      // the Ready condition's status
  bool has_ready_condition = true;
  std::optional<sim::Time> start_time;
  sim::Time ready_transition;  // the Ready condition's lastTransitionTime
  // The metric's sample in milli-units, as the controller computes (CPU millicores, or a Pods
  // metric's value x 1000: 1.5 requests/s is 1500); nullopt when there is no sample for the pod.
  std::optional<double> usage;
  sim::Time sample_time;
  sim::Duration sample_window{0};
  double request = 0;  // the resource's request in the same unit (Resource Utilization only)
};

// Per-direction tolerance; the controller's default is 0.1 both ways, inclusive.
struct Tolerance {
  double down = 0.1;
  double up = 0.1;
  bool within(double ratio) const { return ratio >= 1 - down && ratio <= 1 + up; }
};

// The CPU readiness rules' flags (kube-controller-manager defaults).
struct CpuReadiness {
  sim::Duration initialization_period = std::chrono::seconds(300);
  sim::Duration initial_readiness_delay = std::chrono::seconds(30);
};

struct Proposal {
  std::optional<int> replicas;  // nullopt: an error (no pods, no metrics)
  double current = 0;           // utilization percent, or the average value, before filling in
  int ready_pods = 0;
  std::string error;
};

// A Resource metric with target.type Utilization (target in percent of the request). `cpu`
// applies the CPU readiness rules (§2.1 step 2).
Proposal proposeForUtilization(const std::vector<HpaPod>& pods, int target_percent,
                               int current_replicas, const Tolerance& tolerance, sim::Time now,
                               bool cpu, const CpuReadiness& readiness = {});

// A Resource metric with AverageValue, or a Pods metric (target per pod in milli-units, as usage).
Proposal proposeForAverageValue(const std::vector<HpaPod>& pods, double target_value,
                                int current_replicas, const Tolerance& tolerance, sim::Time now,
                                bool cpu, const CpuReadiness& readiness = {});

}  // namespace kns::models::autoscaling
