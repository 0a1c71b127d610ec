// 4-ary heap operations: branch-free child selection, bottom-up pop, Floyd construction.
#include "sim/key_heap.h"

namespace kns::sim {

std::size_t KeyHeap::minChild(std::size_t hole) const {
  std::size_t n = keys_.size();
  std::size_t first = 4 * hole + 1;
  if (first + 4 <= n) {
    // A tournament of index selects: event times look random to the branch predictor, so
    // data-dependent branches here would mispredict half the time.
    const EventKey* c = &keys_[first];
    std::size_t a = c[1] < c[0] ? 1 : 0;
    std::size_t b = c[3] < c[2] ? 3 : 2;
    return first + (c[b] < c[a] ? b : a);
  }
  if (first >= n) return n;
  std::size_t best = first;
  for (std::size_t i = first + 1; i < n; ++i) {
    if (keys_[i] < keys_[best]) best = i;
  }
  return best;
}

void KeyHeap::siftUp(std::size_t hole, EventKey key) {
  while (hole > 0) {
    std::size_t parent = (hole - 1) / 4;
    if (!(key < keys_[parent])) break;
    keys_[hole] = keys_[parent];
    hole = parent;
  }
  keys_[hole] = key;
}

void KeyHeap::push(EventKey key) {
  keys_.push_back(key);
  siftUp(keys_.size() - 1, key);
}

// Bottom-up: walk the hole down along the smallest children to a leaf without comparing with the
// moved key, then sift that key up. The last key usually belongs near the bottom, so this saves
// about half the comparisons of the classic sift-down.
void KeyHeap::pop() {
  EventKey last = keys_.back();
  keys_.pop_back();
  std::size_t n = keys_.size();
  if (n == 0) return;
  std::size_t hole = 0;
  for (std::size_t best; (best = minChild(hole)) < n; hole = best) keys_[hole] = keys_[best];
  siftUp(hole, last);
}

void KeyHeap::assign(const std::vector<EventKey>& keys) {
  keys_.assign(keys.begin(), keys.end());
  rebuild();
}

void KeyHeap::rebuild() {
  for (std::size_t i = keys_.size(); i-- > 0;) {
    EventKey key = keys_[i];
    std::size_t hole = i;
    for (std::size_t best; (best = minChild(hole)) < keys_.size() && keys_[best] < key;
         hole = best) {
      keys_[hole] = keys_[best];
    }
    keys_[hole] = key;
  }
}

}  // namespace kns::sim
