// Ladder queue stages: push routing, bucket spreading, and refilling the bottom heap.
#include "sim/ladder_queue.h"

#include <algorithm>
#include <bit>

namespace kns::sim {

LadderQueue::LadderQueue() {
  // A bucket becoming the run holds at most kBottomThreshold keys unless it cannot be split.
  run_.reserve(2 * kBottomThreshold);
  late_.keys().reserve(2 * kBottomThreshold);
}

std::uint64_t LadderQueue::Rung::bucketStart(std::size_t i) const {
  // Saturates instead of wrapping for rungs that reach the end of time.
  unsigned __int128 t = start + (static_cast<unsigned __int128>(i) << shift);
  return t > UINT64_MAX ? UINT64_MAX : static_cast<std::uint64_t>(t);
}

void LadderQueue::append(List& list, EventKey key) {
  std::uint32_t slot = key.slot();
  if (slot >= next_.size()) {
    // Grows with the number of slots only (the record pool's size), never per event.
    std::size_t size = std::max<std::size_t>(slot + 1, next_.size() * 2);
    next_.resize(size);
    key_of_.resize(size);
  }
  key_of_[slot] = key;
  next_[slot] = kNil;
  (list.tail == kNil ? list.head : next_[list.tail]) = slot;
  list.tail = slot;
  ++list.count;
}

void LadderQueue::place(Rung& rung, EventKey key) {
  auto index = static_cast<std::size_t>((key.time - rung.start) >> rung.shift);
  append(rung.buckets[index], key);
}

void LadderQueue::spread(List& list, Rung& rung) {
  for (std::uint32_t s = list.head; s != kNil;) {
    std::uint32_t next = next_[s];  // read first: place() rewrites next_[s]
    if (!reaped(key_of_[s])) place(rung, key_of_[s]);
    s = next;
  }
  list = List{};
}

void LadderQueue::push(EventKey key) {
  ++size_;
  if (key.time >= top_start_) {
    append(top_, key);
    top_min_ = std::min(top_min_, key.time);
    top_max_ = std::max(top_max_, key.time);
    return;
  }
  // Coarsest rung first: rung r holds [its current bucket's start, rung r-1's current start).
  for (std::size_t r = 0; r < rung_count_; ++r) {
    Rung& rung = rungs_[r];
    if (key.time >= rung.current_start) {
      place(rung, key);
      return;
    }
  }
  late_.push(key);
}

void LadderQueue::shapeRung(Rung& rung, std::uint64_t first, std::uint64_t last,
                            std::size_t expected) {
  // Buckets about as wide as the span divided by the number of keys, rounded up to a power of
  // two so that placing a key is a shift, not a division.
  std::uint64_t span = last - first;
  std::size_t buckets_wanted = std::max<std::size_t>(expected / kKeysPerBucket, 1);
  std::uint64_t width = span / buckets_wanted + 1;
  rung.shift = static_cast<int>(std::bit_width(width - 1));
  rung.start = first;
  rung.buckets_used = static_cast<std::size_t>((span >> rung.shift) + 1);
  rung.advanceTo(0);
  if (rung.buckets.size() < rung.buckets_used) rung.buckets.resize(rung.buckets_used);
}

void LadderQueue::transferTop() {
  Rung& rung = rungs_[0];
  shapeRung(rung, top_min_, top_max_, top_.count);
  spread(top_, rung);
  rung_count_ = 1;
  top_start_ = rung.bucketStart(rung.buckets_used);
  top_min_ = UINT64_MAX;
  top_max_ = 0;
}

void LadderQueue::refill() {
  while (bottomEmpty()) {
    if (rung_count_ == 0) {
      if (top_.count == 0) return;
      transferTop();
    }
    Rung& rung = rungs_[rung_count_ - 1];
    std::size_t index = rung.current;
    while (index < rung.buckets_used && rung.buckets[index].count == 0) ++index;
    if (index == rung.buckets_used) {
      --rung_count_;  // spent; the rung above resumes after the bucket this one came from
      continue;
    }
    List& bucket = rung.buckets[index];
    std::uint64_t bucket_first = rung.bucketStart(index);
    rung.advanceTo(index + 1);
    std::uint64_t bucket_last = rung.current_start - 1;
    if (bucket.count > kBottomThreshold && rung.shift > 0 && rung_count_ < kMaxRungs) {
      // Too many keys to sort at once: spread them over a finer rung covering this bucket.
      Rung& child = rungs_[rung_count_++];
      shapeRung(child, bucket_first, bucket_last, bucket.count);
      spread(bucket, child);
    } else {
      run_.clear();
      run_pos_ = 0;
      // Keys arrive in push order, so equal times are already in order and a bucket of one time
      // is copied as it is. Small buckets of several times are insertion-sorted on the way.
      if (bucket.count <= kBottomThreshold) {
        for (std::uint32_t s = bucket.head; s != kNil; s = next_[s]) {
          EventKey key = key_of_[s];
          if (reaped(key)) continue;
          std::size_t i = run_.size();
          run_.push_back(key);
          for (; i > 0 && key < run_[i - 1]; --i) run_[i] = run_[i - 1];
          run_[i] = key;
        }
      } else {
        for (std::uint32_t s = bucket.head; s != kNil; s = next_[s]) {
          if (!reaped(key_of_[s])) run_.push_back(key_of_[s]);
        }
        if (!std::is_sorted(run_.begin(), run_.end())) std::sort(run_.begin(), run_.end());
      }
      bucket = List{};
    }
  }
}

const EventKey& LadderQueue::min() {
  refill();
  return runIsNext() ? run_[run_pos_] : late_.top();
}

EventKey LadderQueue::takeMinSlow() {
  refill();
  --size_;
  if (runIsNext()) return run_[run_pos_++];
  EventKey key = late_.top();
  late_.pop();
  return key;
}

}  // namespace kns::sim
