// An owned, re-armable timeout: at most one pending firing, cancelled when the owner dies.
#pragma once

#include "sim/event.h"
#include "sim/time.h"

namespace kns::sim {

class Simulator;

// The actor's handle on "do this at time t unless re-armed". Arming an armed timer moves its
// deadline (the old firing is cancelled); the destructor disarms. Not movable: the pending event
// points at the timer.
//
//   Timer sync_timer_{sim_, [this] { syncRules(); }, eventTag("kube-proxy.sync")};
//   sync_timer_.armAt(last_sync_ + min_sync_period_);
class Timer {
 public:
  using Callback = InlineFunction<void(), 32>;

  Timer(Simulator& sim, Callback on_fire, EventTag tag = kUntagged);
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;
  ~Timer();

  // Fires at absolute time `at` (>= now). Replaces any pending firing.
  void armAt(Time at);
  // Fires `delay` (>= 0) from now. Replaces any pending firing.
  void armAfter(Duration delay);
  // Cancels the pending firing, if any.
  void disarm();
  bool armed() const;
  // The pending firing's time; only meaningful when armed().
  Time deadline() const { return deadline_; }

 private:
  void fire();

  Simulator& sim_;
  Callback on_fire_;
  EventTag tag_;
  EventId pending_;
  Time deadline_ = kTimeZero;
};

}  // namespace kns::sim
