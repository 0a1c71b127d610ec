#include "sim/process.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "sim/simulator.h"

namespace kns::sim {
namespace {

using namespace std::chrono_literals;

Process ticker(Simulator& sim, std::vector<Time>& log, Duration period, int ticks) {
  for (int i = 0; i < ticks; ++i) {
    co_await sim.sleep(period);
    log.push_back(sim.now());
  }
}

TEST(Process, SleepsForTheGivenDuration) {
  Simulator sim;
  std::vector<Time> log;
  Process p = ticker(sim, log, 250ms, 3);
  EXPECT_FALSE(p.started());
  p.start(sim);
  sim.run();
  EXPECT_EQ(log, (std::vector<Time>{Time{250ms}, Time{500ms}, Time{750ms}}));
  EXPECT_TRUE(p.done());
}

TEST(Process, DoesNothingUntilStarted) {
  Simulator sim;
  std::vector<Time> log;
  Process p = ticker(sim, log, 1s, 1);
  sim.run();
  EXPECT_TRUE(log.empty());
  EXPECT_FALSE(p.done());
}

Process waitUntil(Simulator& sim, Time at, std::optional<Time>& woke) {
  co_await sim.until(at);
  woke = sim.now();
}

TEST(Process, UntilWakesAtAnAbsoluteTime) {
  Simulator sim;
  sim.runUntil(Time{1s});
  std::optional<Time> woke;
  Process p = waitUntil(sim, Time{4s}, woke);
  p.start(sim);
  sim.run();
  EXPECT_EQ(woke, Time{4s});
}

TEST(Process, DestroyingASleepingProcessCancelsItsWakeUp) {
  Simulator sim;
  std::vector<Time> log;
  {
    Process p = ticker(sim, log, 1s, 10);
    p.start(sim);
    sim.runUntil(Time{2500ms});
    EXPECT_EQ(log.size(), 2u);
    EXPECT_EQ(sim.pendingCount(), 1u);
  }
  EXPECT_EQ(sim.pendingCount(), 0u);
  sim.run();
  EXPECT_EQ(log.size(), 2u);
}

TEST(Process, DestroyingBeforeTheStartEventCancelsIt) {
  Simulator sim;
  std::vector<Time> log;
  {
    Process p = ticker(sim, log, 1s, 1);
    p.start(sim);
  }
  EXPECT_EQ(sim.pendingCount(), 0u);
  sim.run();
  EXPECT_TRUE(log.empty());
}

TEST(Process, MovingKeepsTheCoroutineAlive) {
  Simulator sim;
  std::vector<Time> log;
  Process a = ticker(sim, log, 1s, 2);
  a.start(sim);
  Process b = std::move(a);
  EXPECT_FALSE(a.valid());
  sim.run();
  EXPECT_EQ(log.size(), 2u);
  EXPECT_TRUE(b.done());
}

Process failing(Simulator& sim) {
  co_await sim.sleep(2s);
  throw std::runtime_error("controller bug");
}

TEST(Process, AnExceptionComesOutOfRunWithTheSimulatedTime) {
  Simulator sim;
  Process p = failing(sim);
  p.start(sim, eventTag("controller"));
  try {
    sim.run();
    FAIL() << "no exception";
  } catch (const SimulationError& e) {
    EXPECT_EQ(e.time(), Time{2s});
    EXPECT_EQ(e.tag(), eventTag("controller"));
    EXPECT_NE(std::string(e.what()).find("controller bug"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(p.done());
}

Process waiter(Simulator& sim, Trigger& trigger, std::vector<std::string>& log, std::string name) {
  co_await trigger.wait();
  log.push_back(name + "@" + formatDuration(sim.now().time_since_epoch()));
}

TEST(Trigger, NotifyAllWakesEveryWaiterInWaitOrderAtTheNotifyTime) {
  Simulator sim;
  Trigger trigger(sim);
  std::vector<std::string> log;
  Process a = waiter(sim, trigger, log, "a");
  Process b = waiter(sim, trigger, log, "b");
  a.start(sim);
  b.start(sim);
  sim.scheduleAt(Time{3s}, [&] {
    EXPECT_EQ(trigger.notifyAll(), 2u);
    log.push_back("notifier");  // the notifier finishes before anyone resumes
  });
  sim.run();
  EXPECT_EQ(log, (std::vector<std::string>{"notifier", "a@3s", "b@3s"}));
}

TEST(Trigger, NotifyOneWakesTheLongestWaiting) {
  Simulator sim;
  Trigger trigger(sim);
  std::vector<std::string> log;
  Process a = waiter(sim, trigger, log, "a");
  Process b = waiter(sim, trigger, log, "b");
  a.start(sim);
  b.start(sim);
  sim.scheduleAt(Time{1s}, [&] { EXPECT_TRUE(trigger.notifyOne()); });
  sim.run();
  EXPECT_EQ(log, (std::vector<std::string>{"a@1s"}));
  EXPECT_EQ(trigger.waiting(), 1u);
}

TEST(Trigger, NotifyWithoutWaitersIsNotRemembered) {
  Simulator sim;
  Trigger trigger(sim);
  std::vector<std::string> log;
  EXPECT_EQ(trigger.notifyAll(), 0u);
  Process a = waiter(sim, trigger, log, "a");
  a.start(sim);
  sim.run();
  EXPECT_TRUE(log.empty());
  EXPECT_EQ(trigger.waiting(), 1u);
}

TEST(Trigger, ADestroyedWaiterLeavesTheQueue) {
  Simulator sim;
  Trigger trigger(sim);
  std::vector<std::string> log;
  Process b = waiter(sim, trigger, log, "b");
  {
    Process a = waiter(sim, trigger, log, "a");
    a.start(sim);
    b.start(sim);
    sim.run();
    EXPECT_EQ(trigger.waiting(), 2u);
  }
  EXPECT_EQ(trigger.waiting(), 1u);
  trigger.notifyAll();
  sim.run();
  EXPECT_EQ(log, (std::vector<std::string>{"b@0s"}));
}

TEST(Trigger, AWaiterDestroyedAfterNotifyDoesNotResume) {
  Simulator sim;
  Trigger trigger(sim);
  std::vector<std::string> log;
  {
    Process a = waiter(sim, trigger, log, "a");
    a.start(sim);
    sim.run();
    trigger.notifyAll();
    EXPECT_EQ(sim.pendingCount(), 1u);
  }
  EXPECT_EQ(sim.pendingCount(), 0u);
  sim.run();
  EXPECT_TRUE(log.empty());
}

TEST(Trigger, DestroyingTheTriggerFirstIsSafe) {
  Simulator sim;
  std::vector<std::string> log;
  auto trigger = std::make_unique<Trigger>(sim);
  Process a = waiter(sim, *trigger, log, "a");
  a.start(sim);
  sim.run();
  trigger.reset();
  // `a` is destroyed at the end of the test, after its trigger: no crash (ASan checks this).
  EXPECT_TRUE(log.empty());
}

// A controller-style loop: waits for work, handles it, waits again.
Process worker(Simulator& sim, Trigger& work_arrived, int& pending, std::vector<Time>& handled) {
  for (;;) {
    while (pending == 0) co_await work_arrived.wait();
    --pending;
    co_await sim.sleep(100ms);
    handled.push_back(sim.now());
  }
}

TEST(Trigger, DrivesAControllerLoop) {
  Simulator sim;
  Trigger work_arrived(sim);
  int pending = 0;
  std::vector<Time> handled;
  Process p = worker(sim, work_arrived, pending, handled);
  p.start(sim);
  for (Duration at : {1s, 1s, 5s}) {
    sim.scheduleAt(Time{at}, [&] {
      ++pending;
      work_arrived.notifyAll();
    });
  }
  sim.runUntil(Time{10s});
  EXPECT_EQ(handled, (std::vector<Time>{Time{1100ms}, Time{1200ms}, Time{5100ms}}));
}

}  // namespace
}  // namespace kns::sim
