// Small value types that name scheduled events: EventId, EventTag and the callback type.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/inline_function.h"

namespace kns::sim {

// What an event does when it fires. Captures must fit kInlineCallableBytes (no allocation).
using EventCallback = InlineFunction<void()>;

// A 32-bit label for the kind of an event ("kube-proxy.sync"). It feeds the fingerprint and
// error messages; it never changes behaviour. Make one with eventTag("name").
using EventTag = std::uint32_t;
inline constexpr EventTag kUntagged = 0;

// FNV-1a over the name: stable across compilers and machines, computable at compile time.
constexpr EventTag eventTag(std::string_view name) {
  std::uint32_t hash = 2166136261u;
  for (char c : name) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 16777619u;
  }
  return hash;
}

// Names one scheduled event. Always safe to use: cancelling or querying an id whose event has
// already run, been cancelled, or never existed (the default id) does nothing.
struct EventId {
  static constexpr std::uint32_t kNoSlot = 0xFFFFFFFFu;
  std::uint32_t slot = kNoSlot;
  std::uint64_t seq = 0;  // the event's insertion sequence number; unique within a Simulator

  friend bool operator==(const EventId&, const EventId&) = default;
};

}  // namespace kns::sim
