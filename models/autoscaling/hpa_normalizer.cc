// Guard rails, stabilisation and rate limits, in the controller's order and with its edges:
// the legacy window keeps a recommendation exactly `window` old (Before(cutoff) is strict), the
// behavior windows and policy periods count only what is strictly newer (After(cutoff)).
#include "models/autoscaling/hpa_normalizer.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace kns::models::autoscaling {

ScaleDecision HpaNormalizer::reconcile(sim::Time now, int current, std::optional<int> proposal,
                                       int min_replicas, int max_replicas,
                                       const std::optional<Behavior>& behavior) {
  if (!seeded_) {  // recordInitialRecommendation
    recommendations_.push_back({now, current});
    seeded_ = true;
  }
  if (current == 0 && min_replicas != 0) return {current, false, "ScalingDisabled"};
  if (current > max_replicas) return {max_replicas, true, "TooManyReplicas"};
  if (current < min_replicas) return {min_replicas, true, "TooFewReplicas"};
  if (!proposal) return {current, false, "FailedGetMetrics"};
  int desired = std::max(0, *proposal);
  ScaleDecision decision =
      behavior ? withBehavior(now, current, desired, min_replicas, max_replicas, *behavior)
               : legacy(now, current, desired, min_replicas, max_replicas);
  decision.rescale = decision.desired != current;
  if (behavior && decision.rescale) {  // storeScaleEvent: the behavior path only
    if (decision.desired > current) {
      up_events_.push_back({now, decision.desired - current});
    } else {
      down_events_.push_back({now, current - decision.desired});
    }
  }
  return decision;
}

void HpaNormalizer::forgetOld(sim::Time now, sim::Duration keep) {
  std::erase_if(recommendations_, [&](const Recommendation& r) { return r.at < now - keep; });
  // periodSeconds is at most 1800: older events can never count again.
  sim::Time horizon = now - std::chrono::seconds(1800);
  std::erase_if(up_events_, [&](const ScaleEvent& e) { return e.at < horizon; });
  std::erase_if(down_events_, [&](const ScaleEvent& e) { return e.at < horizon; });
}

ScaleDecision HpaNormalizer::legacy(sim::Time now, int current, int proposal, int min, int max) {
  // stabilizeRecommendation: the highest recommendation not older than the window.
  int stabilized = proposal;
  for (const Recommendation& r : recommendations_) {
    if (!(r.at < now - downscale_window_)) stabilized = std::max(stabilized, r.replicas);
  }
  forgetOld(now, downscale_window_);
  recommendations_.push_back({now, proposal});
  // convertDesiredReplicasWithRules: at most max(2 x current, 4) per sync, no scale-down limit.
  int scale_up_limit = std::max(2 * current, 4);
  int upper = std::min(max, scale_up_limit);
  const char* upper_reason = max > scale_up_limit ? "ScaleUpLimit" : "TooManyReplicas";
  if (stabilized < min) return {min, false, "TooFewReplicas"};
  if (stabilized > upper) return {upper, false, upper_reason};
  return {stabilized, false, stabilized != proposal ? "ScaleDownStabilized" : "DesiredWithinRange"};
}

int HpaNormalizer::changeWithin(const std::vector<ScaleEvent>& events, sim::Time now,
                                sim::Duration period) const {
  int sum = 0;
  for (const ScaleEvent& e : events) {
    if (e.at > now - period) sum += e.change;
  }
  return sum;
}

ScaleDecision HpaNormalizer::withBehavior(sim::Time now, int current, int proposal, int min,
                                          int max, const Behavior& b) {
  // stabilizeRecommendationWithBehaviors: the lowest recent recommendation bounds a scale-up,
  // the highest bounds a scale-down.
  int up = proposal, down = proposal;
  for (const Recommendation& r : recommendations_) {
    if (r.at > now - b.scale_up.stabilization_window) up = std::min(up, r.replicas);
    if (r.at > now - b.scale_down.stabilization_window) down = std::max(down, r.replicas);
  }
  int recommended = std::min(std::max(current, up), down);
  forgetOld(now, std::max(b.scale_up.stabilization_window, b.scale_down.stabilization_window));
  recommendations_.push_back({now, proposal});
  const char* stabilized = recommended == proposal ? "DesiredWithinRange"
                           : proposal > current    ? "ScaleUpStabilized"
                                                   : "ScaleDownStabilized";
  // convertDesiredReplicasWithBehaviorRate: each policy's limit counted from the replicas at the
  // start of its period, combined by selectPolicy.
  auto periodStart = [&](const ScalingPolicy& p) {
    return current - changeWithin(up_events_, now, p.period) +
           changeWithin(down_events_, now, p.period);
  };
  using Select = ScalingRules::Select;
  if (recommended > current) {
    int limit = current;
    if (b.scale_up.select != Select::Disabled) {
      bool pick_min = b.scale_up.select == Select::Min;
      limit = pick_min ? INT_MAX : INT_MIN;
      for (const ScalingPolicy& p : b.scale_up.policies) {
        int start = periodStart(p);
        int proposed = p.type == ScalingPolicy::Type::Pods
                           ? start + p.value
                           : static_cast<int>(std::ceil(start * (1 + p.value / 100.0)));
        limit = pick_min ? std::min(limit, proposed) : std::max(limit, proposed);
      }
      limit = std::max(limit, current);
    }
    int allowed = std::min(max, limit);
    const char* reason = max > limit ? "ScaleUpLimit" : "TooManyReplicas";
    if (recommended > allowed) return {allowed, false, reason};
  } else if (recommended < current) {
    int limit = current;
    if (b.scale_down.select != Select::Disabled) {
      bool pick_min = b.scale_down.select == Select::Min;  // the smallest change
      limit = pick_min ? INT_MIN : INT_MAX;
      for (const ScalingPolicy& p : b.scale_down.policies) {
        int start = periodStart(p);
        int proposed = p.type == ScalingPolicy::Type::Pods
                           ? start - p.value
                           : static_cast<int>(start * (1 - p.value / 100.0));  // Go's int32()
        limit = pick_min ? std::max(limit, proposed) : std::min(limit, proposed);
      }
      limit = std::min(limit, current);
    }
    int allowed = std::max(min, limit);
    const char* reason = min < limit ? "ScaleDownLimit" : "TooFewReplicas";
    if (recommended < allowed) return {allowed, false, reason};
  }
  return {recommended, false, stabilized};
}

}  // namespace kns::models::autoscaling
