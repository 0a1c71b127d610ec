// Ladder queue stages: push routing, bucket spreading, and refilling the bottom heap.
#include "sim/ladder_queue.h"

#include <algorithm>
#include <bit>

namespace kns::sim {

LadderQueue::LadderQueue(BottomFilledHook hook, void* hook_context)
    : hook_(hook), hook_context_(hook_context) {
  // A bucket moved into bottom holds at most kBottomThreshold keys unless it cannot be split.
  scratch_.reserve(2 * kBottomThreshold);
  bottom_.keys().reserve(2 * kBottomThreshold);
}

std::uint64_t LadderQueue::Rung::bucketStart(std::size_t i) const {
  // Saturates instead of wrapping for rungs that reach the end of time.
  unsigned __int128 t = start + (static_cast<unsigned __int128>(i) << shift);
  return t > UINT64_MAX ? UINT64_MAX : static_cast<std::uint64_t>(t);
}

void LadderQueue::append(List& list, const EventKey& key) {
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

void LadderQueue::place(Rung& rung, const EventKey& key) {
  auto index = static_cast<std::size_t>((key.time - rung.start) >> rung.shift);
  append(rung.buckets[index], key);
}

void LadderQueue::spread(List& list, Rung& rung) {
  for (std::uint32_t s = list.head; s != kNil;) {
    std::uint32_t next = next_[s];  // read first: place() rewrites next_[s]
    place(rung, key_of_[s]);
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
    if (key.time >= rung.bucketStart(rung.current)) {
      place(rung, key);
      return;
    }
  }
  bottom_.push(key);
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
  rung.current = 0;
  rung.buckets_used = static_cast<std::size_t>((span >> rung.shift) + 1);
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
  while (bottom_.empty()) {
    if (rung_count_ == 0) {
      if (top_.count == 0) return;
      transferTop();
    }
    Rung& rung = rungs_[rung_count_ - 1];
    while (rung.current < rung.buckets_used && rung.buckets[rung.current].count == 0) {
      ++rung.current;
    }
    if (rung.current == rung.buckets_used) {
      --rung_count_;  // spent; the rung above resumes after the bucket this one came from
      continue;
    }
    List& bucket = rung.buckets[rung.current];
    std::uint64_t bucket_first = rung.bucketStart(rung.current);
    std::uint64_t bucket_last = rung.bucketStart(rung.current + 1) - 1;
    ++rung.current;
    if (bucket.count > kBottomThreshold && rung.shift > 0 && rung_count_ < kMaxRungs) {
      // Too many keys to sort at once: spread them over a finer rung covering this bucket.
      Rung& child = rungs_[rung_count_++];
      shapeRung(child, bucket_first, bucket_last, bucket.count);
      spread(bucket, child);
    } else {
      scratch_.clear();
      for (std::uint32_t s = bucket.head; s != kNil; s = next_[s]) scratch_.push_back(key_of_[s]);
      bucket = List{};
      bottom_.assign(scratch_);
      if (hook_ != nullptr) hook_(hook_context_, scratch_);
    }
  }
}

const EventKey& LadderQueue::min() {
  refill();
  return bottom_.top();
}

void LadderQueue::popMin() {
  refill();
  bottom_.pop();
  --size_;
}

}  // namespace kns::sim
