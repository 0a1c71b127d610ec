#include "sim/simulator.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "sim/fingerprint.h"

namespace kns::sim {
namespace {

using namespace std::chrono_literals;

TEST(Simulator, AdvancesTimeToEachEvent) {
  Simulator sim;
  std::vector<Time> seen;
  sim.scheduleAt(Time{3s}, [&] { seen.push_back(sim.now()); });
  sim.scheduleAfter(1s, [&] { seen.push_back(sim.now()); });
  sim.run();
  EXPECT_EQ(seen, (std::vector<Time>{Time{1s}, Time{3s}}));
  EXPECT_EQ(sim.now(), Time{3s});
  EXPECT_EQ(sim.eventCount(), 2u);
}

TEST(Simulator, ScheduleAfterIsRelativeToTheRunningEvent) {
  Simulator sim;
  Time inner;
  sim.scheduleAt(Time{2s}, [&] { sim.scheduleAfter(500ms, [&] { inner = sim.now(); }); });
  sim.run();
  EXPECT_EQ(inner, Time{2500ms});
}

TEST(Simulator, RejectsThePast) {
  Simulator sim;
  sim.scheduleAt(Time{2s}, [] {});
  sim.run();
  EXPECT_THROW(sim.scheduleAt(Time{1s}, [] {}), SchedulingError);
  EXPECT_THROW(sim.scheduleAfter(-1ns, [] {}), SchedulingError);
  EXPECT_THROW(sim.runUntil(Time{1s}), SchedulingError);
  EXPECT_NO_THROW(sim.scheduleAt(Time{2s}, [] {}));  // now itself is allowed
}

TEST(Simulator, EqualTimesRunInSchedulingOrder) {
  Simulator sim;
  std::vector<int> order;
  for (int i = 0; i < 10; ++i) sim.scheduleAt(Time{1s}, [&order, i] { order.push_back(i); });
  sim.run();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(Simulator, CancelledEventsNeverRunAndAreNotCounted) {
  Simulator sim;
  bool ran = false;
  EventId id = sim.scheduleAfter(1s, [&] { ran = true; });
  sim.scheduleAfter(2s, [] {});
  EXPECT_TRUE(sim.cancel(id));
  EXPECT_FALSE(sim.isPending(id));
  EXPECT_EQ(sim.pendingCount(), 1u);
  sim.run();
  EXPECT_FALSE(ran);
  EXPECT_EQ(sim.eventCount(), 1u);
  EXPECT_FALSE(sim.cancel(id));
}

TEST(Simulator, AnEventCanCancelAnotherAtTheSameTime) {
  Simulator sim;
  bool second_ran = false;
  EventId second;
  sim.scheduleAt(Time{1s}, [&] { sim.cancel(second); });
  second = sim.scheduleAt(Time{1s}, [&] { second_ran = true; });
  sim.run();
  EXPECT_FALSE(second_ran);
}

TEST(Simulator, StepRunsOneEvent) {
  Simulator sim;
  int count = 0;
  sim.scheduleAfter(1s, [&] { ++count; });
  sim.scheduleAfter(2s, [&] { ++count; });
  EXPECT_TRUE(sim.step());
  EXPECT_EQ(count, 1);
  EXPECT_EQ(sim.now(), Time{1s});
  EXPECT_TRUE(sim.step());
  EXPECT_FALSE(sim.step());
  EXPECT_EQ(count, 2);
}

TEST(Simulator, RunUntilRunsEventsUpToAndAtTheLimitThenSetsNow) {
  Simulator sim;
  std::vector<int> ran;
  sim.scheduleAt(Time{1s}, [&] { ran.push_back(1); });
  sim.scheduleAt(Time{2s}, [&] {
    ran.push_back(2);
    sim.scheduleAt(Time{2s}, [&] { ran.push_back(22); });  // scheduled at the limit: runs
  });
  sim.scheduleAt(Time{2s} + 1ns, [&] { ran.push_back(3); });
  sim.runUntil(Time{2s});
  EXPECT_EQ(ran, (std::vector<int>{1, 2, 22}));
  EXPECT_EQ(sim.now(), Time{2s});
  sim.runUntil(Time{10s});
  EXPECT_EQ(ran.back(), 3);
  EXPECT_EQ(sim.now(), Time{10s});
}

TEST(Simulator, RunUntilMovesTimeEvenWithNoEvents) {
  Simulator sim;
  sim.runUntil(Time{5s});
  EXPECT_EQ(sim.now(), Time{5s});
}

TEST(Simulator, StopEndsTheRunAfterTheCurrentEvent) {
  Simulator sim;
  int count = 0;
  for (int i = 1; i <= 5; ++i) {
    sim.scheduleAt(Time{Duration{i}}, [&] {
      if (++count == 3) sim.stop();
    });
  }
  sim.run();
  EXPECT_EQ(count, 3);
  EXPECT_EQ(sim.pendingCount(), 2u);
  sim.run();  // a new run continues
  EXPECT_EQ(count, 5);
}

TEST(Simulator, StopInsideRunUntilLeavesNowAtTheStoppingEvent) {
  Simulator sim;
  sim.scheduleAt(Time{1s}, [&] { sim.stop(); });
  sim.runUntil(Time{10s});
  EXPECT_EQ(sim.now(), Time{1s});
}

TEST(Simulator, AnExceptionComesOutOfRunWithTheSimulatedTime) {
  Simulator sim;
  sim.scheduleAt(
      Time{1500ms}, [] { throw std::runtime_error("pod exploded"); }, eventTag("pod.crash"));
  try {
    sim.run();
    FAIL() << "no exception";
  } catch (const SimulationError& e) {
    EXPECT_EQ(e.time(), Time{1500ms});
    EXPECT_EQ(e.tag(), eventTag("pod.crash"));
    std::string what = e.what();
    EXPECT_NE(what.find("t=1.5s"), std::string::npos) << what;
    EXPECT_NE(what.find("pod exploded"), std::string::npos) << what;
    EXPECT_THROW(std::rethrow_exception(e.cause()), std::runtime_error);
  }
  // The simulator stays usable.
  bool later = false;
  sim.scheduleAfter(1s, [&] { later = true; });
  sim.run();
  EXPECT_TRUE(later);
}

TEST(Simulator, StreamsAreStablePerNameAndIndependentOfCreationOrder) {
  Simulator a({.seed = 9});
  Simulator b({.seed = 9});
  RandomStream& a_first = a.stream("node-1");
  a.stream("node-2");
  b.stream("node-2");
  RandomStream& b_first = b.stream("node-1");
  EXPECT_EQ(&a.stream("node-1"), &a_first);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(a_first.nextU64(), b_first.nextU64());
}

TEST(Simulator, SeedAndReplicationChangeTheStreams) {
  Simulator base({.seed = 1, .replication = 0});
  Simulator other_seed({.seed = 2, .replication = 0});
  Simulator other_rep({.seed = 1, .replication = 1});
  std::uint64_t x = base.stream("a").nextU64();
  EXPECT_NE(x, other_seed.stream("a").nextU64());
  EXPECT_NE(x, other_rep.stream("a").nextU64());
}

// A small random model: events that spawn events with random delays and sometimes cancel.
std::string runBusyModel(std::uint64_t seed) {
  Simulator sim({.seed = seed});
  Fingerprint fingerprint;
  sim.setObserver(&fingerprint);
  RandomStream& rng = sim.stream("model");
  std::vector<EventId> ids;
  struct Spawner {
    Simulator* sim;
    RandomStream* rng;
    std::vector<EventId>* ids;
    void operator()() const {
      int children = static_cast<int>(rng->uniformInt(0, 2));
      for (int i = 0; i < children && sim->pendingCount() < 500; ++i) {
        ids->push_back(sim->scheduleAfter(rng->exponential(Duration{1000}), *this,
                                          static_cast<EventTag>(rng->uniformInt(1, 4))));
      }
      if (!ids->empty() && rng->bernoulli(0.1)) sim->cancel((*ids)[rng->index(ids->size())]);
    }
  };
  for (int i = 0; i < 50; ++i) sim.scheduleAfter(Duration{i}, Spawner{&sim, &rng, &ids});
  sim.runUntil(Time{20ms});
  return fingerprint.hex() + "/" + std::to_string(sim.eventCount());
}

TEST(Simulator, SameSeedSameFingerprintDifferentSeedDifferent) {
  std::string first = runBusyModel(5);
  EXPECT_EQ(first, runBusyModel(5));
  EXPECT_NE(first, runBusyModel(6));
}

TEST(Simulator, TwoSimulatorsRunInTwoThreadsAtOnceAndAgreeWithASerialRun) {
  std::string serial = runBusyModel(11);
  std::string results[2];
  std::thread t0([&] { results[0] = runBusyModel(11); });
  std::thread t1([&] { results[1] = runBusyModel(11); });
  t0.join();
  t1.join();
  EXPECT_EQ(results[0], serial);
  EXPECT_EQ(results[1], serial);
}

}  // namespace
}  // namespace kns::sim

// --- Work budgets and the interrupt flag.

namespace budget {

// An event that schedules itself again `delay` later, for ever.
void forever(kns::sim::Simulator& sim, kns::sim::Duration delay) {
  sim.scheduleAfter(delay, [&sim, delay] { forever(sim, delay); });
}

TEST(SimulatorBudget, ZenoLoopIsStoppedWithAMessage) {
  kns::sim::Simulator sim;
  sim.setBudget({.max_events_per_instant = 1000});
  sim.scheduleAt(kns::sim::Time{std::chrono::seconds(2)}, [&] { forever(sim, {}); });
  try {
    sim.runUntil(kns::sim::Time{std::chrono::seconds(10)});
    FAIL() << "a zero-delay loop ran to the end";
  } catch (const kns::sim::WorkBudgetExceeded& e) {
    EXPECT_EQ(e.time(), kns::sim::Time{std::chrono::seconds(2)});
    EXPECT_NE(std::string(e.what()).find("stopped advancing"), std::string::npos) << e.what();
  }
  EXPECT_EQ(sim.eventCount(), 1000u);
}

TEST(SimulatorBudget, TotalCeilingCountsExecutedEvents) {
  kns::sim::Simulator sim;
  sim.setBudget({.max_events = 100});
  forever(sim, std::chrono::milliseconds(1));
  EXPECT_THROW(sim.run(), kns::sim::WorkBudgetExceeded);
  EXPECT_EQ(sim.eventCount(), 100u);
  // Events spread over time are no Zeno loop: without the total ceiling they run on.
  kns::sim::Simulator other;
  other.setBudget({.max_events_per_instant = 2});
  forever(other, std::chrono::milliseconds(1));
  other.runUntil(kns::sim::Time{std::chrono::seconds(1)});
  EXPECT_EQ(other.eventCount(), 1000u);
}

TEST(SimulatorBudget, PerSecondCeilingResetsEachSimulatedSecond) {
  kns::sim::Simulator sim;
  sim.setBudget({.max_events_per_second = 1000});
  forever(sim, std::chrono::milliseconds(1));  // 1000 a second: exactly at the ceiling
  sim.runUntil(kns::sim::Time{std::chrono::seconds(5)});
  EXPECT_EQ(sim.eventCount(), 5000u);
  kns::sim::Simulator busy;
  busy.setBudget({.max_events_per_second = 1000});
  forever(busy, std::chrono::microseconds(500));  // 2000 a second
  try {
    busy.runUntil(kns::sim::Time{std::chrono::seconds(5)});
    FAIL() << "2000 events a second passed a ceiling of 1000";
  } catch (const kns::sim::WorkBudgetExceeded& e) {
    EXPECT_LT(e.time(), kns::sim::Time{std::chrono::seconds(1)});
  }
}

TEST(SimulatorBudget, InterruptFlagStopsARunWithinAFewThousandEvents) {
  kns::sim::Simulator sim;
  std::atomic<bool> flag{false};
  sim.setInterruptFlag(&flag);
  forever(sim, std::chrono::microseconds(1));
  sim.scheduleAt(kns::sim::Time{std::chrono::milliseconds(10)}, [&] { flag.store(true); });
  sim.runUntil(kns::sim::Time{std::chrono::seconds(100)});
  EXPECT_TRUE(sim.interrupted());
  EXPECT_LT(sim.now(), kns::sim::Time{std::chrono::milliseconds(15)});
  EXPECT_GT(sim.now(), kns::sim::Time{std::chrono::milliseconds(9)});
  flag.store(false);  // the run resumes where it stopped
  sim.runUntil(kns::sim::Time{std::chrono::milliseconds(20)});
  EXPECT_FALSE(sim.interrupted());
  EXPECT_EQ(sim.now(), kns::sim::Time{std::chrono::milliseconds(20)});
}

}  // namespace budget
