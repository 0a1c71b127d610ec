// A first-in first-out queue in one growing circular buffer. std::deque frees a block as its
// front empties and allocates one as its back fills, so a queue that merely turns over (a pod's
// waiting requests, a source's waiting requests) allocates every few dozen pushes forever; this
// one allocates only when it grows past its largest size so far.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace kns::sim {

template <typename T>
class RingQueue {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void push_back(T value) {
    if (size_ == slots_.size()) grow();
    slots_[(head_ + size_) & (slots_.size() - 1)] = std::move(value);
    ++size_;
  }
  template <typename... Args>
  void emplace_back(Args&&... args) {
    push_back(T{std::forward<Args>(args)...});
  }
  T& front() { return slots_[head_]; }
  const T& front() const { return slots_[head_]; }
  void pop_front() {
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
  }
  void clear() {
    head_ = 0;
    size_ = 0;
  }
  // The i-th element from the front.
  const T& operator[](std::size_t i) const { return slots_[(head_ + i) & (slots_.size() - 1)]; }

  template <typename Visit>
  void forEach(Visit&& visit) const {
    for (std::size_t i = 0; i < size_; ++i) visit((*this)[i]);
  }

 private:
  // Doubles the capacity (a power of two, so an index wraps with a mask), oldest first.
  void grow() {
    std::vector<T> bigger(slots_.empty() ? 16 : 2 * slots_.size());
    for (std::size_t i = 0; i < size_; ++i)
      bigger[i] = std::move(slots_[(head_ + i) & (slots_.size() - 1)]);
    slots_ = std::move(bigger);
    head_ = 0;
  }

  std::vector<T> slots_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace kns::sim
