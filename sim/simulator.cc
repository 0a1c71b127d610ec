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

void Simulator::execute(const EventQueue::Fired& fired) {
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
  EventQueue::Fired fired;
  while (!stop_requested_ && queue_.popNext(fired)) execute(fired);
}

void Simulator::runUntil(Time until) {
  if (until < now_) {
    throw SchedulingError("cannot run until " + formatTime(until) + ", before now (" +
                          formatTime(now_) + ")");
  }
  stop_requested_ = false;
  EventQueue::Fired fired;
  while (!stop_requested_ && queue_.nextTime() <= until && queue_.popNext(fired)) execute(fired);
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
