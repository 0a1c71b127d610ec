#include "models/net/ip.h"

#include <gtest/gtest.h>

namespace kns::models {
namespace {

TEST(Ipv4, ParsesAndPrints) {
  auto ip = Ipv4::parse("10.244.1.7");
  ASSERT_TRUE(ip);
  EXPECT_EQ(ip->value, (10u << 24) | (244u << 16) | (1u << 8) | 7u);
  EXPECT_EQ(ip->str(), "10.244.1.7");
}

TEST(Ipv4, RejectsMalformed) {
  for (const char* bad : {"", "10.0.0", "10.0.0.256", "10.0.0.1.2", "a.b.c.d", "10..0.1",
                          "1.2.3.4 ", "-1.2.3.4", "1.2.3.0004"}) {
    EXPECT_FALSE(Ipv4::parse(bad)) << bad;
  }
}

TEST(Cidr, ParsesAndRejectsHostBits) {
  auto cidr = Cidr::parse("10.244.0.0/16");
  ASSERT_TRUE(cidr);
  EXPECT_EQ(cidr->size(), 65536u);
  EXPECT_EQ(cidr->str(), "10.244.0.0/16");
  EXPECT_FALSE(Cidr::parse("10.244.0.1/16"));
  EXPECT_FALSE(Cidr::parse("10.244.0.0/33"));
  EXPECT_FALSE(Cidr::parse("10.244.0.0"));
  EXPECT_TRUE(Cidr::parse("0.0.0.0/0"));
}

TEST(Cidr, ContainsAndSubnets) {
  Cidr cluster = *Cidr::parse("10.244.0.0/16");
  EXPECT_TRUE(cluster.contains(*Ipv4::parse("10.244.255.1")));
  EXPECT_FALSE(cluster.contains(*Ipv4::parse("10.245.0.1")));
  EXPECT_EQ(cluster.subnet(24, 3)->str(), "10.244.3.0/24");
  EXPECT_EQ(cluster.subnet(24, 255)->str(), "10.244.255.0/24");
  EXPECT_FALSE(cluster.subnet(24, 256));
  EXPECT_FALSE(cluster.subnet(8, 0));
}

}  // namespace
}  // namespace kns::models
