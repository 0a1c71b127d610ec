// The FIFO behind pods' and sources' waiting lines: order kept across wrap-around and growth.
#include "sim/ring_queue.h"

#include <gtest/gtest.h>

#include <deque>

#include "sim/random.h"

namespace kns::sim {
namespace {

TEST(RingQueue, BehavesAsADequeUsedAsAQueueThroughWrapsAndGrowth) {
  RingQueue<int> ring;
  std::deque<int> reference;
  RandomStream rng(4, 0, "ring");
  int next = 0;
  for (int step = 0; step < 100'000; ++step) {
    // Pushes slightly more often than pops: the queue wraps many times and grows past 16, 32...
    if (reference.empty() || rng.uniformInt(0, 99) < 52) {
      ring.push_back(next);
      reference.push_back(next++);
    } else {
      ASSERT_EQ(ring.front(), reference.front()) << "step " << step;
      ring.pop_front();
      reference.pop_front();
    }
    ASSERT_EQ(ring.size(), reference.size());
  }
  ASSERT_GT(reference.size(), 100u);
  for (std::size_t i = 0; i < reference.size(); ++i) ASSERT_EQ(ring[i], reference[i]);
  std::vector<int> seen;
  ring.forEach([&](int v) { seen.push_back(v); });
  EXPECT_EQ(seen, std::vector<int>(reference.begin(), reference.end()));
  ring.clear();
  EXPECT_TRUE(ring.empty());
  ring.push_back(7);
  EXPECT_EQ(ring.front(), 7);
}

}  // namespace
}  // namespace kns::sim
