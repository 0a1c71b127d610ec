#include "sim/fingerprint.h"

#include <gtest/gtest.h>

#include "sim/simulator.h"

namespace kns::sim {
namespace {

using namespace std::chrono_literals;

TEST(Fingerprint, DependsOnTimeSequenceAndTag) {
  Fingerprint base, other_time, other_seq, other_tag;
  base.onEvent(Time{1s}, 0, 7);
  other_time.onEvent(Time{2s}, 0, 7);
  other_seq.onEvent(Time{1s}, 1, 7);
  other_tag.onEvent(Time{1s}, 0, 8);
  EXPECT_NE(base.value(), other_time.value());
  EXPECT_NE(base.value(), other_seq.value());
  EXPECT_NE(base.value(), other_tag.value());
}

TEST(Fingerprint, DependsOnOrder) {
  Fingerprint ab, ba;
  ab.onEvent(Time{1s}, 0, 1);
  ab.onEvent(Time{1s}, 1, 2);
  ba.onEvent(Time{1s}, 1, 2);
  ba.onEvent(Time{1s}, 0, 1);
  EXPECT_NE(ab.value(), ba.value());
}

TEST(Fingerprint, SeesExecutedEventsOnlyNotCancelledOnes) {
  auto run = [](bool with_cancelled_extra) {
    Simulator sim;
    Fingerprint fp;
    sim.setObserver(&fp);
    sim.scheduleAfter(
        1s, [] {}, 1);
    if (with_cancelled_extra) {
      // Consumes a sequence number, so a different fingerprint is expected: the cancelled
      // event's existence is part of behaviour. What must not happen is it being counted.
      sim.cancel(sim.scheduleAfter(
          2s, [] {}, 2));
    }
    sim.run();
    return fp.events();
  };
  EXPECT_EQ(run(false), 1u);
  EXPECT_EQ(run(true), 1u);
}

TEST(Fingerprint, HexIsSixteenDigits) {
  Fingerprint fp;
  fp.onEvent(Time{1s}, 3, 4);
  EXPECT_EQ(fp.hex().size(), 16u);
  EXPECT_EQ(std::stoull(fp.hex(), nullptr, 16), fp.value());
}

}  // namespace
}  // namespace kns::sim
