// A move-only callable stored inline (no heap), so scheduling an event never allocates.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace kns::sim {

// How many bytes of captured state an event callback may carry: enough for `this` plus a few
// ids, or a coroutine handle. A bigger capture is a compile error, not a hidden allocation: keep
// the state in the actor and capture a pointer to it.
inline constexpr std::size_t kInlineCallableBytes = 48;

template <typename Signature, std::size_t Capacity = kInlineCallableBytes>
class InlineFunction;

// Like std::move_only_function<R(Args...)>, but the callable must fit in Capacity bytes and be
// nothrow-movable; it is then stored in place. An empty InlineFunction must not be called.
template <typename R, typename... Args, std::size_t Capacity>
class InlineFunction<R(Args...), Capacity> {
 public:
  InlineFunction() noexcept = default;

  template <typename F, typename Stored = std::decay_t<F>>
  requires(!std::is_same_v<Stored, InlineFunction> && std::is_invocable_r_v<R, Stored&, Args...>)
      InlineFunction(F&& f)
  noexcept(std::is_nothrow_constructible_v<Stored, F&&>) {  // NOLINT
    static_assert(sizeof(Stored) <= Capacity,
                  "callable too large for an event: capture a pointer to the actor's state");
    static_assert(alignof(Stored) <= alignof(std::max_align_t), "callable over-aligned");
    static_assert(std::is_nothrow_move_constructible_v<Stored>, "callable must move noexcept");
    ::new (static_cast<void*>(storage_)) Stored(std::forward<F>(f));
    invoke_ = [](void* self, Args&&... args) -> R {
      return (*static_cast<Stored*>(self))(std::forward<Args>(args)...);
    };
    if constexpr (std::is_trivially_copyable_v<Stored> &&
                  std::is_trivially_destructible_v<Stored>) {
      manage_ = nullptr;  // plain bytes: moved by memcpy, nothing to destroy
    } else {
      manage_ = [](void* dst, void* src) noexcept {
        if (dst != nullptr) ::new (dst) Stored(std::move(*static_cast<Stored*>(src)));
        static_cast<Stored*>(src)->~Stored();
      };
    }
  }

  InlineFunction(InlineFunction&& other) noexcept { moveFrom(other); }
  InlineFunction& operator=(InlineFunction&& other) noexcept {
    if (this != &other) {
      reset();
      moveFrom(other);
    }
    return *this;
  }
  InlineFunction(const InlineFunction&) = delete;
  InlineFunction& operator=(const InlineFunction&) = delete;
  ~InlineFunction() { reset(); }

  explicit operator bool() const noexcept { return invoke_ != nullptr; }

  R operator()(Args... args) { return invoke_(storage_, std::forward<Args>(args)...); }

  // Destroys the held callable, leaving this empty.
  void reset() noexcept {
    if (manage_ != nullptr) manage_(nullptr, storage_);
    invoke_ = nullptr;
    manage_ = nullptr;
  }

 private:
  void moveFrom(InlineFunction& other) noexcept {
    invoke_ = other.invoke_;
    manage_ = other.manage_;
    if (manage_ != nullptr) {
      manage_(storage_, other.storage_);
    } else if (invoke_ != nullptr) {
      __builtin_memcpy(storage_, other.storage_, Capacity);
    }
    other.invoke_ = nullptr;
    other.manage_ = nullptr;
  }

  using Invoker = R (*)(void*, Args&&...);
  using Manager = void (*)(void* dst, void* src) noexcept;  // move to dst (if any), destroy src

  alignas(std::max_align_t) std::byte storage_[Capacity];
  Invoker invoke_ = nullptr;
  Manager manage_ = nullptr;
};

}  // namespace kns::sim
