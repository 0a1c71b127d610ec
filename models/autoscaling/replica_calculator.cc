// groupPods, the usage ratio and the fill-in of missing and unready pods (SEMANTICS-AUTOSCALING
// §2.1-2.2, from replica_calculator.go and metrics/utilization.go).
#include "models/autoscaling/replica_calculator.h"

#include <algorithm>
#include <cmath>

namespace kns::models::autoscaling {
namespace {

enum class Bucket { Ignored, Unready, Missing, Ready };

Bucket bucketOf(const HpaPod& pod, sim::Time now, bool cpu, const CpuReadiness& r) {
  if (pod.deleting || pod.phase == HpaPod::Phase::Failed) return Bucket::Ignored;
  if (pod.phase == HpaPod::Phase::Pending) return Bucket::Unready;
  if (!pod.usage) return Bucket::Missing;
  if (!cpu) return Bucket::Ready;
  if (!pod.has_ready_condition || !pod.start_time) return Bucket::Unready;
  if (*pod.start_time + r.initialization_period > now) {
    // Still initializing: unready if not Ready, or if the sample overlaps the time before Ready.
    bool overlaps = pod.sample_time < pod.ready_transition + pod.sample_window;
    return !pod.ready || overlaps ? Bucket::Unready : Bucket::Ready;
  }
  // Afterwards: unready only if it has never been Ready (its Ready condition last changed within
  // the initial readiness delay of its start); a pod that became NotReady later counts.
  bool never_ready = pod.ready_transition < *pod.start_time + r.initial_readiness_delay;
  return !pod.ready && never_ready ? Bucket::Unready : Bucket::Ready;
}

// How a sample is read: a utilization percent of requests, or a plain average.
struct Metric {
  bool utilization = true;
  double target = 0;  // percent, or value per pod

  // ⌊100 · Σusage / Σrequest⌋ or ⌊Σusage / n⌋ (integer, as the controller's arithmetic).
  double current(double usage_sum, double request_sum, int n) const {
    if (utilization) return std::floor(100 * usage_sum / request_sum);
    return std::floor(usage_sum / n);
  }
  // What a missing pod is assumed to use on a scale-down: 100 % of its request (or the target
  // when that is higher), for Utilization; exactly the target, for average values.
  double missingOnScaleDown(const HpaPod& pod) const {
    if (utilization) return pod.request * std::max(100.0, target) / 100;
    return target;
  }
};

// ceil(ratio x pods), kept inside int (a runaway metric proposes at most a billion replicas;
// maxReplicas clamps it long before).
int replicasFor(double ratio, int pods) {
  return static_cast<int>(std::min(std::ceil(ratio * pods), 1e9));
}

Proposal propose(const std::vector<HpaPod>& pods, const Metric& metric, int current_replicas,
                 const Tolerance& tolerance, sim::Time now, bool cpu, const CpuReadiness& r) {
  Proposal p;
  if (!(metric.target > 0)) {  // the API's minimum is 1
    p.error = "the metric's target must be positive";
    return p;
  }
  if (pods.empty()) {
    p.error = "no pods match the target's selector";
    return p;
  }
  double usage = 0, requests = 0;
  int samples = 0;
  std::vector<const HpaPod*> missing, unready;
  for (const HpaPod& pod : pods) {
    switch (bucketOf(pod, now, cpu, r)) {
      case Bucket::Ignored:
        break;
      case Bucket::Unready:
        unready.push_back(&pod);
        break;
      case Bucket::Missing:
        missing.push_back(&pod);
        break;
      case Bucket::Ready:
        ++p.ready_pods;
        ++samples;
        usage += *pod.usage;
        requests += pod.request;
        break;
    }
  }
  if (samples == 0) {
    p.error = "did not receive metrics for targeted pods";
    return p;
  }
  if (metric.utilization && requests <= 0) {
    p.error = "missing request for the resource";
    return p;
  }
  p.current = metric.current(usage, requests, samples);
  double ratio = p.current / metric.target;
  bool scale_up = ratio > 1;
  if (missing.empty() && !(scale_up && !unready.empty())) {
    p.replicas = tolerance.within(ratio) ? current_replicas : replicasFor(ratio, p.ready_pods);
    return p;
  }
  // Fill in: missing pods as using nothing (scale-up) or their request (scale-down); unready
  // pods, on a scale-up only, as using nothing.
  for (const HpaPod* pod : missing) {
    usage += ratio < 1 ? metric.missingOnScaleDown(*pod) : 0;
    requests += pod->request;
    ++samples;
  }
  if (scale_up) {
    for (const HpaPod* pod : unready) {
      requests += pod->request;
      ++samples;
    }
  }
  double new_ratio = metric.current(usage, requests, samples) / metric.target;
  bool flipped = (ratio < 1 && new_ratio > 1) || (ratio > 1 && new_ratio < 1);
  if (tolerance.within(new_ratio) || flipped) {
    p.replicas = current_replicas;
    return p;
  }
  int replicas = replicasFor(new_ratio, samples);
  bool against = (new_ratio < 1 && replicas > current_replicas) ||
                 (new_ratio > 1 && replicas < current_replicas);
  p.replicas = against ? current_replicas : replicas;
  return p;
}

}  // namespace

Proposal proposeForUtilization(const std::vector<HpaPod>& pods, int target_percent,
                               int current_replicas, const Tolerance& tolerance, sim::Time now,
                               bool cpu, const CpuReadiness& readiness) {
  return propose(pods, Metric{true, static_cast<double>(target_percent)}, current_replicas,
                 tolerance, now, cpu, readiness);
}

Proposal proposeForAverageValue(const std::vector<HpaPod>& pods, double target_value,
                                int current_replicas, const Tolerance& tolerance, sim::Time now,
                                bool cpu, const CpuReadiness& readiness) {
  return propose(pods, Metric{false, target_value}, current_replicas, tolerance, now, cpu,
                 readiness);
}

}  // namespace kns::models::autoscaling
