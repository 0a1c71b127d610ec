#include "models/proxy/endpoint_history.h"

#include <gtest/gtest.h>

#include "models/proxy/kube_proxy.h"

namespace kns::models {
namespace {

EndpointsSnapshot version(std::uint32_t service, std::uint64_t v, int endpoints) {
  auto s = std::make_shared<ServiceEndpoints>();
  s->service = ServiceId{service};
  s->version = v;
  EndpointSlice slice{"s", {}};
  for (int i = 0; i < endpoints; ++i) {
    Endpoint e;
    e.address = Ipv4{0x0AF40000u + static_cast<std::uint32_t>(i)};
    e.ready = e.serving = true;
    slice.endpoints.push_back(e);
  }
  s->slices.push_back(slice);
  return s;
}

std::uint64_t programmedVersion(const EndpointHistory& h, std::uint32_t service,
                                EndpointHistory::Seq through) {
  const auto& p = h.programmed(ServiceId{service}, through);
  return p ? p->snapshot->version : 0;
}

// A node sees the newest version delivered at or before the position it synced through.
TEST(EndpointHistory, ANodeSeesTheNewestVersionUpToItsPosition) {
  EndpointHistory h;
  h.join();                                   // node A
  h.join();                                   // node B
  h.deliver(version(0, 1, 2));                // seq 1
  h.deliver(version(1, 1, 1));                // seq 2
  h.moved(0, 2);                              // A syncs
  h.deliver(version(0, 2, 3));                // seq 3
  EXPECT_EQ(programmedVersion(h, 0, 0), 0u);  // B: nothing yet
  EXPECT_EQ(programmedVersion(h, 0, 2), 1u);  // A: what it synced
  EXPECT_EQ(programmedVersion(h, 0, 3), 2u);  // after its next sync
  EXPECT_EQ(programmedVersion(h, 1, 2), 1u);
  EXPECT_EQ(programmedVersion(h, 1, 3), 1u);
  EXPECT_TRUE(h.pendingAfter(ServiceId{0}, 2));
  EXPECT_FALSE(h.pendingAfter(ServiceId{1}, 2));
  std::vector<ServiceId> changed;
  h.deliveredSince(0, changed);  // B's first sync: both Services, once each, in id order
  EXPECT_EQ(changed, (std::vector<ServiceId>{ServiceId{0}, ServiceId{1}}));
  h.deliveredSince(2, changed);  // A's next sync
  EXPECT_EQ(changed, (std::vector<ServiceId>{ServiceId{0}}));
  h.deliveredSince(3, changed);
  EXPECT_TRUE(changed.empty());
}

// Versions are kept while some node may still have them programmed, and no longer: memory
// follows the slowest node's lag, not nodes x Services.
TEST(EndpointHistory, DropsWhatNoNodeCanNeedAndListsEverythingForALateNode) {
  EndpointHistory h;
  for (int n = 0; n < 1000; ++n) h.join();
  for (std::uint64_t v = 1; v <= 50; ++v) {
    for (std::uint32_t s = 0; s < 20; ++s) h.deliver(version(s, v, 2));
  }
  // Nobody has synced: a node at 0 has nothing programmed and its next sync takes the newest,
  // so only the newest version of each Service is kept (the log keeps the deliveries).
  EXPECT_EQ(h.versionsKept(), 20u);
  EXPECT_EQ(h.logLength(), 1000u);
  for (int n = 0; n < 1000; ++n) h.moved(0, h.latest());  // every node synced
  EXPECT_EQ(h.logLength(), 0u);
  for (std::uint32_t s = 0; s < 20; ++s) h.deliver(version(s, 51, 2));
  EXPECT_EQ(h.versionsKept(), 40u);  // per Service: what the nodes have, and the new one
  // A node joining now lists every Service at its newest version.
  h.join();
  std::vector<ServiceId> changed;
  h.deliveredSince(0, changed);
  EXPECT_EQ(changed.size(), 20u);
  EXPECT_EQ(programmedVersion(h, 7, h.latest()), 51u);
}

TEST(EndpointHistory, IdleNodesAreWokenOnceInIdOrder) {
  EndpointHistory h;
  h.markIdle(NodeId{3});
  h.markIdle(NodeId{1});
  h.markIdle(NodeId{2});
  EXPECT_EQ(h.takeIdle(), (std::set<NodeId>{NodeId{1}, NodeId{2}, NodeId{3}}));
  EXPECT_TRUE(h.takeIdle().empty());
}

}  // namespace
}  // namespace kns::models
