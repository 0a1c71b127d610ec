// A 64-bit hash of the executed event sequence, to catch any change in behaviour.
#pragma once

#include <cstdint>
#include <string>

#include "sim/observer.h"

namespace kns::sim {

// Folds (time, sequence, tag) of each executed event into a running hash, in execution order:
// h = splitMix64(h ^ time), then ^ seq, then ^ tag. Two runs with the same fingerprint executed
// the same events at the same times in the same order (up to a 2^-64 collision).
class Fingerprint final : public EventObserver {
 public:
  void onEvent(Time time, std::uint64_t seq, EventTag tag) override;
  std::uint64_t value() const { return hash_; }
  std::uint64_t events() const { return events_; }
  // 16 lowercase hex digits, as reports print it.
  std::string hex() const;

 private:
  std::uint64_t hash_ = 0x6B6E7366696E6770ull;  // "knsfingp"
  std::uint64_t events_ = 0;
};

}  // namespace kns::sim
