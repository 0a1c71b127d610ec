#include "models/cluster/ip_allocator.h"

#include <gtest/gtest.h>

namespace kns::models {
namespace {

TEST(IpAllocator, SkipsNetworkGatewayAndBroadcast) {
  IpAllocator ips(*Cidr::parse("10.244.1.0/24"));
  EXPECT_EQ(ips.capacity(), 253u);
  EXPECT_EQ(ips.allocate()->str(), "10.244.1.2");
  EXPECT_EQ(ips.gateway().str(), "10.244.1.1");
}

TEST(IpAllocator, HostLocalReusesAFreedAddressOnlyAfterGoingRound) {
  IpAllocator ips(*Cidr::parse("10.244.1.0/29"));  // .2 to .6: five addresses
  std::vector<std::string> given;
  for (int i = 0; i < 3; ++i) given.push_back(ips.allocate()->str());
  ips.release(*Ipv4::parse("10.244.1.2"));
  // Continues after the last one given (.4), wraps, and only then reuses .2.
  EXPECT_EQ(ips.allocate()->str(), "10.244.1.5");
  EXPECT_EQ(ips.allocate()->str(), "10.244.1.6");
  EXPECT_EQ(ips.allocate()->str(), "10.244.1.2");
}

TEST(IpAllocator, LowestFreeHandsADeadPodsAddressToTheNextPod) {
  IpAllocator ips(*Cidr::parse("10.244.1.0/24"), IpReusePolicy::LowestFree);
  Ipv4 first = *ips.allocate();
  ips.allocate();
  ips.release(first);
  EXPECT_EQ(*ips.allocate(), first);
}

TEST(IpAllocator, ExhaustionIsReportedNotACrash) {
  IpAllocator ips(*Cidr::parse("10.244.1.0/30"));  // one usable address
  EXPECT_TRUE(ips.allocate());
  EXPECT_FALSE(ips.allocate());
  EXPECT_EQ(ips.inUse(), 1u);
}

TEST(IpAllocator, ReleasingAnUnallocatedAddressIsABug) {
  IpAllocator ips(*Cidr::parse("10.244.1.0/24"));
  EXPECT_THROW(ips.release(*Ipv4::parse("10.244.1.9")), std::logic_error);
}

}  // namespace
}  // namespace kns::models
