#include "sim/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "sim/random.h"

namespace kns::sim {
namespace {

using namespace std::chrono_literals;

// Pops everything, returning the values the callbacks push into `order`.
std::vector<int> drain(EventQueue& queue, std::vector<int>& order) {
  EventQueue::Fired fired;
  while (queue.popNext(fired)) {
    queue.callback(fired.slot)();
    queue.release(fired.slot);
  }
  return order;
}

TEST(EventQueue, PopsInTimeOrder) {
  EventQueue queue;
  std::vector<int> order;
  for (int t : {5, 1, 4, 2, 3}) {
    queue.push(
        Time{Duration{t}}, [&order, t] { order.push_back(t); }, kUntagged);
  }
  EXPECT_EQ(drain(queue, order), (std::vector<int>{1, 2, 3, 4, 5}));
}

TEST(EventQueue, IsFifoAtEqualTimes) {
  EventQueue queue;
  std::vector<int> order;
  for (int i = 0; i < 100; ++i) {
    queue.push(
        Time{1s}, [&order, i] { order.push_back(i); }, kUntagged);
  }
  std::vector<int> expected(100);
  for (int i = 0; i < 100; ++i) expected[i] = i;
  EXPECT_EQ(drain(queue, order), expected);
}

TEST(EventQueue, MatchesASortedReferenceOnRandomWorkloads) {
  // 20,000 pushes with many ties, interleaved with pops and cancels, against a stable sort.
  RandomStream rng(7, 0, "queue-test");
  EventQueue queue;
  struct Ref {
    std::int64_t time;
    int id;
    EventId event;
    bool cancelled;
  };
  std::vector<Ref> refs;
  std::vector<int> popped;
  std::int64_t now = 0;
  for (int i = 0; i < 20000; ++i) {
    std::int64_t t = now + rng.uniformInt(0, 50);
    EventId id = queue.push(
        Time{Duration{t}}, [&popped, i] { popped.push_back(i); }, kUntagged);
    refs.push_back({t, i, id, false});
    if (rng.bernoulli(0.2)) {
      Ref& victim = refs[rng.index(refs.size())];
      bool was_pending = queue.isPending(victim.event);
      EXPECT_EQ(queue.cancel(victim.event), was_pending);
      if (was_pending) victim.cancelled = true;
    }
    if (rng.bernoulli(0.4)) {
      EventQueue::Fired fired;
      if (queue.popNext(fired)) {
        now = toNanos(fired.time);
        queue.callback(fired.slot)();
        queue.release(fired.slot);
      }
    }
  }
  EventQueue::Fired fired;
  while (queue.popNext(fired)) {
    queue.callback(fired.slot)();
    queue.release(fired.slot);
  }
  // Every non-cancelled event ran exactly once; cancelled ones never ran.
  std::vector<int> ran = popped;
  std::sort(ran.begin(), ran.end());
  std::vector<int> expected;
  for (const Ref& r : refs) {
    if (!r.cancelled) expected.push_back(r.id);
  }
  EXPECT_EQ(ran, expected);
  EXPECT_TRUE(queue.empty());
}

TEST(EventQueue, CancelIsSafeForAnyId) {
  EventQueue queue;
  EventId never;
  EXPECT_FALSE(queue.cancel(never));
  EventId a = queue.push(
      Time{1s}, [] {}, kUntagged);
  EXPECT_TRUE(queue.isPending(a));
  EXPECT_TRUE(queue.cancel(a));
  EXPECT_FALSE(queue.cancel(a));
  EXPECT_EQ(queue.size(), 0u);
  EXPECT_EQ(queue.nextTime(), kTimeMax);
  // The slot is reused by a new event; the old id must not reach it.
  EventId b = queue.push(
      Time{2s}, [] {}, kUntagged);
  EXPECT_EQ(b.slot, a.slot);
  EXPECT_FALSE(queue.cancel(a));
  EXPECT_TRUE(queue.isPending(b));
}

TEST(EventQueue, CompactsWhenCancelledKeysPileUp) {
  // A timer re-armed a million times must not leave a million dead keys behind.
  EventQueue queue;
  EventId id = queue.push(
      Time{1h}, [] {}, kUntagged);
  for (int i = 0; i < 1'000'000; ++i) {
    queue.cancel(id);
    id = queue.push(
        Time{1h + Duration{i}}, [] {}, kUntagged);
  }
  EXPECT_EQ(queue.size(), 1u);
  // Memory stays bounded: compaction keeps the records in use near the live count.
  int popped = 0;
  EventQueue::Fired fired;
  while (queue.popNext(fired)) {
    ++popped;
    queue.release(fired.slot);
  }
  EXPECT_EQ(popped, 1);
}

TEST(EventQueue, RenumberingKeepsFifoOrder) {
  // A tiny order budget forces a renumbering every dozen pushes; ties must still pop in
  // insertion order.
  EventQueue queue(/*order_limit=*/16);
  std::vector<int> order;
  int next = 0;
  auto pushOne = [&](int round) {
    queue.push(
        Time{Duration{round / 7}}, [&order, i = next] { order.push_back(i); }, kUntagged);
    ++next;
  };
  for (int k = 0; k < 5; ++k) pushOne(0);
  for (int round = 0; round < 200; ++round) {
    pushOne(round);
    EventQueue::Fired fired;
    ASSERT_TRUE(queue.popNext(fired));
    queue.callback(fired.slot)();
    queue.release(fired.slot);
  }
  drain(queue, order);
  std::vector<int> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_GT(queue.renumberings(), 10u);
  EXPECT_EQ(order.size(), 205u);
  EXPECT_EQ(order, sorted);  // times never decrease with ids, so FIFO means ascending ids
}

}  // namespace
}  // namespace kns::sim
