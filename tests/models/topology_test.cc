#include "models/net/topology.h"

#include <gtest/gtest.h>

namespace kns::models {
namespace {

using namespace std::chrono_literals;

class ZonedNetworkTest : public ::testing::Test {
 protected:
  ZonedNetworkTest() : net_(NetworkConfig{}, {"a", "b", "c"}) {
    a1_ = net_.addNode("a1", "a");
    a2_ = net_.addNode("a2", "a");
    b1_ = net_.addNode("b1", "b");
    c1_ = net_.addNode("c1", "c");
  }
  ZonedNetwork net_;
  VertexId a1_, a2_, b1_, c1_;
};

TEST_F(ZonedNetworkTest, LatenciesMatchTheConfiguredFiguresExactly) {
  const Topology& t = net_.topology();
  EXPECT_EQ(t.latency(a1_, a1_), 20us);   // same node
  EXPECT_EQ(t.latency(a1_, a2_), 100us);  // same zone
  EXPECT_EQ(t.latency(a1_, b1_), 500us);  // cross zone
  EXPECT_EQ(t.latency(b1_, a1_), 500us);  // symmetric
  EXPECT_EQ(t.latency(net_.internet(), a1_), 5ms);
  EXPECT_EQ(t.latency(c1_, net_.internet()), 5ms);
}

TEST_F(ZonedNetworkTest, LatenciesCanChangeDuringARun) {
  NetworkConfig slower;
  slower.same_node = 50us;
  slower.same_zone = 200us;
  slower.cross_zone = 2ms;
  slower.internet = 10ms;
  net_.setLatencies(slower);
  const Topology& t = net_.topology();
  EXPECT_EQ(t.latency(a1_, a1_), 50us);
  EXPECT_EQ(t.latency(a1_, a2_), 200us);
  EXPECT_EQ(t.latency(a1_, b1_), 2ms);
  EXPECT_EQ(t.latency(net_.internet(), c1_), 10ms);
  NetworkConfig broken = slower;
  broken.cross_zone = 100us;  // below same_zone
  EXPECT_THROW(net_.setLatencies(broken), std::invalid_argument);
  EXPECT_EQ(t.latency(a1_, b1_), 2ms);  // unchanged
}

TEST_F(ZonedNetworkTest, ANodeFailureCutsItOffAndRecoveryRestoresIt) {
  Topology& t = net_.topology();
  t.setVertexUp(a2_, false);
  EXPECT_FALSE(t.latency(a1_, a2_));
  EXPECT_FALSE(t.latency(a2_, a2_));
  EXPECT_EQ(t.latency(a1_, b1_), 500us);
  t.setVertexUp(a2_, true);
  EXPECT_EQ(t.latency(a1_, a2_), 100us);
}

TEST_F(ZonedNetworkTest, ALostZoneLinkReroutesThroughTheThirdZone) {
  Topology& t = net_.topology();
  // a-b direct is 400 us; without it, a-c-b costs 800 us, or a-internet-b 9.9 ms.
  for (std::uint32_t l = 0; l < t.linkCount(); ++l) {
    auto [x, y] = t.linkEnds(LinkId{l});
    if ((x == net_.zoneSwitch("a") && y == net_.zoneSwitch("b")) ||
        (x == net_.zoneSwitch("b") && y == net_.zoneSwitch("a"))) {
      t.setLinkUp(LinkId{l}, false);
    }
  }
  EXPECT_EQ(t.latency(a1_, b1_), 50us + 400us + 400us + 50us);
}

TEST_F(ZonedNetworkTest, AFailedUplinkIsolatesOnlyItsNode) {
  Topology& t = net_.topology();
  t.setLinkUp(net_.uplink(a1_), false);
  EXPECT_FALSE(t.latency(a1_, a2_));
  EXPECT_EQ(t.latency(a2_, b1_), 500us);
  EXPECT_EQ(t.latency(a1_, a1_), 20us);  // the node itself still works
}

TEST_F(ZonedNetworkTest, TransferTimeAddsSerialisationAtTheBottleneck) {
  // Internet links are 1 Gbit/s: 125,000 bytes take 1 ms on top of the 5 ms latency.
  auto cost = net_.topology().path(net_.internet(), a1_);
  ASSERT_TRUE(cost);
  EXPECT_DOUBLE_EQ(cost->bandwidth_bps, 1e9);
  EXPECT_EQ(cost->transferTime(125'000), 6ms);
}

TEST(Topology, TwoLeavesJoinedDirectlyCostTheirOneLink) {
  Topology t;
  VertexId a = t.addVertex("a");
  VertexId b = t.addVertex("b");
  t.addLink(a, b, 7us, 1e9);
  EXPECT_EQ(t.latency(a, b), 7us);
}

TEST(Topology, LinkLatencyChangesTakeEffect) {
  ZonedNetwork net(NetworkConfig{}, {"a"});
  VertexId x = net.addNode("x", "a");
  VertexId y = net.addNode("y", "a");
  net.topology().setLinkLatency(net.uplink(x), 1ms);
  EXPECT_EQ(net.topology().latency(x, y), 1ms + 50us);
}

TEST(ZonedNetwork, RejectsImpossibleLatencies) {
  NetworkConfig config;
  config.cross_zone = 50us;  // less than same_zone
  EXPECT_THROW(ZonedNetwork(config, {"a"}), std::invalid_argument);
}

}  // namespace
}  // namespace kns::models
