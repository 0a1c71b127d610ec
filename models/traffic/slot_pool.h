// Objects kept in reusable slots and named by handles (generation << 32 | slot), so that the
// steady state allocates nothing and a stale handle (its object gone, its slot reused) finds
// nothing. The DataPlane's requests and connections live here.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace kns::models {

template <typename T>
class SlotPool {
 public:
  // A slot for a new object and its handle. A reused slot's object is passed to `reset` (which
  // may keep buffers' capacity); a new slot's object is value-initialised.
  template <typename Reset>
  std::uint64_t acquire(Reset&& reset) {
    std::uint32_t slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
      reset(*slots_[slot].value);
    } else {
      slot = static_cast<std::uint32_t>(slots_.size());
      slots_.push_back(Slot{0, false, std::make_unique<T>()});
    }
    Slot& s = slots_[slot];
    ++s.generation;
    s.active = true;
    ++active_;
    return (static_cast<std::uint64_t>(s.generation) << 32) | slot;
  }

  // The object of a live handle, else null.
  T* find(std::uint64_t handle) const {
    auto slot = static_cast<std::uint32_t>(handle & 0xFFFFFFFFu);
    if (slot >= slots_.size()) return nullptr;
    const Slot& s = slots_[slot];
    if (!s.active || s.generation != static_cast<std::uint32_t>(handle >> 32)) return nullptr;
    return s.value.get();
  }

  // Ends a live handle (a stale one is ignored); its slot is reused by a later acquire().
  void release(std::uint64_t handle) {
    if (find(handle) == nullptr) return;
    auto slot = static_cast<std::uint32_t>(handle & 0xFFFFFFFFu);
    slots_[slot].active = false;
    --active_;
    free_.push_back(slot);
  }

  std::size_t active() const { return active_; }

  // Every live object, in slot order.
  template <typename Visit>
  void forEach(Visit&& visit) const {
    for (const Slot& s : slots_) {
      if (s.active) visit(static_cast<const T&>(*s.value));
    }
  }

 private:
  struct Slot {
    std::uint32_t generation = 0;
    bool active = false;
    std::unique_ptr<T> value;  // stable addresses while the pool grows
  };
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  std::size_t active_ = 0;
};

}  // namespace kns::models
