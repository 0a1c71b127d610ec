// The pending-event set: a ladder queue of compact keys over pooled event records.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/event.h"
#include "sim/event_key.h"
#include "sim/ladder_queue.h"
#include "sim/time.h"

namespace kns::sim {

// Orders events by (time, insertion sequence): FIFO at equal times. Cancel is lazy (the record is
// marked and its heap key dropped when it reaches the top), but cancelled keys never outnumber
// live ones by much: past a threshold the heap is compacted.
//
// Why this layout: the ordering structure (LadderQueue) moves only 16-byte keys (time,
// order|slot) and never touches callbacks. The callbacks live in fixed chunks of records that
// never move, reused through a LIFO free list, so steady-state scheduling does not allocate.
class EventQueue final : private DeadKeys {
 public:
  static constexpr int kSlotBits = EventKey::kSlotBits;
  static constexpr std::uint64_t kOrderLimit = std::uint64_t{1} << (64 - kSlotBits);

  // The event taken off the queue by popNext(); its record stays reserved until release().
  struct Fired {
    Time time;
    std::uint64_t seq;
    EventTag tag;
    std::uint32_t slot;
  };

  // order_limit: how many pushes before the tie-break counter is renumbered; only tests lower it.
  explicit EventQueue(std::uint64_t order_limit = kOrderLimit);
  ~EventQueue();
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;

  EventId push(Time time, EventCallback callback, EventTag tag);
  // Cancels a pending event; false (and nothing happens) if it is not pending.
  bool cancel(EventId id);
  bool isPending(EventId id) const;

  // Number of live (not cancelled) pending events.
  std::size_t size() const { return live_; }
  bool empty() const { return live_ == 0; }
  // Time of the earliest live event; kTimeMax when empty. Drops cancelled keys at the top.
  Time nextTime();

  // Takes the earliest live event off the heap; false when empty. The caller then runs
  // callback(fired.slot) and must call release(fired.slot).
  bool popNext(Fired& fired);
  EventCallback& callback(std::uint32_t slot) { return cell(slot).callback; }
  void release(std::uint32_t slot);

  // How often the tie-break counter has been renumbered (see renumber()); for tests.
  std::uint64_t renumberings() const { return renumberings_; }

 private:
  enum class State : std::uint8_t { Free, Pending, Cancelled, Running };
  // Per-slot bookkeeping, dense (16 bytes a slot) so that skipping cancelled keys stays in cache.
  struct Meta {
    std::uint64_t seq = 0;
    EventTag tag = kUntagged;
    State state = State::Free;
  };
  // A callback on a cache line of its own (48 bytes of capture + two pointers).
  struct alignas(64) Cell {
    EventCallback callback;
  };
  static constexpr std::uint64_t kSlotMask = EventKey::kSlotMask;
  static constexpr std::size_t kPrefetchDistance = 6;
  static constexpr int kChunkBits = 10;
  static constexpr std::uint32_t kChunkSize = 1u << kChunkBits;

  Cell& cell(std::uint32_t slot) { return chunks_[slot >> kChunkBits][slot & (kChunkSize - 1)]; }
  std::uint32_t allocateSlot();
  void dropCancelledTop();
  void compact();
  void renumber();

  bool reap(std::uint32_t slot) override;  // DeadKeys: a cancelled event's key is let go
  LadderQueue keys_;                       // includes keys of cancelled events not yet dropped
  std::vector<std::unique_ptr<Cell[]>> chunks_;  // fixed chunks: cells never move
  std::vector<Meta> meta_;                       // by slot
  std::vector<std::uint32_t> free_slots_;
  std::uint32_t slots_used_ = 0;
  std::uint64_t next_seq_ = 0;
  std::uint64_t next_order_ = 0;
  std::uint64_t order_limit_;
  std::size_t live_ = 0;
  std::size_t cancelled_in_heap_ = 0;
  std::uint64_t renumberings_ = 0;
};

}  // namespace kns::sim
