// The HorizontalPodAutoscaler's algorithm as its code behaves (SEMANTICS-AUTOSCALING §2-§3):
// proposals with the inclusive tolerance, integer percentages, missing and unready pods; then
// the legacy and behavior normalisations with their windows, limits and selectPolicy. Each case
// asserts the desired replicas at given times.
#include <gtest/gtest.h>

#include <vector>

#include "models/autoscaling/hpa_normalizer.h"
#include "models/autoscaling/replica_calculator.h"

namespace kns::models::autoscaling {
namespace {

using namespace std::chrono_literals;

sim::Time at(int seconds) { return sim::Time{std::chrono::seconds(seconds)}; }

// A Running, Ready pod started long ago with a CPU sample of `usage` millicores and a request
// of `request`.
HpaPod pod(double usage, double request = 100) {
  HpaPod p;
  p.start_time = at(0);
  p.ready_transition = at(10);
  p.usage = usage;
  p.sample_time = at(990);
  p.sample_window = 15s;
  p.request = request;
  return p;
}
std::vector<HpaPod> pods(int n, double usage, double request = 100) {
  return std::vector<HpaPod>(static_cast<std::size_t>(n), pod(usage, request));
}
HpaPod missing() {
  HpaPod p = pod(0);
  p.usage.reset();
  return p;
}
HpaPod pending() {
  HpaPod p = pod(0);
  p.phase = HpaPod::Phase::Pending;
  p.usage.reset();
  return p;
}

const sim::Time kNow = at(1000);

int cpuProposal(const std::vector<HpaPod>& p, int target, int current) {
  Proposal proposal = proposeForUtilization(p, target, current, Tolerance{}, kNow, true);
  EXPECT_TRUE(proposal.replicas.has_value()) << proposal.error;
  return proposal.replicas.value_or(-1);
}

// --- Proposals (§2.1).

TEST(HpaProposal, AtTheTargetNothingChanges) { EXPECT_EQ(cpuProposal(pods(4, 50), 50, 4), 4); }

TEST(HpaProposal, TheToleranceIsInclusiveAtBothEnds) {
  EXPECT_EQ(cpuProposal(pods(10, 55), 50, 10), 10);  // ratio 1.10
  EXPECT_EQ(cpuProposal(pods(10, 45), 50, 10), 10);  // ratio 0.90
  EXPECT_EQ(cpuProposal(pods(10, 56), 50, 10), 12);  // 1.12 x 10 = 11.2 -> 12
  EXPECT_EQ(cpuProposal(pods(10, 44), 50, 10), 9);   // 0.88 x 10 = 8.8 -> 9
}

TEST(HpaProposal, UtilizationIsAnIntegerPercentTruncated) {
  // 4 pods using 55.9 % each: 223.6 / 400 -> 55 % (truncated), ratio 1.1: within tolerance.
  EXPECT_EQ(cpuProposal(pods(4, 55.9), 50, 4), 4);
  Proposal p = proposeForUtilization(pods(4, 55.9), 50, 4, Tolerance{}, kNow, true);
  EXPECT_EQ(p.current, 55);
}

TEST(HpaProposal, AConfiguredToleranceAppliesPerDirection) {
  Tolerance wide_down{0.3, 0.0};
  EXPECT_EQ(*proposeForUtilization(pods(10, 36), 50, 10, wide_down, kNow, true).replicas, 10);
  EXPECT_EQ(*proposeForUtilization(pods(10, 51), 50, 10, wide_down, kNow, true).replicas, 11);
}

TEST(HpaProposal, MissingPodsOnAScaleDownCountAsTheirWholeRequest) {
  // 3 pods at 20 %, one without metrics, target 50 %: the code fills the missing pod with 100 %
  // of its request (the docs say 100 % of the target): (60 + 100) / 400 = 40 % -> ratio 0.8 ->
  // ceil(3.2) = 4 = current. Filling with the target would give 27 % -> 3.
  std::vector<HpaPod> p = pods(3, 20);
  p.push_back(missing());
  EXPECT_EQ(cpuProposal(p, 50, 4), 4);
}

TEST(HpaProposal, MissingPodsOnAScaleUpCountAsIdle) {
  std::vector<HpaPod> p = pods(3, 100);  // ratio 2
  p.push_back(missing());                // as 0: 300 / 400 = 75 % -> 1.5 x 4 = 6
  EXPECT_EQ(cpuProposal(p, 50, 4), 6);
}

TEST(HpaProposal, UnreadyPodsDampAScaleUpAndADirectionFlipCancelsIt) {
  std::vector<HpaPod> p = pods(2, 80);  // ratio 1.6 on the ready pods
  p.push_back(pending());
  p.push_back(pending());  // as 0: 160 / 400 = 40 % -> 0.8 < 1: flipped, no change
  EXPECT_EQ(cpuProposal(p, 50, 4), 4);
}

TEST(HpaProposal, UnreadyPodsAreLeftOutOfAScaleDown) {
  std::vector<HpaPod> p = pods(3, 20);  // ratio 0.4 on 3 ready pods -> ceil(1.2) = 2
  p.push_back(pending());
  EXPECT_EQ(cpuProposal(p, 50, 4), 2);
}

TEST(HpaProposal, DeletingAndFailedPodsAreIgnored) {
  std::vector<HpaPod> p = pods(2, 100);  // ratio 2 -> 4
  HpaPod deleting = pod(0);
  deleting.deleting = true;
  HpaPod failed = pod(0);
  failed.phase = HpaPod::Phase::Failed;
  p.push_back(deleting);
  p.push_back(failed);
  EXPECT_EQ(cpuProposal(p, 50, 4), 4);
}

TEST(HpaProposal, AYoungPodWhoseSampleOverlapsItsStartIsUnready) {
  // Started 60 s ago (inside the 300 s CPU initialization period), Ready at 990 s, but the 15 s
  // sample taken at 995 s began before it: unready, so left out (and filled with 0 on scale-up).
  HpaPod young = pod(200);
  young.start_time = at(940);
  young.ready_transition = at(990);
  young.sample_time = at(995);
  std::vector<HpaPod> p = pods(2, 100);
  p.push_back(young);  // ready pods' ratio 2; filled: 200 / 300 = 66 % -> 1.32 x 3 = 3.96 -> 4
  EXPECT_EQ(cpuProposal(p, 50, 3), 4);
  young.sample_time = at(1006);  // a sample that starts after it became Ready counts
  p.back() = young;              // (100 + 100 + 200) / 300 = 133 % -> 2.66 x 3 = 7.98 -> 8
  EXPECT_EQ(cpuProposal(p, 50, 3), 8);
}

TEST(HpaProposal, APodThatWasReadyOnceCountsAfterTheInitializationPeriod) {
  HpaPod flapping = pod(100);
  flapping.ready = false;
  flapping.ready_transition = at(500);  // became NotReady long after it started: counted
  std::vector<HpaPod> p = pods(1, 100);
  p.push_back(flapping);
  EXPECT_EQ(cpuProposal(p, 50, 2), 4);
  flapping.ready_transition = at(20);  // never Ready (within 30 s of its start): unready
  p.back() = flapping;                 // ready ratio 2 on one pod, filled: 100/200 -> 1 (within)
  EXPECT_EQ(cpuProposal(p, 50, 2), 2);
}

TEST(HpaProposal, AZeroTargetOrARunawayMetricStaysFinite) {
  EXPECT_FALSE(proposeForUtilization(pods(2, 50), 0, 2, Tolerance{}, kNow, true).replicas);
  // 1e15 millicores on a 100m request: a ratio of 2e14 proposes a bounded count.
  std::optional<int> huge =
      proposeForUtilization(pods(2, 1e15), 50, 2, Tolerance{}, kNow, true).replicas;
  ASSERT_TRUE(huge.has_value());
  EXPECT_EQ(*huge, 1'000'000'000);
}

TEST(HpaProposal, NoPodsOrNoMetricsIsAnErrorNotAScaleDown) {
  EXPECT_FALSE(proposeForUtilization({}, 50, 3, Tolerance{}, kNow, true).replicas);
  EXPECT_FALSE(
      proposeForUtilization({missing(), missing()}, 50, 3, Tolerance{}, kNow, true).replicas);
}

TEST(HpaProposal, APodsMetricAveragesAndFillsMissingPodsWithTheTarget) {
  // requests/s per pod in milli-units: target 100 rps per pod.
  std::vector<HpaPod> p(4, pod(150'000));  // 150 rps each: ratio 1.5 -> 6
  EXPECT_EQ(*proposeForAverageValue(p, 100'000, 4, Tolerance{}, kNow, false).replicas, 6);
  std::vector<HpaPod> low(3, pod(20'000));  // 20 rps: ratio 0.2, one pod missing
  low.push_back(missing());  // filled with the target: (60 + 100) / 4 = 40 rps -> 0.4 x 4 = 2
  EXPECT_EQ(*proposeForAverageValue(low, 100'000, 4, Tolerance{}, kNow, false).replicas, 2);
}

// --- Normalisation (§1, §3).

TEST(HpaNormalizerTest, GuardRailsActBeforeAnyMetric) {
  HpaNormalizer n;
  EXPECT_EQ(n.reconcile(at(0), 0, 5, 1, 10, std::nullopt).reason, "ScalingDisabled");
  EXPECT_FALSE(n.reconcile(at(0), 0, 5, 1, 10, std::nullopt).rescale);
  EXPECT_EQ(n.reconcile(at(15), 12, 3, 1, 10, std::nullopt).desired, 10);
  EXPECT_EQ(n.reconcile(at(30), 1, 1, 2, 10, std::nullopt).desired, 2);
  EXPECT_EQ(n.reconcile(at(45), 5, std::nullopt, 1, 10, std::nullopt).desired, 5);
}

TEST(HpaNormalizerTest, WithoutBehaviorScaleUpDoublesWithAMinimumOfFour) {
  HpaNormalizer n;
  int current = 1;
  std::vector<int> seen;
  for (int t = 0; t <= 45; t += 15) {
    ScaleDecision d = n.reconcile(at(t), current, 100, 1, 100, std::nullopt);
    current = d.desired;
    seen.push_back(current);
  }
  EXPECT_EQ(seen, (std::vector<int>{4, 8, 16, 32}));
  EXPECT_EQ(n.reconcile(at(60), 32, 100, 1, 100, std::nullopt).reason, "ScaleUpLimit");
  EXPECT_EQ(n.reconcile(at(75), 64, 100, 1, 70, std::nullopt).reason, "TooManyReplicas");
}

TEST(HpaNormalizerTest, TheDefaultBehaviorAddsFourPodsOrDoublesWhicheverIsMore) {
  HpaNormalizer n;
  int current = 1;
  std::vector<int> seen;
  for (int t = 0; t <= 45; t += 15) {
    current = n.reconcile(at(t), current, 100, 1, 100, Behavior{}).desired;
    seen.push_back(current);
  }
  EXPECT_EQ(seen, (std::vector<int>{5, 10, 20, 40}));
}

TEST(HpaNormalizerTest, ANewHpaCannotScaleDownForItsFirstWindow) {
  // Legacy: the seed (10 at t=0) counts while not older than 300 s: held at 10 through t=300,
  // down at t=315. Behavior: the window is strict, so t=300 already scales down.
  HpaNormalizer legacy, behavior;
  for (int t = 0; t <= 285; t += 15) {
    EXPECT_EQ(legacy.reconcile(at(t), 10, 2, 1, 20, std::nullopt).desired, 10) << t;
    EXPECT_EQ(behavior.reconcile(at(t), 10, 2, 1, 20, Behavior{}).desired, 10) << t;
  }
  ScaleDecision held = legacy.reconcile(at(300), 10, 2, 1, 20, std::nullopt);
  EXPECT_EQ(held.desired, 10);
  EXPECT_EQ(held.reason, "ScaleDownStabilized");
  EXPECT_EQ(legacy.reconcile(at(315), 10, 2, 1, 20, std::nullopt).desired, 2);
  EXPECT_EQ(behavior.reconcile(at(300), 10, 2, 1, 20, Behavior{}).desired, 2);
}

TEST(HpaNormalizerTest, ScaleDownFollowsTheHighestRecommendationInTheWindow) {
  HpaNormalizer n;
  n.reconcile(at(0), 6, 6, 1, 20, std::nullopt);
  n.reconcile(at(400), 6, 9, 1, 20, std::nullopt);  // up to 9 (no cap below 12)
  EXPECT_EQ(n.reconcile(at(415), 9, 5, 1, 20, std::nullopt).desired, 9);
  EXPECT_EQ(n.reconcile(at(600), 9, 7, 1, 20, std::nullopt).desired, 9);
  EXPECT_EQ(n.reconcile(at(701), 9, 3, 1, 20, std::nullopt).desired, 7);  // 9 (t=400) left
}

TEST(HpaNormalizerTest, ScaleUpStabilizationTakesTheLowestRecentRecommendation) {
  Behavior b;
  b.scale_up.stabilization_window = 60s;
  HpaNormalizer n;
  n.reconcile(at(0), 4, 4, 1, 50, b);
  ScaleDecision d = n.reconcile(at(15), 4, 12, 1, 50, b);  // 4 (t=0) is within 60 s
  EXPECT_EQ(d.desired, 4);
  EXPECT_EQ(d.reason, "ScaleUpStabilized");
  EXPECT_EQ(n.reconcile(at(30), 4, 10, 1, 50, b).desired, 4);
  // At 60 s the t=0 recommendations are out (strict): 10, limited by the default policies'
  // max(4 + 4, 2 x 4) = 8.
  ScaleDecision released = n.reconcile(at(60), 4, 10, 1, 50, b);
  EXPECT_EQ(released.desired, 8);
  EXPECT_EQ(released.reason, "ScaleUpLimit");
}

TEST(HpaNormalizerTest, SelectPolicyMinTakesTheSmallerStep) {
  Behavior b;
  b.scale_up.select = ScalingRules::Select::Min;  // of +4 pods and +100 %
  HpaNormalizer n;
  ScaleDecision d = n.reconcile(at(0), 10, 40, 1, 100, b);
  EXPECT_EQ(d.desired, 14);
  EXPECT_EQ(d.reason, "ScaleUpLimit");
}

TEST(HpaNormalizerTest, ADisabledDirectionNeverMoves) {
  Behavior b;
  b.scale_down.select = ScalingRules::Select::Disabled;
  b.scale_down.stabilization_window = 0s;
  HpaNormalizer n;
  EXPECT_EQ(n.reconcile(at(0), 10, 2, 1, 100, b).desired, 10);
  EXPECT_EQ(n.reconcile(at(15), 10, 20, 1, 100, b).desired, 20);  // up still works
}

TEST(HpaNormalizerTest, APercentPolicyCountsFromTheReplicasAtItsPeriodStart) {
  Behavior b;
  b.scale_down.stabilization_window = 0s;
  b.scale_down.policies = {{ScalingPolicy::Type::Percent, 50, 60s}};
  HpaNormalizer n;
  ScaleDecision first = n.reconcile(at(0), 10, 1, 1, 100, b);
  EXPECT_EQ(first.desired, 5);
  EXPECT_EQ(first.reason, "ScaleDownLimit");
  // 15 s later the period started at 10 (5 removed within it): the limit is still 5.
  EXPECT_EQ(n.reconcile(at(15), 5, 1, 1, 100, b).desired, 5);
  EXPECT_EQ(n.reconcile(at(59), 5, 1, 1, 100, b).desired, 5);
  // At 60 s the first event is exactly one period old: not strictly newer, so it no longer
  // counts: floor(5 x 0.5) = 2.
  EXPECT_EQ(n.reconcile(at(60), 5, 1, 1, 100, b).desired, 2);
}

TEST(HpaNormalizerTest, APodsPolicyAndMinReplicasBoundAScaleDown) {
  Behavior b;
  b.scale_down.stabilization_window = 0s;
  b.scale_down.policies = {{ScalingPolicy::Type::Pods, 2, 15s}};
  HpaNormalizer n;
  EXPECT_EQ(n.reconcile(at(0), 10, 1, 3, 100, b).desired, 8);
  EXPECT_EQ(n.reconcile(at(15), 8, 1, 3, 100, b).desired, 6);
  EXPECT_EQ(n.reconcile(at(30), 6, 1, 3, 100, b).desired, 4);
  ScaleDecision floor = n.reconcile(at(45), 4, 1, 3, 100, b);
  EXPECT_EQ(floor.desired, 3);
  EXPECT_EQ(floor.reason, "TooFewReplicas");
}

}  // namespace
}  // namespace kns::models::autoscaling
