#include "sim/ladder_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <queue>
#include <vector>

#include "sim/random.h"

namespace kns::sim {
namespace {

// Drives the ladder and a reference priority queue with the same pushes and pops; every pop
// must agree exactly. `next_time(now)` chooses each pushed key's time.
void compareWithReference(const std::function<std::uint64_t(std::uint64_t now)>& next_time,
                          int operations, double push_probability, std::uint64_t seed) {
  RandomStream rng(seed, 0, "ladder");
  LadderQueue ladder;
  std::priority_queue<EventKey, std::vector<EventKey>, std::function<bool(EventKey, EventKey)>>
      reference([](EventKey a, EventKey b) { return b < a; });
  std::uint64_t order = 0, now = 0;
  std::uint32_t slot = 0;
  auto push = [&] {
    EventKey key{(order++ << EventKey::kSlotBits) | (slot++ & EventKey::kSlotMask),
                 std::max(now, next_time(now))};
    ladder.push(key);
    reference.push(key);
  };
  auto pop = [&] {
    ASSERT_EQ(ladder.size(), reference.size());
    EventKey expected = reference.top();
    reference.pop();
    EventKey actual = ladder.min();
    ASSERT_EQ(actual.time, expected.time);
    ASSERT_EQ(actual.order_slot, expected.order_slot);
    ladder.popMin();
    now = actual.time;
  };
  for (int i = 0; i < operations; ++i) {
    if (reference.empty() || rng.bernoulli(push_probability)) {
      push();
    } else {
      pop();
    }
    if (::testing::Test::HasFatalFailure()) return;
  }
  while (!reference.empty()) {
    pop();
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_TRUE(ladder.empty());
}

TEST(LadderQueue, HoldPatternWithExponentialDelays) {
  RandomStream rng(1, 0, "delays");
  compareWithReference(
      [&](std::uint64_t now) { return now + rng.exponential(Duration{100}).count(); }, 200'000, 0.5,
      1);
}

TEST(LadderQueue, ManySimultaneousEvents) {
  // Bursts at one nanosecond (no bucket can split them) must come out first-in first-out.
  RandomStream rng(2, 0, "delays");
  compareWithReference([&](std::uint64_t now) { return now + (rng.bernoulli(0.01) ? 1000 : 0); },
                       100'000, 0.55, 2);
}

TEST(LadderQueue, WideSpreadOfTimescales) {
  // Nanoseconds to hours in one queue: timers far ahead, packets close by.
  RandomStream rng(3, 0, "delays");
  const std::array<std::uint64_t, 5> scales{1, 1'000, 1'000'000, 1'000'000'000, 3'600'000'000'000};
  compareWithReference(
      [&](std::uint64_t now) { return now + rng.uniformInt(0, scales[rng.index(scales.size())]); },
      200'000, 0.5, 3);
}

TEST(LadderQueue, TimesNearTheEndOfTime) {
  RandomStream rng(4, 0, "delays");
  const std::uint64_t end = static_cast<std::uint64_t>(INT64_MAX);
  compareWithReference(
      [&](std::uint64_t now) {
        return rng.bernoulli(0.5) ? end - rng.uniformInt(0, 1000) : now + rng.uniformInt(0, 50);
      },
      50'000, 0.6, 4);
}

TEST(LadderQueue, GrowThenDrain) {
  // Push a large batch first (it goes through top and several rungs), then drain.
  RandomStream rng(5, 0, "delays");
  compareWithReference([&](std::uint64_t now) { return now + rng.uniformInt(0, 1'000'000); },
                       300'000, 0.9, 5);
}

TEST(LadderQueue, RemoveIfDropsExactlyTheChosenKeysFromEveryStage) {
  LadderQueue ladder;
  RandomStream rng(6, 0, "remove");
  std::vector<EventKey> kept;
  for (std::uint64_t i = 0; i < 20'000; ++i) {
    EventKey key{(i << EventKey::kSlotBits) | i,
                 static_cast<std::uint64_t>(rng.uniformInt(0, 1'000'000))};
    ladder.push(key);
    if (i % 3 != 0) kept.push_back(key);
  }
  // Pop a few so that keys sit in bottom, rungs and top at once.
  std::vector<EventKey> popped;
  for (int i = 0; i < 100; ++i) {
    popped.push_back(ladder.min());
    ladder.popMin();
  }
  ladder.removeIf([](const EventKey& key) { return key.slot() % 3 == 0; });
  std::sort(kept.begin(), kept.end());
  std::vector<EventKey> rest;
  while (!ladder.empty()) {
    rest.push_back(ladder.min());
    ladder.popMin();
  }
  std::vector<EventKey> expected;
  for (const EventKey& key : kept) {
    bool was_popped = std::any_of(popped.begin(), popped.end(), [&](const EventKey& p) {
      return p.order_slot == key.order_slot;
    });
    if (!was_popped) expected.push_back(key);
  }
  ASSERT_EQ(rest.size(), expected.size());
  for (std::size_t i = 0; i < rest.size(); ++i)
    EXPECT_EQ(rest[i].order_slot, expected[i].order_slot);
}

}  // namespace
}  // namespace kns::sim
