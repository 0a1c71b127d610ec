// How the API server picks a free value from a range split into a static (lower) band, meant
// for values users choose, and a dynamic (upper) band: ClusterIPs and NodePorts (SEMANTICS.md
// 1.8 and 3.2). Dynamic allocation takes the upper band first and the lower one only when the
// upper is full; within a band it starts at a random value and takes the next free one upward,
// wrapping around, as the API server's bitmap allocator scans. One pass per band at most, so a
// full range is found in bounded time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "sim/random.h"

namespace kns::models {

struct Bands {
  std::int64_t first = 0;        // the lowest allocatable value
  std::int64_t last = 0;         // the highest, inclusive
  std::int64_t static_size = 0;  // values first .. first + static_size - 1 form the static band
};

// A free value (used(value) false), or nullopt when every value in both bands is taken.
std::optional<std::int64_t> allocateFromBands(const Bands& bands,
                                              const std::function<bool(std::int64_t)>& used,
                                              sim::RandomStream& rng);

}  // namespace kns::models
