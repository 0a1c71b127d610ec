#include "cli/progress.h"

#include <cstdio>
#include <string>

namespace kns::cli {

ProgressBar::ProgressBar(sim::Time end, bool enabled)
    : end_(end), enabled_(enabled), started_(std::chrono::steady_clock::now()) {}

void ProgressBar::update(sim::Time now, std::uint64_t events) {
  if (!enabled_) return;
  auto wall = std::chrono::steady_clock::now();
  if (wall - last_draw_ < std::chrono::milliseconds(100) && now < end_) return;  // no flicker
  last_draw_ = wall;
  double elapsed = std::chrono::duration<double>(wall - started_).count();
  double done = sim::toSeconds(now) / std::max(sim::toSeconds(end_), 1e-9);
  constexpr int kWidth = 30;
  int filled = static_cast<int>(done * kWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  double rate = elapsed > 0 ? static_cast<double>(events) / elapsed : 0;
  double eta = done > 0 ? elapsed * (1 - done) / done : 0;
  std::fprintf(stderr, "\r[%s] %6.1fs / %.1fs simulated  %6.2fM events/s  ETA %4.0fs ", bar.c_str(),
               sim::toSeconds(now), sim::toSeconds(end_), rate / 1e6, eta);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (!enabled_) return;
  std::fprintf(stderr, "\r%100s\r", "");
  std::fflush(stderr);
}

}  // namespace kns::cli
