// The simulator's event loop and run control.
#include "sim/simulator.h"

#include <cstdio>

namespace kns::sim {
namespace {

std::string describe(std::exception_ptr cause) {
  try {
    std::rethrow_exception(cause);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

std::string tagText(EventTag tag) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%08x", tag);
  return buffer;
}

}  // namespace

SimulationError::SimulationError(Time time, EventTag tag, std::exception_ptr cause,
                                 const std::string& what)
    : std::runtime_error(what), time_(time), tag_(tag), cause_(std::move(cause)) {}

Simulator::Simulator(SimulatorConfig config) : config_(config) {}
Simulator::~Simulator() = default;

EventId Simulator::scheduleAt(Time at, EventCallback callback, EventTag tag) {
  if (at < now_) {
    throw SchedulingError("cannot schedule an event at " + formatTime(at) + ", before now (" +
                          formatTime(now_) + ")");
  }
  return queue_.push(at, std::move(callback), tag);
}

EventId Simulator::scheduleAfter(Duration delay, EventCallback callback, EventTag tag) {
  if (delay < Duration::zero()) {
    throw SchedulingError("cannot schedule an event a negative delay (" + formatDuration(delay) +
                          ") ahead");
  }
  if (delay > kTimeMax - now_) throw SchedulingError("delay runs past the end of time");
  return queue_.push(now_ + delay, std::move(callback), tag);
}

void Simulator::chargeBudget(Time time) {
  if (budget_.max_events != 0 && executed_ >= budget_.max_events) {
    throw WorkBudgetExceeded(time, "at " + formatTime(time) + ", the run reached its ceiling of " +
                                       std::to_string(budget_.max_events) +
                                       " events (raise it with --max-events)");
  }
  if (time != instant_) {
    instant_ = time;
    instant_events_ = 0;
  }
  if (budget_.max_events_per_instant != 0 && ++instant_events_ > budget_.max_events_per_instant) {
    throw WorkBudgetExceeded(
        time, "at " + formatTime(time) + ", simulated time stopped advancing: " +
                  std::to_string(budget_.max_events_per_instant) +
                  " events ran at this one instant (a loop of zero-delay events, such as "
                  "closed-loop users with no think time whose requests fail at once)");
  }
  if (time >= second_end_) {
    second_end_ = Time{std::chrono::duration_cast<Duration>(
        std::chrono::floor<std::chrono::seconds>(time.time_since_epoch()) +
        std::chrono::seconds(1))};
    second_events_ = 0;
  }
  if (budget_.max_events_per_second != 0 && ++second_events_ > budget_.max_events_per_second) {
    throw WorkBudgetExceeded(time, "at " + formatTime(time) + ", more than " +
                                       std::to_string(budget_.max_events_per_second) +
                                       " events ran within one simulated second (raise the "
                                       "ceiling with --max-events-per-second)");
  }
}

bool Simulator::interruptRequested() {
  // A relaxed load every 4096 events: negligible next to an event, and prompt in wall time.
  if ((executed_ & 4095) != 0 || interrupt_ == nullptr) return false;
  if (!interrupt_->load(std::memory_order_relaxed)) return false;
  interrupted_ = true;
  stop_requested_ = true;
  return true;
}

void Simulator::execute(const EventQueue::Fired& fired) {
  try {
    chargeBudget(fired.time);
  } catch (...) {
    queue_.release(fired.slot);
    throw;
  }
  now_ = fired.time;
  ++executed_;
  if (observer_ != nullptr) observer_->onEvent(fired.time, fired.seq, fired.tag);
  try {
    queue_.callback(fired.slot)();
  } catch (const SimulationError&) {
    queue_.release(fired.slot);
    throw;
  } catch (...) {
    queue_.release(fired.slot);
    std::exception_ptr cause = std::current_exception();
    std::string tag = fired.tag == kUntagged ? "" : " (tag " + tagText(fired.tag) + ")";
    throw SimulationError(
        fired.time, fired.tag, cause,
        "at " + formatTime(fired.time) + ", an event" + tag + " failed: " + describe(cause));
  }
  queue_.release(fired.slot);
}

bool Simulator::step() {
  EventQueue::Fired fired;
  if (!queue_.popNext(fired)) return false;
  execute(fired);
  return true;
}

void Simulator::run() {
  stop_requested_ = false;
  interrupted_ = false;
  EventQueue::Fired fired;
  while (!stop_requested_ && !interruptRequested() && queue_.popNext(fired)) execute(fired);
}

void Simulator::runUntil(Time until) {
  if (until < now_) {
    throw SchedulingError("cannot run until " + formatTime(until) + ", before now (" +
                          formatTime(now_) + ")");
  }
  stop_requested_ = false;
  interrupted_ = false;
  EventQueue::Fired fired;
  while (!stop_requested_ && !interruptRequested() && queue_.nextTime() <= until &&
         queue_.popNext(fired)) {
    execute(fired);
  }
  if (!stop_requested_) now_ = until;
}

RandomStream& Simulator::stream(std::string_view name) {
  auto it = streams_.find(name);
  if (it == streams_.end()) {
    auto created = std::make_unique<RandomStream>(config_.seed, config_.replication, name);
    it = streams_.emplace(std::string(name), std::move(created)).first;
  }
  return *it->second;
}

SleepAwaiter Simulator::sleep(Duration delay) {
  if (delay < Duration::zero()) {
    throw SchedulingError("cannot sleep a negative time (" + formatDuration(delay) + ")");
  }
  return SleepAwaiter(*this, now_ + delay);
}

SleepAwaiter Simulator::until(Time at) {
  if (at < now_) {
    throw SchedulingError("cannot wait until " + formatTime(at) + ", before now (" +
                          formatTime(now_) + ")");
  }
  return SleepAwaiter(*this, at);
}

}  // namespace kns::sim
