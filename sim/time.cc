// Parsing and printing of simulated durations (Go / kubectl syntax, exact integer arithmetic).
#include "sim/time.h"

#include <array>
#include <cstdint>
#include <limits>

namespace kns::sim {
namespace {

struct Unit {
  std::string_view name;
  std::int64_t nanos;
};

// Longest names first so that "ms" is not read as "m" followed by junk.
constexpr std::array<Unit, 8> kUnits{{
    {"ns", 1},
    {"us", 1'000},
    {"\xC2\xB5s", 1'000},  // U+00B5 micro sign
    {"\xCE\xBCs", 1'000},  // U+03BC Greek small letter mu
    {"ms", 1'000'000},
    {"s", 1'000'000'000},
    {"m", 60'000'000'000},
    {"h", 3'600'000'000'000},
}};

[[noreturn]] void fail(std::string_view text, std::string_view what) {
  throw DurationParseError("'" + std::string(text) + "' is not a duration: " + std::string(what) +
                           "; write e.g. '250us', '1.5s', '2m' or '1h30m'");
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Adds a*b to total, all in nanoseconds; false on int64 overflow.
bool addProduct(std::int64_t& total, std::int64_t a, std::int64_t b) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) return false;
  return !__builtin_add_overflow(total, product, &total);
}

}  // namespace

Duration parseDuration(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  if (text.substr(i) == "0") return Duration{0};
  if (i == text.size()) fail(text, "it is empty");

  // Accumulate the magnitude as a negative-safe positive int64 (the most negative value is
  // out of reach, which costs one nanosecond of range and keeps the code simple).
  std::int64_t total = 0;
  while (i < text.size()) {
    std::int64_t whole = 0;
    std::size_t start = i;
    while (i < text.size() && isDigit(text[i])) {
      if (__builtin_mul_overflow(whole, 10, &whole) ||
          __builtin_add_overflow(whole, text[i] - '0', &whole)) {
        fail(text, "the number is too large");
      }
      ++i;
    }
    bool has_whole = i > start;
    std::string_view fraction;
    if (i < text.size() && text[i] == '.') {
      std::size_t fstart = ++i;
      while (i < text.size() && isDigit(text[i])) ++i;
      fraction = text.substr(fstart, i - fstart);
    }
    if (!has_whole && fraction.empty()) fail(text, "a number is expected before each unit");

    std::size_t ustart = i;
    while (i < text.size() && !isDigit(text[i]) && text[i] != '.') ++i;
    std::string_view unit_name = text.substr(ustart, i - ustart);
    if (unit_name.empty()) fail(text, "the unit is missing");
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      if (u.name == unit_name) unit = &u;
    }
    if (unit == nullptr) fail(text, "unknown unit '" + std::string(unit_name) + "'");

    if (!addProduct(total, whole, unit->nanos)) fail(text, "it does not fit in 292 years");
    // The fraction, exactly: digits beyond the unit's nanosecond resolution are dropped.
    std::int64_t scale = unit->nanos;
    for (char digit : fraction) {
      scale /= 10;
      if (scale == 0) break;
      if (!addProduct(total, digit - '0', scale)) fail(text, "it does not fit in 292 years");
    }
  }
  return Duration{negative ? -total : total};
}

std::string formatDuration(Duration d) {
  std::int64_t ns = d.count();
  if (ns == 0) return "0s";
  std::string out;
  // Work with an unsigned magnitude so that the most negative value prints too.
  std::uint64_t magnitude =
      ns < 0 ? static_cast<std::uint64_t>(-(ns + 1)) + 1 : static_cast<std::uint64_t>(ns);
  if (ns < 0) out += '-';

  // Appends value/unit as a decimal with only the digits needed.
  auto appendDecimal = [&out](std::uint64_t value, std::uint64_t unit, std::string_view name) {
    out += std::to_string(value / unit);
    std::uint64_t rest = value % unit;
    if (rest != 0) {
      std::string digits;
      for (std::uint64_t scale = unit / 10; scale > 0 && rest != 0; scale /= 10) {
        digits += static_cast<char>('0' + rest / scale);
        rest %= scale;
      }
      out += '.';
      out += digits;
    }
    out += name;
  };

  constexpr std::uint64_t kSecond = 1'000'000'000;
  constexpr std::uint64_t kMinute = 60 * kSecond;
  constexpr std::uint64_t kHour = 60 * kMinute;
  if (magnitude < 1'000) {
    out += std::to_string(magnitude) + "ns";
  } else if (magnitude < 1'000'000) {
    appendDecimal(magnitude, 1'000, "us");
  } else if (magnitude < kSecond) {
    appendDecimal(magnitude, 1'000'000, "ms");
  } else if (magnitude < kMinute) {
    appendDecimal(magnitude, kSecond, "s");
  } else {
    // Go's style for long spans: 1h2m3.5s, leaving out zero trailing parts (2m, 1h, 1h30m).
    std::uint64_t hours = magnitude / kHour;
    std::uint64_t minutes = magnitude % kHour / kMinute;
    std::uint64_t rest = magnitude % kMinute;
    if (hours > 0) out += std::to_string(hours) + "h";
    if (minutes > 0 || (hours > 0 && rest > 0)) out += std::to_string(minutes) + "m";
    if (rest > 0) appendDecimal(rest, kSecond, "s");
  }
  return out;
}

std::string formatTime(Time t) { return "t=" + formatDuration(t.time_since_epoch()); }

}  // namespace kns::sim
