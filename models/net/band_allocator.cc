#include "models/net/band_allocator.h"

#include <algorithm>

namespace kns::models {
namespace {

std::optional<std::int64_t> scanBand(std::int64_t lo, std::int64_t hi,
                                     const std::function<bool(std::int64_t)>& used,
                                     sim::RandomStream& rng) {
  if (lo > hi) return std::nullopt;
  std::int64_t size = hi - lo + 1;
  std::int64_t start = rng.uniformInt(lo, hi) - lo;
  for (std::int64_t step = 0; step < size; ++step) {
    std::int64_t value = lo + (start + step) % size;
    if (!used(value)) return value;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> allocateFromBands(const Bands& bands,
                                              const std::function<bool(std::int64_t)>& used,
                                              sim::RandomStream& rng) {
  // A range smaller than its static band is all static band.
  std::int64_t dynamic_first = std::min(bands.first + bands.static_size, bands.last + 1);
  if (auto value = scanBand(dynamic_first, bands.last, used, rng)) return value;
  return scanBand(bands.first, dynamic_first - 1, used, rng);
}

}  // namespace kns::models
