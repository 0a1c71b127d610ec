// The pending-event set: record pooling, lazy cancel and compaction over the ladder queue.
#include "sim/event_queue.h"

#include <algorithm>
#include <stdexcept>

namespace kns::sim {

EventQueue::EventQueue(std::uint64_t order_limit) : order_limit_(order_limit) {
  keys_.setDeadKeys(this);
}

bool EventQueue::reap(std::uint32_t slot) {
  if (meta_[slot].state != State::Cancelled) return false;
  --cancelled_in_heap_;
  release(slot);
  return true;
}
EventQueue::~EventQueue() = default;

std::uint32_t EventQueue::allocateSlot() {
  if (!free_slots_.empty()) {
    std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  if (slots_used_ > kSlotMask) throw std::length_error("more than 268 million pending events");
  if ((slots_used_ >> kChunkBits) == chunks_.size()) {
    chunks_.push_back(std::make_unique<Cell[]>(kChunkSize));
  }
  meta_.emplace_back();
  return slots_used_++;
}

EventId EventQueue::push(Time time, EventCallback callback, EventTag tag) {
  if (next_order_ >= order_limit_) renumber();
  std::uint32_t slot = allocateSlot();
  cell(slot).callback = std::move(callback);
  Meta& meta = meta_[slot];
  meta.seq = next_seq_++;
  meta.tag = tag;
  meta.state = State::Pending;
  ++live_;
  keys_.push(
      EventKey{(next_order_++ << kSlotBits) | slot, static_cast<std::uint64_t>(toNanos(time))});
  return EventId{slot, meta.seq};
}

bool EventQueue::cancel(EventId id) {
  if (!isPending(id)) return false;
  meta_[id.slot].state = State::Cancelled;
  cell(id.slot).callback.reset();  // free captured state now, not when the key surfaces
  --live_;
  ++cancelled_in_heap_;
  if (cancelled_in_heap_ > 4096 && cancelled_in_heap_ > keys_.size() / 2) compact();
  return true;
}

bool EventQueue::isPending(EventId id) const {
  if (id.slot >= slots_used_) return false;
  const Meta& meta = meta_[id.slot];
  return meta.state == State::Pending && meta.seq == id.seq;
}

void EventQueue::release(std::uint32_t slot) {
  cell(slot).callback.reset();
  meta_[slot].state = State::Free;
  free_slots_.push_back(slot);
}

void EventQueue::dropCancelledTop() {
  while (!keys_.drained()) {
    std::uint32_t slot = keys_.min().slot();
    if (meta_[slot].state != State::Cancelled) return;
    keys_.popMin();
    --cancelled_in_heap_;
    release(slot);
  }
}

Time EventQueue::nextTime() {
  dropCancelledTop();
  if (keys_.drained()) return kTimeMax;
  return Time{Duration{static_cast<std::int64_t>(keys_.min().time)}};
}

bool EventQueue::popNext(Fired& fired) {
  for (;;) {
    if (keys_.drained()) return false;
    EventKey top = keys_.takeMin();
    std::uint32_t slot = top.slot();
    Meta& meta = meta_[slot];
    if (meta.state == State::Cancelled) {
      --cancelled_in_heap_;
      release(slot);
      continue;
    }
    // An event's cell and metadata were written when it was scheduled, long ago with many
    // events pending: fetch those of an event a few pops ahead so they are in cache when it runs.
    if (const EventKey* ahead = keys_.peekAhead(kPrefetchDistance)) {
      __builtin_prefetch(&meta_[ahead->slot()]);
      __builtin_prefetch(&cell(ahead->slot()));
    }
    meta.state = State::Running;
    --live_;
    fired = Fired{Time{Duration{static_cast<std::int64_t>(top.time)}}, meta.seq, meta.tag, slot};
    return true;
  }
}

// Drops the keys of cancelled events in one O(n) pass, run only when they are more than half.
void EventQueue::compact() {
  keys_.removeIf([this](const EventKey& key) {
    if (meta_[key.slot()].state != State::Cancelled) return false;
    release(key.slot());
    return true;
  });
  cancelled_in_heap_ = 0;
}

// The order counter has 36 bits (68 billion pushes). When it runs out, pending keys get new
// orders 0..n-1 in their current (time, order) order, which keeps FIFO ties intact.
void EventQueue::renumber() {
  std::vector<EventKey*> all;
  all.reserve(keys_.size());
  keys_.forEachKey([&all](EventKey& key) { all.push_back(&key); });
  std::sort(all.begin(), all.end(), [](const EventKey* a, const EventKey* b) { return *a < *b; });
  for (std::size_t i = 0; i < all.size(); ++i) {
    all[i]->order_slot = (static_cast<std::uint64_t>(i) << kSlotBits) | all[i]->slot();
  }
  next_order_ = all.size();
  ++renumberings_;
}

}  // namespace kns::sim
