// The API server's two-band allocation of NodePorts and ClusterIPs (SEMANTICS.md 1.8, 3.2):
// the upper (dynamic) band first, the lower (static) band once the upper is full, and a clear
// error once both are, in bounded time.
#include "models/net/band_allocator.h"

#include <gtest/gtest.h>

#include <set>

#include "cluster_fixture.h"

namespace kns::models::testing {
namespace {

TEST(BandAllocator, FillsTheUpperBandThenTheLowerThenReportsFull) {
  sim::RandomStream rng(1, 0, "test");
  Bands bands{100, 109, 3};  // static 100-102, dynamic 103-109
  std::set<std::int64_t> used;
  auto taken = [&](std::int64_t v) { return used.count(v) > 0; };
  for (int i = 0; i < 10; ++i) {
    std::optional<std::int64_t> v = allocateFromBands(bands, taken, rng);
    ASSERT_TRUE(v) << i;
    EXPECT_GE(*v, i < 7 ? 103 : 100) << i;
    EXPECT_LE(*v, i < 7 ? 109 : 102) << i;
    EXPECT_TRUE(used.insert(*v).second) << "gave " << *v << " twice";
  }
  EXPECT_FALSE(allocateFromBands(bands, taken, rng));
}

TEST(BandAllocator, ARangeSmallerThanItsStaticBandIsAllStatic) {
  sim::RandomStream rng(1, 0, "test");
  std::set<std::int64_t> used;
  auto taken = [&](std::int64_t v) { return used.count(v) > 0; };
  for (int i = 0; i < 2; ++i) used.insert(*allocateFromBands({1, 2, 15}, taken, rng));
  EXPECT_EQ(used, (std::set<std::int64_t>{1, 2}));
  EXPECT_FALSE(allocateFromBands({1, 2, 15}, taken, rng));
}

// The default range 30000-32767 has a static band of 86 ports (30000-30085). 2,682 automatic
// NodePorts fill the dynamic band; the next 86 come from the static band; the 2,769th is an
// error naming the range, not an endless search.
TEST(BandAllocator, EveryDefaultNodePortCanBeAllocatedAndThenTheRangeIsFull) {
  sim::Simulator sim({.seed = 7});
  World world(sim, ClusterConfig{});
  std::set<int> ports;
  for (int i = 0; i < 2768; ++i) {
    ServiceSpec spec = serviceFor("s" + std::to_string(i));
    spec.type = ServiceType::NodePort;
    spec.ports = {ServicePort{}};
    ServiceId id = world.createService(spec);
    int port = world.service(id).spec.ports[0].node_port;
    ASSERT_TRUE(ports.insert(port).second) << "port " << port << " given twice";
    if (i < 2682) {
      ASSERT_GE(port, 30086) << "Service " << i << " drew from the static band too early";
    } else {
      ASSERT_LT(port, 30086) << "Service " << i;
    }
  }
  EXPECT_EQ(*ports.begin(), 30000);
  EXPECT_EQ(*ports.rbegin(), 32767);
  ServiceSpec one_more = serviceFor("one-more");
  one_more.type = ServiceType::NodePort;
  one_more.ports = {ServicePort{}};
  try {
    world.createService(one_more);
    FAIL() << "the 2,769th NodePort was allocated";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("node port range 30000-32767 is full"), std::string::npos)
        << e.what();
  }
}

TEST(BandAllocator, ASmallServiceCidrFillsAndThenSaysSo) {
  sim::Simulator sim({.seed = 7});
  ClusterConfig config;
  config.service_cidr = *Cidr::parse("10.96.0.0/28");  // 14 addresses; static band 1..15: all
  World world(sim, config);
  std::set<std::string> ips;
  for (int i = 0; i < 14; ++i) {
    ServiceId id = world.createService(serviceFor("s" + std::to_string(i)));
    ASSERT_TRUE(ips.insert(world.service(id).cluster_ip->str()).second);
  }
  EXPECT_EQ(*ips.begin(), "10.96.0.1");
  EXPECT_THROW(world.createService(serviceFor("s14")), std::invalid_argument);
}

}  // namespace
}  // namespace kns::models::testing
