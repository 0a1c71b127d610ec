// The pending-event set: 4-ary heap operations, record pooling, lazy cancel and compaction.
#include "sim/event_queue.h"

#include <algorithm>
#include <stdexcept>

namespace kns::sim {

EventQueue::EventQueue(std::uint64_t order_limit) : order_limit_(order_limit) {
  heap_.reserve(1024);
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
    chunks_.push_back(std::make_unique<Record[]>(kChunkSize));
  }
  return slots_used_++;
}

EventId EventQueue::push(Time time, EventCallback callback, EventTag tag) {
  if (next_order_ >= order_limit_) renumber();
  std::uint32_t slot = allocateSlot();
  Record& rec = record(slot);
  rec.callback = std::move(callback);
  rec.seq = next_seq_++;
  rec.tag = tag;
  rec.state = State::Pending;
  ++live_;
  heap_.push_back({});
  siftUp(heap_.size() - 1,
         Key{(next_order_++ << kSlotBits) | slot, static_cast<std::uint64_t>(toNanos(time))});
  return EventId{slot, rec.seq};
}

std::size_t EventQueue::minChild(std::size_t hole) const {
  std::size_t n = heap_.size();
  std::size_t first = 4 * hole + 1;
  if (first + 4 <= n) {
    // A tournament of index selects: no data-dependent branches, which matter because event
    // times are as good as random to the branch predictor.
    const Key* c = &heap_[first];
    std::size_t a = c[1] < c[0] ? 1 : 0;
    std::size_t b = c[3] < c[2] ? 3 : 2;
    return first + (c[b] < c[a] ? b : a);
  }
  if (first >= n) return n;
  std::size_t best = first;
  for (std::size_t i = first + 1; i < n; ++i) {
    if (heap_[i] < heap_[best]) best = i;
  }
  return best;
}

void EventQueue::siftUp(std::size_t hole, Key key) {
  while (hole > 0) {
    std::size_t parent = (hole - 1) / 4;
    if (!(key < heap_[parent])) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = key;
}

// Removes heap_[0]. Bottom-up variant: walk the hole down along the smallest children to a leaf
// without comparing against the moved key, then sift that key up. In a hold pattern the last key
// belongs near the bottom, so this saves about half the comparisons of the classic sift-down.
void EventQueue::popTop() {
  Key last = heap_.back();
  heap_.pop_back();
  std::size_t n = heap_.size();
  if (n == 0) return;
  std::size_t hole = 0;
  for (std::size_t best; (best = minChild(hole)) < n; hole = best) heap_[hole] = heap_[best];
  siftUp(hole, last);
}

bool EventQueue::cancel(EventId id) {
  if (!isPending(id)) return false;
  Record& rec = record(id.slot);
  rec.state = State::Cancelled;
  rec.callback.reset();  // free captured state now, not when the key surfaces
  --live_;
  ++cancelled_in_heap_;
  if (cancelled_in_heap_ > 4096 && cancelled_in_heap_ > heap_.size() / 2) compact();
  return true;
}

bool EventQueue::isPending(EventId id) const {
  if (id.slot >= slots_used_) return false;
  const Record& rec = record(id.slot);
  return rec.state == State::Pending && rec.seq == id.seq;
}

void EventQueue::release(std::uint32_t slot) {
  Record& rec = record(slot);
  rec.callback.reset();
  rec.state = State::Free;
  free_slots_.push_back(slot);
}

void EventQueue::dropCancelledTop() {
  while (!heap_.empty()) {
    auto slot = static_cast<std::uint32_t>(heap_[0].order_slot & kSlotMask);
    if (record(slot).state != State::Cancelled) return;
    popTop();
    --cancelled_in_heap_;
    release(slot);
  }
}

Time EventQueue::nextTime() {
  dropCancelledTop();
  return heap_.empty() ? kTimeMax : Time{Duration{static_cast<std::int64_t>(heap_[0].time)}};
}

bool EventQueue::popNext(Fired& fired) {
  dropCancelledTop();
  if (heap_.empty()) return false;
  Key top = heap_[0];
  popTop();
  auto slot = static_cast<std::uint32_t>(top.order_slot & kSlotMask);
  Record& rec = record(slot);
  rec.state = State::Running;
  --live_;
  fired = Fired{Time{Duration{static_cast<std::int64_t>(top.time)}}, rec.seq, rec.tag, slot};
  return true;
}

// Rebuilds the heap without cancelled keys: O(n), run only when they are more than half.
void EventQueue::compact() {
  std::size_t kept = 0;
  for (const Key& key : heap_) {
    auto slot = static_cast<std::uint32_t>(key.order_slot & kSlotMask);
    if (record(slot).state == State::Cancelled) {
      release(slot);
    } else {
      heap_[kept++] = key;
    }
  }
  heap_.resize(kept);
  cancelled_in_heap_ = 0;
  // Floyd's heap construction, 4-ary.
  for (std::size_t i = heap_.size(); i-- > 0;) {
    Key key = heap_[i];
    std::size_t hole = i;
    for (std::size_t best; (best = minChild(hole)) < heap_.size() && heap_[best] < key;
         hole = best) {
      heap_[hole] = heap_[best];
    }
    heap_[hole] = key;
  }
}

// The order counter has 36 bits (68 billion pushes). When it runs out, pending keys get new
// orders 0..n-1 in their current (time, order) order, which keeps FIFO ties intact.
void EventQueue::renumber() {
  std::sort(heap_.begin(), heap_.end());  // a sorted array is a valid heap
  for (std::size_t i = 0; i < heap_.size(); ++i) {
    std::uint64_t slot = heap_[i].order_slot & kSlotMask;
    heap_[i].order_slot = (static_cast<std::uint64_t>(i) << kSlotBits) | slot;
  }
  next_order_ = heap_.size();
  ++renumberings_;
}

}  // namespace kns::sim
