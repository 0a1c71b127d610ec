// Simulated time: int64 nanoseconds behind std::chrono types, with unit-aware parsing and printing.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kns::sim {

// A span of simulated time, in integer nanoseconds. Never floating point: two runs on two
// machines must order events identically.
using Duration = std::chrono::duration<std::int64_t, std::nano>;

// The clock of one simulation. It has no now(): only a Simulator knows the current time.
struct SimClock {
  using rep = std::int64_t;
  using period = std::nano;
  using duration = Duration;
  using time_point = std::chrono::time_point<SimClock, Duration>;
  static constexpr bool is_steady = true;
};

// An absolute simulated time; Time{} is the start of the run.
using Time = SimClock::time_point;

inline constexpr Time kTimeZero{};
inline constexpr Time kTimeMax{Duration::max()};

// Nanoseconds since the start of the run.
constexpr std::int64_t toNanos(Time t) { return t.time_since_epoch().count(); }
constexpr std::int64_t toNanos(Duration d) { return d.count(); }
// Seconds as a double, for reports and statistics only (never for ordering events).
constexpr double toSeconds(Duration d) { return static_cast<double>(d.count()) * 1e-9; }
constexpr double toSeconds(Time t) { return toSeconds(t.time_since_epoch()); }

// Thrown by parseDuration for text that is not a duration; what() says what would be valid.
class DurationParseError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Parses a duration the way Go's time.ParseDuration (and so kubectl) does: an optional sign, then
// one or more decimal numbers each with a unit, e.g. "250us", "1.5s", "2m", "1h30m", "-10ms".
// Units: ns, us (also µs, μs), ms, s, m, h. "0" alone is allowed. The result is exact to the
// nanosecond (digits below a nanosecond are truncated). Throws DurationParseError on bad text or
// on a value that does not fit in int64 nanoseconds (about 292 years).
Duration parseDuration(std::string_view text);

// Prints a duration so that parseDuration(formatDuration(d)) == d, short and readable:
// "0s", "250us", "1.5ms", "1.5s", "2m", "1m30s", "1h2m3.5s", "-20ms".
std::string formatDuration(Duration d);

// Prints an absolute time as its offset from the start of the run, e.g. "t=1.5s".
std::string formatTime(Time t);

}  // namespace kns::sim
