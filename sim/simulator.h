// The discrete-event simulator: simulated clock, event scheduling, run control, random streams.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/event.h"
#include "sim/event_queue.h"
#include "sim/observer.h"
#include "sim/random.h"
#include "sim/time.h"

namespace kns::sim {

struct SimulatorConfig {
  std::uint64_t seed = 1;         // master seed of every random stream
  std::uint64_t replication = 0;  // independent replications of one seed (sweeps)
};

// Ceilings on the work of one run, so that a scenario cannot run for ever or fill memory with
// events; 0 means no ceiling. Checked per event with integer compares only.
struct WorkBudget {
  std::uint64_t max_events = 0;              // events in the whole run
  std::uint64_t max_events_per_second = 0;   // events within one second of simulated time
  std::uint64_t max_events_per_instant = 0;  // events at one simulated time (Zeno: time stops)
};

// A WorkBudget ceiling was reached. The simulator stays usable (now() is the event's time).
class WorkBudgetExceeded : public std::runtime_error {
 public:
  WorkBudgetExceeded(Time time, const std::string& what) : std::runtime_error(what), time_(time) {}
  Time time() const { return time_; }

 private:
  Time time_;
};

// An exception escaped an event or a process. Carries the simulated time and the event's tag;
// cause() is the original exception.
class SimulationError : public std::runtime_error {
 public:
  SimulationError(Time time, EventTag tag, std::exception_ptr cause, const std::string& what);
  Time time() const { return time_; }
  EventTag tag() const { return tag_; }
  std::exception_ptr cause() const { return cause_; }

 private:
  Time time_;
  EventTag tag_;
  std::exception_ptr cause_;
};

// Scheduling at a time earlier than now() (or a negative delay): a bug in the caller, never
// silently reordered.
class SchedulingError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class SleepAwaiter;

// One simulation. Not thread-safe: one Simulator per thread, any number side by side. No globals:
// whoever schedules is handed a Simulator&.
//
//   Simulator sim({.seed = 42});
//   sim.scheduleAfter(250us, [&] { ... });
//   sim.runUntil(Time{1s});
class Simulator {
 public:
  explicit Simulator(SimulatorConfig config = {});
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;
  ~Simulator();

  // Current simulated time: the time of the running event, or where the last run stopped.
  Time now() const { return now_; }
  const SimulatorConfig& config() const { return config_; }

  // Schedules callback at absolute time `at` (>= now(), else SchedulingError). Events at equal
  // times run in the order they were scheduled. The tag names the event kind for fingerprints
  // and error messages.
  EventId scheduleAt(Time at, EventCallback callback, EventTag tag = kUntagged);
  // Schedules callback `delay` (>= 0) after now().
  EventId scheduleAfter(Duration delay, EventCallback callback, EventTag tag = kUntagged);
  // Cancels a pending event: true if it was pending. Any id is safe to pass.
  bool cancel(EventId id) { return queue_.cancel(id); }
  bool isPending(EventId id) const { return queue_.isPending(id); }

  // Runs the next event; false if there was none.
  bool step();
  // Runs until no event is left or stop() is called.
  void run();
  // Runs every event with time <= until (including ones those events schedule at <= until),
  // then sets now() to `until` unless stop() was called first. until >= now().
  void runUntil(Time until);
  // Makes run()/runUntil() return after the current event.
  void stop() { stop_requested_ = true; }
  // run()/runUntil() also return soon (within a few thousand events) once `*flag` is true: a
  // Ctrl-C handler's flag, read without locks from another thread or a signal. nullptr: none.
  void setInterruptFlag(const std::atomic<bool>* flag) { interrupt_ = flag; }
  // True when the last run()/runUntil() returned because of the interrupt flag.
  bool interrupted() const { return interrupted_; }
  // Ceilings on work; exceeding one throws WorkBudgetExceeded from run()/runUntil()/step().
  void setBudget(WorkBudget budget) { budget_ = budget; }

  // Events executed so far (cancelled ones are not counted).
  std::uint64_t eventCount() const { return executed_; }
  // Live events still scheduled.
  std::size_t pendingCount() const { return queue_.size(); }
  // Time of the next live event, or kTimeMax.
  Time nextEventTime() { return queue_.nextTime(); }

  // The random stream of the named actor, created on first use from (seed, replication, name);
  // later calls return the same stream. The reference stays valid for the Simulator's life.
  RandomStream& stream(std::string_view name);

  // Tells `observer` (not owned; nullptr to remove) of every event before it runs.
  void setObserver(EventObserver* observer) { observer_ = observer; }

  // For coroutine processes: `co_await sim.sleep(d)` and `co_await sim.until(t)`.
  SleepAwaiter sleep(Duration delay);
  SleepAwaiter until(Time at);

 private:
  void execute(const EventQueue::Fired& fired);
  void chargeBudget(Time time);
  bool interruptRequested();

  SimulatorConfig config_;
  EventQueue queue_;
  Time now_ = kTimeZero;
  std::uint64_t executed_ = 0;
  bool stop_requested_ = false;
  bool interrupted_ = false;
  const std::atomic<bool>* interrupt_ = nullptr;
  WorkBudget budget_;
  Time instant_ = kTimeZero;  // the budget's current instant and its count
  std::uint64_t instant_events_ = 0;
  Time second_end_ = kTimeZero;  // the end of the budget's current simulated second
  std::uint64_t second_events_ = 0;
  EventObserver* observer_ = nullptr;
  std::map<std::string, std::unique_ptr<RandomStream>, std::less<>> streams_;
};

}  // namespace kns::sim

#include "sim/process.h"  // SleepAwaiter's definition, needed by callers of sleep()/until()
