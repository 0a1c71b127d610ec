// What turns an HPA's proposal into a scale change (kubernetes pkg/controller/podautoscaler/
// horizontal.go; SEMANTICS-AUTOSCALING §1, §3): the guard rails, then either the legacy path
// (no `behavior`: a 300 s scale-down stabilisation, inclusive, and a scale-up cap of
// max(2 x current, 4) per sync) or the behavior path (per-direction stabilisation windows,
// strict, and rate policies over scale events with selectPolicy). Each decision says what
// limited it, with the controller's condition reasons.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/time.h"

namespace kns::models::autoscaling {

struct ScalingPolicy {
  enum class Type { Pods, Percent };
  Type type = Type::Pods;
  int value = 0;
  sim::Duration period = std::chrono::seconds(15);
};

struct ScalingRules {
  enum class Select { Max, Min, Disabled };
  sim::Duration stabilization_window{0};
  Select select = Select::Max;
  std::vector<ScalingPolicy> policies;
};

// spec.behavior with the API's defaults filled into what the user left out (§3.2).
struct Behavior {
  ScalingRules scale_up{std::chrono::seconds(0),
                        ScalingRules::Select::Max,
                        {{ScalingPolicy::Type::Pods, 4, std::chrono::seconds(15)},
                         {ScalingPolicy::Type::Percent, 100, std::chrono::seconds(15)}}};
  ScalingRules scale_down{std::chrono::seconds(300),
                          ScalingRules::Select::Max,
                          {{ScalingPolicy::Type::Percent, 100, std::chrono::seconds(15)}}};
};

struct ScaleDecision {
  int desired = 0;
  bool rescale = false;
  // ScalingDisabled, TooFewReplicas, TooManyReplicas, ScaleUpLimit, ScaleDownLimit,
  // ScaleUpStabilized, ScaleDownStabilized, DesiredWithinRange (the controller's reasons).
  std::string reason;
};

// One HPA's memory in the controller: its recommendations and (behavior path) scale events.
class HpaNormalizer {
 public:
  // `downscale_window`: --horizontal-pod-autoscaler-downscale-stabilization (the legacy path's).
  explicit HpaNormalizer(sim::Duration downscale_window = std::chrono::seconds(300))
      : downscale_window_(downscale_window) {}

  // One reconcile at `now`: `current` is the target's spec.replicas, `proposal` the maximum of
  // the metrics' proposals (nullopt: metrics failed, nothing changes). The first call seeds the
  // history with `current`, so a new HPA cannot scale down within its stabilisation window.
  ScaleDecision reconcile(sim::Time now, int current, std::optional<int> proposal, int min_replicas,
                          int max_replicas, const std::optional<Behavior>& behavior);

 private:
  struct Recommendation {
    sim::Time at;
    int replicas;
  };
  struct ScaleEvent {
    sim::Time at;
    int change;  // > 0
  };
  ScaleDecision legacy(sim::Time now, int current, int proposal, int min, int max);
  ScaleDecision withBehavior(sim::Time now, int current, int proposal, int min, int max,
                             const Behavior& behavior);
  int changeWithin(const std::vector<ScaleEvent>& events, sim::Time now,
                   sim::Duration period) const;
  void forgetOld(sim::Time now, sim::Duration keep);

  sim::Duration downscale_window_;
  bool seeded_ = false;
  std::vector<Recommendation> recommendations_;
  std::vector<ScaleEvent> up_events_, down_events_;
};

}  // namespace kns::models::autoscaling
