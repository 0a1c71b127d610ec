// The event set's ordering structure: a ladder queue (Tang, Goh & Thng, 2005) over EventKeys.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/event_key.h"
#include "sim/key_heap.h"

namespace kns::sim {

// A priority queue of EventKeys with O(1) amortised push and pop for the time distributions a
// simulation produces, and exact (time, order) ordering.
//
// Three stages, each holding earlier times than the next:
//   bottom  a small 4-ary heap, the only sorted stage; pops come from here;
//   rungs   up to 8 arrays of time buckets, each rung a finer subdivision of one bucket of the
//           rung above; keys are appended unsorted;
//   top     an unsorted list of everything at or after top_start_.
// When bottom runs dry, the first non-empty bucket of the finest rung moves into it, or, if that
// bucket holds more than kBottomThreshold keys, is split into a new finer rung. When every rung
// is spent, top is spread into a new rung.
//
// Why: with thousands to millions of pending events, a heap's pops walk cache lines at random
// (a 10-level descent at a million keys). Here a push appends to a bucket that is usually near
// "now" and therefore hot in cache, and a pop takes from a heap of a few dozen keys. Unlike the
// paper's bottom list, our bottom is a heap, so a burst of simultaneous events (which no bucket
// width can split) costs O(log n) per event instead of O(n).
//
// Buckets and top are singly linked lists threaded through arrays indexed by the key's slot, so
// moving keys between stages never allocates: storage grows only with the number of slots.
class LadderQueue {
 public:
  // Called with the keys that just moved into the bottom heap, i.e. the next few to pop, so the
  // owner can prefetch what it will need for them. Optional.
  using BottomFilledHook = void (*)(void* context, const std::vector<EventKey>& keys);
  explicit LadderQueue(BottomFilledHook hook = nullptr, void* hook_context = nullptr);
  void push(EventKey key);
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  // The smallest key. Not empty() is required. May move keys between stages.
  const EventKey& min();
  // Removes min().
  void popMin();
  // The smallest key if it is already known without moving keys, else nullptr (for prefetching).
  const EventKey* peekCheap() const { return bottom_.empty() ? nullptr : &bottom_.top(); }

  // Removes every key for which drop(key) is true, calling it once per key. O(n).
  template <typename Drop>
  void removeIf(Drop drop);
  // Gives the address of every key, in no particular order, for renumbering. The caller may
  // change order bits (not slots) as long as the relative order of all keys stays the same.
  template <typename Visit>
  void forEachKey(Visit visit);

 private:
  static constexpr std::uint32_t kNil = 0xFFFFFFFFu;
  struct List {
    std::uint32_t head = kNil;
    std::uint32_t tail = kNil;
    std::uint32_t count = 0;
  };
  struct Rung {
    std::uint64_t start = 0;       // time of bucket 0
    int shift = 0;                 // bucket width is 2^shift nanoseconds
    std::size_t current = 0;       // buckets before this one are spent
    std::size_t buckets_used = 0;  // buckets in use: [0, buckets_used)
    std::vector<List> buckets;
    std::uint64_t bucketStart(std::size_t i) const;
  };
  static constexpr std::size_t kMaxRungs = 8;
  static constexpr std::size_t kBottomThreshold = 48;
  // A few keys per bucket: fewer, fuller buckets mean less scanning, and each move into bottom
  // announces several upcoming events at once (see BottomFilledHook).
  static constexpr std::size_t kKeysPerBucket = 1;

  void append(List& list, const EventKey& key);
  void place(Rung& rung, const EventKey& key);
  // Moves every key of `list` into `rung`, leaving the list empty.
  void spread(List& list, Rung& rung);
  void refill();
  void transferTop();
  // Shapes `rung` to cover [first, last] with about kKeysPerBucket keys per bucket for
  // `expected` keys.
  void shapeRung(Rung& rung, std::uint64_t first, std::uint64_t last, std::size_t expected);
  template <typename Visit>
  void forEachList(Visit visit);

  std::vector<EventKey> key_of_;     // by slot: the key while it sits in a list
  std::vector<std::uint32_t> next_;  // by slot: the next slot in the same list
  List top_;
  std::uint64_t top_start_ = 0;  // keys at or after this time go to top_
  std::uint64_t top_min_ = UINT64_MAX;
  std::uint64_t top_max_ = 0;
  std::array<Rung, kMaxRungs> rungs_;
  std::size_t rung_count_ = 0;
  KeyHeap bottom_;
  std::vector<EventKey> scratch_;  // a bucket on its way into bottom_
  BottomFilledHook hook_;
  void* hook_context_;
  std::size_t size_ = 0;
};

template <typename Visit>
void LadderQueue::forEachList(Visit visit) {
  visit(top_);
  for (std::size_t r = 0; r < rung_count_; ++r) {
    Rung& rung = rungs_[r];
    for (std::size_t b = rung.current; b < rung.buckets_used; ++b) visit(rung.buckets[b]);
  }
}

template <typename Drop>
void LadderQueue::removeIf(Drop drop) {
  forEachList([&](List& list) {
    List kept;
    for (std::uint32_t s = list.head; s != kNil;) {
      std::uint32_t next = next_[s];
      if (drop(key_of_[s])) {
        --size_;
      } else {
        append(kept, key_of_[s]);
      }
      s = next;
    }
    list = kept;
  });
  std::vector<EventKey>& keys = bottom_.keys();
  std::size_t kept = 0;
  for (const EventKey& key : keys) {
    if (!drop(key)) keys[kept++] = key;
  }
  size_ -= keys.size() - kept;
  keys.resize(kept);
  bottom_.rebuild();
}

template <typename Visit>
void LadderQueue::forEachKey(Visit visit) {
  forEachList([&](List& list) {
    for (std::uint32_t s = list.head; s != kNil; s = next_[s]) visit(key_of_[s]);
  });
  for (EventKey& key : bottom_.keys()) visit(key);
}

}  // namespace kns::sim
