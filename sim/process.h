// Coroutine processes for control-plane loops: co_await sim.sleep(d), sim.until(t), trigger.wait().
#pragma once

#include <coroutine>
#include <cstddef>

#include "sim/event.h"
#include "sim/time.h"

namespace kns::sim {

class Simulator;

inline constexpr EventTag kProcessWakeTag = eventTag("process.wake");

// An owned coroutine. Write a loop as a function returning Process, keep the Process in the actor
// that owns the loop, and start() it:
//
//   sim::Process Controller::syncLoop() {
//     for (;;) { sync(); co_await sim_.sleep(config_.period); }
//   }
//   loop_ = syncLoop();  loop_.start(sim_, eventTag("controller.sync"));
//
// Destroying the Process destroys the coroutine and cancels its pending wake-up, so an actor that
// dies takes its loops with it. An exception thrown inside comes out of Simulator::run() as a
// SimulationError with the simulated time; the process is then done(). Never destroy a Process
// from inside its own coroutine, and destroy processes before their Simulator.
class Process {
 public:
  struct promise_type {
    EventTag tag = kProcessWakeTag;
    Process get_return_object() {
      return Process(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    // Rethrown into the event that resumed the coroutine, hence out of run(); the coroutine is
    // then considered suspended at its final point.
    void unhandled_exception() { throw; }
  };

  Process() noexcept = default;
  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process();

  // Runs the body from its start in an event at sim.now(); its wake-ups carry `tag`.
  void start(Simulator& sim, EventTag tag = kProcessWakeTag);
  bool valid() const { return static_cast<bool>(handle_); }
  bool started() const { return started_; }
  bool done() const { return handle_ && handle_.done(); }

 private:
  explicit Process(std::coroutine_handle<promise_type> handle) : handle_(handle) {}
  void destroy() noexcept;

  std::coroutine_handle<promise_type> handle_;
  Simulator* sim_ = nullptr;
  EventId start_event_;
  bool started_ = false;
};

using ProcessHandle = std::coroutine_handle<Process::promise_type>;

// What sim.sleep(d) and sim.until(t) return; resumes the process at the given time. If the
// process is destroyed while asleep, the wake-up is cancelled.
class SleepAwaiter {
 public:
  SleepAwaiter(Simulator& sim, Time at) : sim_(sim), at_(at) {}
  SleepAwaiter(const SleepAwaiter&) = delete;
  SleepAwaiter& operator=(const SleepAwaiter&) = delete;
  ~SleepAwaiter();
  bool await_ready() const noexcept { return false; }
  void await_suspend(ProcessHandle handle);
  void await_resume() const noexcept {}

 private:
  Simulator& sim_;
  Time at_;
  EventId wake_;
};

class Trigger;

// What trigger.wait() returns. Linked into the trigger's FIFO of waiters while suspended.
class TriggerAwaiter {
 public:
  explicit TriggerAwaiter(Trigger& trigger);
  TriggerAwaiter(const TriggerAwaiter&) = delete;
  TriggerAwaiter& operator=(const TriggerAwaiter&) = delete;
  ~TriggerAwaiter();
  bool await_ready() const noexcept { return false; }
  void await_suspend(ProcessHandle handle);
  void await_resume() const noexcept {}

 private:
  friend class Trigger;
  Simulator& sim_;
  Trigger* trigger_;  // null once the trigger is gone
  ProcessHandle handle_;
  TriggerAwaiter* prev_ = nullptr;
  TriggerAwaiter* next_ = nullptr;
  bool linked_ = false;
  EventId wake_;
};

// A condition processes wait on: `co_await trigger.wait()` suspends until the next notify.
// Waiters wake in the order they started waiting, each in its own event at the notifying time
// (never resumed inside notify, so the notifier finishes first). Typical use:
//   while (!ready()) co_await ready_changed_.wait();
class Trigger {
 public:
  explicit Trigger(Simulator& sim) : sim_(sim) {}
  Trigger(const Trigger&) = delete;
  Trigger& operator=(const Trigger&) = delete;
  // Waiters still linked stay suspended; their processes can still be destroyed safely.
  ~Trigger();

  TriggerAwaiter wait() { return TriggerAwaiter(*this); }
  // Wakes every current waiter; returns how many.
  std::size_t notifyAll();
  // Wakes the longest-waiting waiter, if any; returns whether one was woken.
  bool notifyOne();
  std::size_t waiting() const { return waiting_; }

 private:
  friend class TriggerAwaiter;
  void link(TriggerAwaiter& waiter);
  void unlink(TriggerAwaiter& waiter);
  void wake(TriggerAwaiter& waiter);

  Simulator& sim_;
  TriggerAwaiter* head_ = nullptr;
  TriggerAwaiter* tail_ = nullptr;
  std::size_t waiting_ = 0;
};

}  // namespace kns::sim
