// Re-armable timers over the simulator's cancellable events.
#include "sim/timer.h"

#include "sim/simulator.h"

namespace kns::sim {

Timer::Timer(Simulator& sim, Callback on_fire, EventTag tag)
    : sim_(sim), on_fire_(std::move(on_fire)), tag_(tag) {}

Timer::~Timer() { disarm(); }

void Timer::armAt(Time at) {
  EventId next = sim_.scheduleAt(
      at, [this] { fire(); }, tag_);  // throws before disarming
  sim_.cancel(pending_);
  pending_ = next;
  deadline_ = at;
}

void Timer::armAfter(Duration delay) {
  EventId next = sim_.scheduleAfter(
      delay, [this] { fire(); }, tag_);
  sim_.cancel(pending_);
  pending_ = next;
  deadline_ = sim_.now() + delay;
}

void Timer::disarm() {
  sim_.cancel(pending_);
  pending_ = EventId{};
}

bool Timer::armed() const { return sim_.isPending(pending_); }

void Timer::fire() {
  pending_ = EventId{};
  on_fire_();  // may re-arm this timer
}

}  // namespace kns::sim
