// The one hook through which the outside watches the kernel execute events.
#pragma once

#include <cstdint>

#include "sim/event.h"
#include "sim/time.h"

namespace kns::sim {

// Told of every event just before it runs. Implementations must not schedule or cancel events.
class EventObserver {
 public:
  virtual ~EventObserver() = default;
  virtual void onEvent(Time time, std::uint64_t seq, EventTag tag) = 0;
};

}  // namespace kns::sim
