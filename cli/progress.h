// A one-line progress bar on stderr (only when it is a terminal): simulated time, events per
// second of wall time, and the estimated time left.
#pragma once

#include <chrono>
#include <cstdint>

#include "sim/time.h"

namespace kns::cli {

class ProgressBar {
 public:
  ProgressBar(sim::Time end, bool enabled);
  void update(sim::Time now, std::uint64_t events);
  // Clears the line.
  void finish();

 private:
  sim::Time end_;
  bool enabled_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace kns::cli
