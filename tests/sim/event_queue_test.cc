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

// The network model's pattern: each request schedules work a few microseconds ahead and a
// deadline seconds ahead, and cancels the deadline when it completes. The cancelled deadlines'
// keys are let go as they move down the ladder (not sorted and popped); the events that do run
// must still run in (time, scheduling order), including the deadlines that were not cancelled.
TEST(EventQueue, CancelledDeadlinesAreLetGoOnTheWayDownWithoutDisturbingTheOrder) {
  RandomStream rng(11, 0, "deadlines");
  EventQueue queue;
  struct Ref {
    std::int64_t time;
    int id;
  };
  std::vector<Ref> ran_expected;  // events that were not cancelled, with their times
  std::vector<int> ran;
  std::vector<std::pair<EventId, Ref>> open_deadlines;
  std::int64_t now = 0;
  int next_id = 0;
  auto schedule = [&](std::int64_t t) {
    int id = next_id++;
    EventId event = queue.push(
        Time{Duration{t}}, [&ran, id] { ran.push_back(id); }, kUntagged);
    return std::pair{event, Ref{t, id}};
  };
  for (int step = 0; step < 200'000; ++step) {
    // Work: 1 to 50 us ahead (kept); a deadline 10 s ahead, cancelled later unless unlucky.
    auto work = schedule(now + rng.uniformInt(1'000, 50'000));
    ran_expected.push_back(work.second);
    open_deadlines.push_back(schedule(now + 10'000'000'000));
    if (open_deadlines.size() > 50) {
      std::size_t victim = rng.index(open_deadlines.size());
      if (rng.bernoulli(0.99)) {
        EXPECT_TRUE(queue.cancel(open_deadlines[victim].first));
      } else {
        ran_expected.push_back(open_deadlines[victim].second);  // this one will fire
      }
      open_deadlines.erase(open_deadlines.begin() + static_cast<long>(victim));
    }
    EventQueue::Fired fired;
    if (rng.bernoulli(0.9) && queue.popNext(fired)) {
      now = toNanos(fired.time);
      queue.callback(fired.slot)();
      queue.release(fired.slot);
    }
  }
  for (const auto& [event, ref] : open_deadlines) ran_expected.push_back(ref);
  EventQueue::Fired fired;
  std::int64_t last = 0;
  while (queue.popNext(fired)) {
    EXPECT_GE(toNanos(fired.time), last);
    last = toNanos(fired.time);
    queue.callback(fired.slot)();
    queue.release(fired.slot);
  }
  // Ids grow with scheduling order, so (time, id) is the queue's order.
  std::stable_sort(ran_expected.begin(), ran_expected.end(), [](const Ref& a, const Ref& b) {
    return a.time != b.time ? a.time < b.time : a.id < b.id;
  });
  // Interleaved pops ran some events before later ones were scheduled, so compare as sets
  // first, then the order of everything run after the last push (the drained tail).
  std::vector<int> sorted_ran = ran, expected_ids;
  for (const Ref& r : ran_expected) expected_ids.push_back(r.id);
  std::sort(sorted_ran.begin(), sorted_ran.end());
  std::vector<int> sorted_expected = expected_ids;
  std::sort(sorted_expected.begin(), sorted_expected.end());
  EXPECT_EQ(sorted_ran, sorted_expected);
  std::size_t tail = 0;
  while (tail < ran.size() && tail < 5000) ++tail;
  std::vector<int> ran_tail(ran.end() - static_cast<long>(tail), ran.end());
  std::vector<int> expected_tail(expected_ids.end() - static_cast<long>(tail), expected_ids.end());
  EXPECT_EQ(ran_tail, expected_tail);
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
