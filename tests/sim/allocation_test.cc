// Counts heap allocations in the kernel's steady state. Replaces the global operator new, so it
// lives in a test program of its own.
#include <gtest/gtest.h>

#include "sim/simulator.h"
#include "sim/timer.h"
#include "tests/allocation_counter.h"

namespace kns::sim {
namespace {

using namespace std::chrono_literals;

// The hold model: every event schedules one successor at now + Exp(100 ns).
struct Hold {
  Simulator* sim;
  RandomStream* rng;
  void operator()() const { sim->scheduleAfter(rng->exponential(Duration{100}), *this); }
};

std::uint64_t allocationsDuring(Simulator& sim, std::uint64_t events) {
  std::uint64_t before = kns::testing::allocations();
  for (std::uint64_t i = 0; i < events; ++i) sim.step();
  return kns::testing::allocations() - before;
}

TEST(KernelAllocations, HoldLoopAllocatesNothingAfterWarmUp) {
  Simulator sim;
  RandomStream& rng = sim.stream("hold");
  for (int i = 0; i < 1000; ++i)
    sim.scheduleAfter(rng.exponential(Duration{100}), Hold{&sim, &rng});
  allocationsDuring(sim, 100'000);  // warm-up: the heap and record pool reach their size
  EXPECT_EQ(allocationsDuring(sim, 100'000), 0u);
  EXPECT_EQ(sim.pendingCount(), 1000u);
}

TEST(KernelAllocations, CancelAndRescheduleAllocatesNothingAfterWarmUp) {
  // Every event re-arms one timer a millisecond ahead (the kube-proxy sync pattern), so a
  // cancelled key is left behind per event; compaction must recycle them without growth.
  Simulator sim;
  RandomStream& rng = sim.stream("hold");
  Timer timeout(sim, [] {});
  struct Rearm {
    Simulator* sim;
    Timer* timer;
    RandomStream* rng;
    void operator()() const {
      timer->armAfter(1ms);
      sim->scheduleAfter(rng->exponential(Duration{100}), *this);
    }
  };
  for (int i = 0; i < 1000; ++i) {
    sim.scheduleAfter(rng.exponential(Duration{100}), Rearm{&sim, &timeout, &rng});
  }
  allocationsDuring(sim, 200'000);
  EXPECT_EQ(allocationsDuring(sim, 100'000), 0u);
  EXPECT_EQ(sim.pendingCount(), 1001u);
}

Process sleeper(Simulator& sim, RandomStream& rng) {
  for (;;) co_await sim.sleep(rng.exponential(Duration{100}));
}

TEST(KernelAllocations, SleepingProcessesAllocateNothingAfterStart) {
  Simulator sim;
  RandomStream& rng = sim.stream("procs");
  std::vector<Process> processes;
  for (int i = 0; i < 100; ++i) {
    processes.push_back(sleeper(sim, rng));
    processes.back().start(sim);
  }
  allocationsDuring(sim, 100'000);
  EXPECT_EQ(allocationsDuring(sim, 100'000), 0u);
}

}  // namespace
}  // namespace kns::sim
