// The 16-byte ordering key of a pending event, shared by the event-set structures.
#pragma once

#include <cstdint>

namespace kns::sim {

// (time, order, slot) packed in 16 bytes. Times are never negative, so the key compares as one
// unsigned 128-bit number (time high, order_slot low), which compiles to branch-free code.
// `order` grows with every push, so equal times pop first-in first-out; `slot` names the record.
struct EventKey {
  static constexpr int kSlotBits = 28;  // up to 268 million pending events
  static constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << kSlotBits) - 1;

  std::uint64_t order_slot;  // (order << kSlotBits) | slot
  std::uint64_t time;        // nanoseconds since the start, >= 0

  std::uint32_t slot() const { return static_cast<std::uint32_t>(order_slot & kSlotMask); }
  unsigned __int128 packed() const {
    return (static_cast<unsigned __int128>(time) << 64) | order_slot;
  }
  bool operator<(const EventKey& o) const { return packed() < o.packed(); }
};

}  // namespace kns::sim
