#include "sim/timer.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "sim/simulator.h"

namespace kns::sim {
namespace {

using namespace std::chrono_literals;

TEST(Timer, FiresOnceAtItsDeadline) {
  Simulator sim;
  std::vector<Time> fired;
  Timer timer(sim, [&] { fired.push_back(sim.now()); });
  timer.armAfter(2s);
  EXPECT_TRUE(timer.armed());
  EXPECT_EQ(timer.deadline(), Time{2s});
  sim.run();
  EXPECT_EQ(fired, (std::vector<Time>{Time{2s}}));
  EXPECT_FALSE(timer.armed());
}

TEST(Timer, RearmingMovesTheDeadline) {
  Simulator sim;
  std::vector<Time> fired;
  Timer timer(sim, [&] { fired.push_back(sim.now()); });
  timer.armAt(Time{5s});
  timer.armAt(Time{3s});
  timer.armAt(Time{4s});
  sim.run();
  EXPECT_EQ(fired, (std::vector<Time>{Time{4s}}));
}

TEST(Timer, DisarmCancels) {
  Simulator sim;
  int fired = 0;
  Timer timer(sim, [&] { ++fired; });
  timer.armAfter(1s);
  timer.disarm();
  EXPECT_FALSE(timer.armed());
  sim.run();
  EXPECT_EQ(fired, 0);
}

TEST(Timer, CanRearmItselfWhenFiring) {
  Simulator sim;
  int fired = 0;
  std::unique_ptr<Timer> timer;
  timer = std::make_unique<Timer>(sim, [&] {
    if (++fired < 3) timer->armAfter(1s);
  });
  timer->armAfter(1s);
  sim.run();
  EXPECT_EQ(fired, 3);
  EXPECT_EQ(sim.now(), Time{3s});
}

TEST(Timer, DestroyingAnArmedTimerDisarmsIt) {
  Simulator sim;
  int fired = 0;
  {
    Timer timer(sim, [&] { ++fired; });
    timer.armAfter(1s);
  }
  EXPECT_EQ(sim.pendingCount(), 0u);
  sim.run();
  EXPECT_EQ(fired, 0);
}

TEST(Timer, ArmingInThePastThrowsAndKeepsTheOldDeadline) {
  Simulator sim;
  sim.runUntil(Time{5s});
  Timer timer(sim, [] {});
  timer.armAt(Time{6s});
  EXPECT_THROW(timer.armAt(Time{4s}), SchedulingError);
  EXPECT_TRUE(timer.armed());
  EXPECT_EQ(timer.deadline(), Time{6s});
}

}  // namespace
}  // namespace kns::sim
