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
//   bottom  the only ordered stage, where pops come from: a sorted run (one bucket, sorted when
//           it moved down) plus a small 4-ary heap for keys pushed straight into bottom's range;
//   rungs   up to 8 arrays of time buckets, each rung a finer subdivision of one bucket of the
//           rung above; keys are appended unsorted;
//   top     an unsorted list of everything at or after top_start_.
// When bottom runs dry, the first non-empty bucket of the finest rung becomes the run, or, if that
// bucket holds more than kBottomThreshold keys and is wider than 1 ns, is split into a new finer
// rung. When every rung is spent, top is spread into a new rung.
//
// Why: with thousands to millions of pending events, a heap's pops walk cache lines at random
// (a 10-level descent at a million keys). Here a push appends to a bucket that is usually near
// "now" and therefore hot in cache, and a pop takes the next key of a sorted run. Keys reach a
// bucket in push order, so a bucket of simultaneous events (which no bucket width can split) is
// already sorted: a burst of a thousand events at one nanosecond costs O(1) per event. Unlike
// the paper's bottom list, late arrivals go to a heap, never into the middle of a list.
//
// Buckets and top are singly linked lists threaded through arrays indexed by the key's slot, so
// moving keys between stages never allocates: storage grows only with the number of slots.
// Told of each key as it moves down a stage, so that the keys of cancelled events (timeouts
// that did not fire: most of them, in a network model) are let go on the way down instead of
// being spread again, sorted and popped one by one at the bottom.
class DeadKeys {
 public:
  // True when the key's event is dead; the owner has then let its slot go.
  virtual bool reap(std::uint32_t slot) = 0;

 protected:
  ~DeadKeys() = default;
};

class LadderQueue {
 public:
  LadderQueue();
  // `dead` (not owned; may be null) is asked about each key moved down the ladder.
  void setDeadKeys(DeadKeys* dead) { dead_ = dead; }
  void push(EventKey key);
  // Keys held, counting dead ones not yet let go.
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  // Whether a key is left once dead ones on their way down are let go (so min() and takeMin()
  // may be called when this is false). Moves keys down to the bottom.
  bool drained() {
    if (size_ != 0 && bottomEmpty()) refill();
    return size_ == 0;
  }
  // The smallest key. Not drained() is required. May move keys between stages.
  const EventKey& min();
  // Removes min().
  void popMin() { takeMin(); }
  // Removes and returns min(). Not drained() is required.
  EventKey takeMin() {
    if (run_pos_ < run_.size() && late_.empty()) {  // the common case, kept inline
      --size_;
      return run_[run_pos_++];
    }
    return takeMinSlow();
  }
  // A key expected to pop about `ahead` pops from now, if one is at hand without moving keys;
  // else nullptr. For prefetching what those events will need.
  const EventKey* peekAhead(std::size_t ahead) const {
    std::size_t i = run_pos_ + ahead;
    return i < run_.size() ? &run_[i] : nullptr;
  }

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
    std::uint64_t start = 0;          // time of bucket 0
    int shift = 0;                    // bucket width is 2^shift nanoseconds
    std::size_t current = 0;          // buckets before this one are spent
    std::size_t buckets_used = 0;     // buckets in use: [0, buckets_used)
    std::uint64_t current_start = 0;  // bucketStart(current), cached for push()
    std::vector<List> buckets;
    std::uint64_t bucketStart(std::size_t i) const;
    void advanceTo(std::size_t bucket) {
      current = bucket;
      current_start = bucketStart(bucket);
    }
  };
  static constexpr std::size_t kMaxRungs = 8;
  static constexpr std::size_t kBottomThreshold = 48;
  // Keys per bucket when a rung is shaped. Measured with bench/kernel_bench: 1 beats 2 and 4,
  // because a bucket of several times must be sorted when it moves down, while scanning past
  // empty buckets is cheap.
  static constexpr std::size_t kKeysPerBucket = 1;

  void append(List& list, EventKey key);
  void place(Rung& rung, EventKey key);
  // Moves every key of `list` into `rung`, leaving the list empty.
  void spread(List& list, Rung& rung);
  EventKey takeMinSlow();
  bool bottomEmpty() const { return run_pos_ == run_.size() && late_.empty(); }
  bool runIsNext() const {
    return run_pos_ < run_.size() && (late_.empty() || run_[run_pos_] < late_.top());
  }
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
  std::vector<EventKey> run_;  // sorted; [run_pos_, end) not yet popped
  std::size_t run_pos_ = 0;
  KeyHeap late_;  // keys pushed below the finest rung's current bucket
  std::size_t size_ = 0;
  DeadKeys* dead_ = nullptr;
  // Whether a key moving down is dead (and then no longer counted).
  bool reaped(const EventKey& key) {
    if (dead_ == nullptr || !dead_->reap(key.slot())) return false;
    --size_;
    return true;
  }
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
  auto filterVector = [&](std::vector<EventKey>& keys, std::size_t from) {
    std::size_t kept = from;
    for (std::size_t i = from; i < keys.size(); ++i) {
      if (!drop(keys[i])) keys[kept++] = keys[i];
    }
    size_ -= keys.size() - kept;
    keys.resize(kept);
  };
  filterVector(run_, run_pos_);  // order is kept, so the run stays sorted
  filterVector(late_.keys(), 0);
  late_.rebuild();
}

template <typename Visit>
void LadderQueue::forEachKey(Visit visit) {
  forEachList([&](List& list) {
    for (std::uint32_t s = list.head; s != kNil; s = next_[s]) visit(key_of_[s]);
  });
  for (std::size_t i = run_pos_; i < run_.size(); ++i) visit(run_[i]);
  for (EventKey& key : late_.keys()) visit(key);
}

}  // namespace kns::sim
