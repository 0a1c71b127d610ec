// A 4-ary min-heap of EventKeys: the exact-order stage of the event set.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/event_key.h"

namespace kns::sim {

// Four children per node: with 16-byte keys one node's children share a cache line, and the tree
// is half as deep as a binary heap.
class KeyHeap {
 public:
  bool empty() const { return keys_.empty(); }
  std::size_t size() const { return keys_.size(); }
  const EventKey& top() const { return keys_[0]; }
  void push(EventKey key);
  void pop();
  // Replaces the contents with `keys` (any order), in O(n).
  void assign(const std::vector<EventKey>& keys);
  void clear() { keys_.clear(); }
  // Direct access for compaction and renumbering; call rebuild() after changing the order.
  std::vector<EventKey>& keys() { return keys_; }
  void rebuild();

 private:
  std::size_t minChild(std::size_t hole) const;
  void siftUp(std::size_t hole, EventKey key);
  std::vector<EventKey> keys_;
};

}  // namespace kns::sim
