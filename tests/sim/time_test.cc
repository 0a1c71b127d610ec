#include "sim/time.h"

#include <gtest/gtest.h>

#include <chrono>

namespace kns::sim {
namespace {

using namespace std::chrono_literals;

TEST(ParseDuration, ReadsEachUnit) {
  EXPECT_EQ(parseDuration("7ns"), 7ns);
  EXPECT_EQ(parseDuration("250us"), 250us);
  EXPECT_EQ(parseDuration("250\xC2\xB5s"), 250us);
  EXPECT_EQ(parseDuration("250\xCE\xBCs"), 250us);
  EXPECT_EQ(parseDuration("20ms"), 20ms);
  EXPECT_EQ(parseDuration("3s"), 3s);
  EXPECT_EQ(parseDuration("2m"), 2min);
  EXPECT_EQ(parseDuration("1h"), 1h);
}

TEST(ParseDuration, ReadsFractionsExactlyToTheNanosecond) {
  EXPECT_EQ(parseDuration("1.5s"), 1500ms);
  EXPECT_EQ(parseDuration("0.1s"), 100ms);
  EXPECT_EQ(parseDuration(".5ms"), 500us);
  EXPECT_EQ(parseDuration("1.000000001s"), 1s + 1ns);
  EXPECT_EQ(parseDuration("1.0000000019s"), 1s + 1ns);  // below a nanosecond: truncated
  EXPECT_EQ(parseDuration("2.5us"), 2500ns);
  EXPECT_EQ(parseDuration("1.25m"), 75s);
}

TEST(ParseDuration, ReadsCompoundsAndSignsAsGoDoes) {
  EXPECT_EQ(parseDuration("1h30m"), 90min);
  EXPECT_EQ(parseDuration("1m30.5s"), 90500ms);
  EXPECT_EQ(parseDuration("-10ms"), -10ms);
  EXPECT_EQ(parseDuration("+10ms"), 10ms);
  EXPECT_EQ(parseDuration("0"), 0ns);
  EXPECT_EQ(parseDuration("-0"), 0ns);
}

TEST(ParseDuration, RejectsBadTextWithAHint) {
  for (const char* bad : {"", "5", "s", "1.5", "10 ms", "10sec", "1..5s", "abc", "-", "1s2",
                          "9223372036854775808ns", "3000000h", "ms10", "1e3ms", "."}) {
    SCOPED_TRACE(bad);
    try {
      parseDuration(bad);
      FAIL() << "accepted";
    } catch (const DurationParseError& e) {
      std::string what = e.what();
      EXPECT_NE(what.find("is not a duration"), std::string::npos) << what;
      EXPECT_NE(what.find("write e.g."), std::string::npos) << what;
    }
  }
}

TEST(ParseDuration, NamesTheUnknownUnit) {
  try {
    parseDuration("10sec");
    FAIL();
  } catch (const DurationParseError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown unit 'sec'"), std::string::npos) << e.what();
  }
}

TEST(FormatDuration, PrintsShortReadableText) {
  EXPECT_EQ(formatDuration(0ns), "0s");
  EXPECT_EQ(formatDuration(7ns), "7ns");
  EXPECT_EQ(formatDuration(250us), "250us");
  EXPECT_EQ(formatDuration(1500us), "1.5ms");
  EXPECT_EQ(formatDuration(1500ms), "1.5s");
  EXPECT_EQ(formatDuration(2min), "2m");
  EXPECT_EQ(formatDuration(90s), "1m30s");
  EXPECT_EQ(formatDuration(1h + 2min + 3500ms), "1h2m3.5s");
  EXPECT_EQ(formatDuration(1h + 5s), "1h0m5s");
  EXPECT_EQ(formatDuration(-20ms), "-20ms");
  EXPECT_EQ(formatDuration(1s + 1ns), "1.000000001s");
}

TEST(FormatDuration, RoundTripsThroughParse) {
  for (std::int64_t ns : std::initializer_list<std::int64_t>{
           1LL, 999LL, 1'000LL, 123'456'789LL, 59'999'999'999LL, 60'000'000'001LL,
           3'600'000'000'000LL, 86'400'123'456'789LL, -42LL,
           std::numeric_limits<std::int64_t>::max()}) {
    Duration d{ns};
    EXPECT_EQ(parseDuration(formatDuration(d)), d) << formatDuration(d);
  }
}

TEST(FormatTime, ShowsOffsetFromStart) { EXPECT_EQ(formatTime(Time{1500ms}), "t=1.5s"); }

}  // namespace
}  // namespace kns::sim
