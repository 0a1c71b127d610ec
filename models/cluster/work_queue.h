// A controller's work queue: keys marked dirty are processed together, once, after a delay.
#pragma once

#include <functional>
#include <set>
#include <utility>

#include "sim/simulator.h"
#include "sim/timer.h"

namespace kns::models {

// Coalesces changes as Kubernetes' work queues do: a key added many times before the queue runs
// is handled once. Keys are handled in their sorted order (determinism), each run an event of
// its own `delay` after the first add.
template <typename Key>
class WorkQueue {
 public:
  WorkQueue(sim::Simulator& sim, sim::Duration delay, sim::EventTag tag,
            std::function<void(Key)> handler)
      : delay_(delay),
        handler_(std::move(handler)),
        timer_(
            sim, [this] { run(); }, tag) {}

  void add(Key key) {
    pending_.insert(key);
    if (!timer_.armed()) timer_.armAfter(delay_);
  }

 private:
  void run() {
    std::set<Key> keys;
    keys.swap(pending_);  // keys added while handling wait for the next run
    for (const Key& key : keys) handler_(key);
  }

  sim::Duration delay_;
  std::function<void(Key)> handler_;
  std::set<Key> pending_;
  sim::Timer timer_;
};

}  // namespace kns::models
