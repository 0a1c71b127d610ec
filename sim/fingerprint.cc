// The event-sequence hash.
#include "sim/fingerprint.h"

#include <cstdio>

#include "sim/random.h"

namespace kns::sim {

void Fingerprint::onEvent(Time time, std::uint64_t seq, EventTag tag) {
  hash_ = splitMix64(hash_ ^ static_cast<std::uint64_t>(toNanos(time)));
  hash_ = splitMix64(hash_ ^ seq);
  hash_ = splitMix64(hash_ ^ tag);
  ++events_;
}

std::string Fingerprint::hex() const {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash_));
  return buffer;
}

}  // namespace kns::sim
