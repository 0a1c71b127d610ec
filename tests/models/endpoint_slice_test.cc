#include <gtest/gtest.h>

#include <map>

#include "cluster_fixture.h"

namespace kns::models::testing {
namespace {

// Remembers what each delivery showed, with its time.
class Subscriber : public EndpointsSubscriber {
 public:
  void onEndpoints(const EndpointsSnapshot& e) override { deliveries.push_back({now(), e}); }
  std::function<sim::Time()> now;
  std::vector<std::pair<sim::Time, EndpointsSnapshot>> deliveries;

  // The last view at or before time t.
  EndpointsSnapshot viewAt(sim::Time t) const {
    EndpointsSnapshot view;
    for (const auto& [time, snapshot] : deliveries) {
      if (time <= t) view = snapshot;
    }
    return view;
  }
};

const Endpoint* find(const EndpointsSnapshot& s, Ipv4 ip) {
  if (!s) return nullptr;
  for (const EndpointSlice& slice : s->slices) {
    for (const Endpoint& e : slice.endpoints) {
      if (e.address == ip) return &e;
    }
  }
  return nullptr;
}

class EndpointSlices : public ClusterTest {
 protected:
  void makeServiceWithPods(int pods, ClusterConfig config = {}, int nodes = 3) {
    build(nodes, config);
    subscriber_.now = [this] { return world().now(); };
    world().subscribe(&subscriber_);
    WorkloadSpec spec = deployment("web", pods);
    spec.pod.cpu_millicores = 0;
    web_ = world().createWorkload(spec);
    svc_ = world().createService(serviceFor("web"));
  }
  std::size_t slicesAfter(int pods) {
    makeServiceWithPods(pods);
    runUntil(30s);
    return world().endpoints(svc_)->slices.size();
  }
  Subscriber subscriber_;
  WorkloadId web_;
  ServiceId svc_;
};

TEST_F(EndpointSlices, TwoHundredFiftyEndpointsMakeThreeSlices) {
  EXPECT_EQ(slicesAfter(250), 3u);
  EXPECT_EQ(world().endpoints(svc_)->size(), 250u);
  EXPECT_EQ(world().endpoints(svc_)->readyCount(), 250u);
}
TEST_F(EndpointSlices, AHundredFitOneSlice) { EXPECT_EQ(slicesAfter(100), 1u); }
TEST_F(EndpointSlices, AHundredAndOneNeedTwo) { EXPECT_EQ(slicesAfter(101), 2u); }
TEST_F(EndpointSlices, NoPodsLeaveOneEmptySlice) {
  EXPECT_EQ(slicesAfter(0), 1u);
  EXPECT_EQ(world().endpoints(svc_)->size(), 0u);
}

TEST_F(EndpointSlices, ConditionsFollowThePod) {
  makeServiceWithPods(1);
  runUntil(1s);  // scheduled with an IP, containers still starting
  PodId pod = world().podsOf(web_)[0];
  Ipv4 ip = *world().pod(pod).ip;
  const Endpoint* e = find(world().endpoints(svc_), ip);
  ASSERT_NE(e, nullptr);
  EXPECT_FALSE(e->ready);
  EXPECT_FALSE(e->serving);
  runUntil(5s);
  e = find(world().endpoints(svc_), ip);
  EXPECT_TRUE(e->ready && e->serving && !e->terminating);
}

TEST_F(EndpointSlices, ATerminatingPodServesWhileItsReadinessHoldsButIsNotReady) {
  build(2);
  WorkloadSpec spec = deployment("web", 1);
  spec.pod.pre_stop = 30s;
  spec.pod.termination_grace = 60s;
  web_ = world().createWorkload(spec);
  svc_ = world().createService(serviceFor("web"));
  runUntil(10s);
  PodId pod = world().podsOf(web_)[0];
  Ipv4 ip = *world().pod(pod).ip;
  world().deletePod(pod);
  runUntil(11s);
  const Endpoint* e = find(world().endpoints(svc_), ip);
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->terminating);
  EXPECT_TRUE(e->serving);
  EXPECT_FALSE(e->ready);
  // The app fails its probe while shutting down: serving follows three probes later.
  world().setPodHealthy(pod, false);
  runUntil(20s);
  e = find(world().endpoints(svc_), ip);
  ASSERT_NE(e, nullptr);
  EXPECT_FALSE(e->serving);
  runUntil(50s);  // the pod exits at 40 s
  EXPECT_EQ(find(world().endpoints(svc_), ip), nullptr);
}

TEST_F(EndpointSlices, PublishNotReadyAddressesMakesEveryEndpointReady) {
  build(1);
  WorkloadSpec spec = deployment("db", 1);
  spec.pod.startup = DurationDistribution::constant(10s);
  web_ = world().createWorkload(spec);
  ServiceSpec svc = serviceFor("db");
  svc.publish_not_ready_addresses = true;
  svc_ = world().createService(svc);
  runUntil(1s);
  const Endpoint* e = find(world().endpoints(svc_), *world().pod(world().podsOf(web_)[0]).ip);
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->ready);
  EXPECT_FALSE(e->serving);
}

TEST_F(EndpointSlices, SubscribersSeeADeletedPodOnlyAfterThePropagationDelay) {
  ClusterConfig config;
  config.control_plane.endpoint_propagation = 2s;
  config.control_plane.endpoint_batch_period = 500ms;
  makeServiceWithPods(3, config);
  runUntil(30s);
  PodId pod = world().podsOf(web_)[0];
  Ipv4 ip = *world().pod(pod).ip;
  world().deletePod(pod);  // at 30 s; the pod exits at once (no preStop, no shutdown time)
  runUntil(60s);
  // Written at 30.5 s (batch period), delivered 2 s later.
  EXPECT_NE(find(subscriber_.viewAt(sim::Time{32499ms}), ip), nullptr);
  EXPECT_TRUE(find(subscriber_.viewAt(sim::Time{32499ms}), ip)->ready);
  EXPECT_EQ(find(subscriber_.viewAt(sim::Time{32500ms}), ip), nullptr);
  bool delivered = false;
  for (const EndpointsEvent& e : telemetry_.endpoints_events) {
    if (e.kind == EndpointsEventKind::Delivered && e.time == sim::Time{32500ms}) delivered = true;
  }
  EXPECT_TRUE(delivered);
}

TEST_F(EndpointSlices, NewEndpointsGoToANewSliceUnlessTheyFitWholeInAnUnchangedOne) {
  // SEMANTICS §2.1: "if there are 10 new endpoints to add and 2 EndpointSlices with room for 5
  // more endpoints each, this approach will create a new EndpointSlice".
  ClusterConfig config;
  config.control_plane.max_endpoints_per_slice = 10;
  makeServiceWithPods(20, config);
  runUntil(10s);
  ASSERT_EQ(world().endpoints(svc_)->slices.size(), 2u);
  // Free five places in each slice by deleting five pods of each, and scale down so that they
  // are not replaced.
  for (const EndpointSlice& slice : world().endpoints(svc_)->slices) {
    for (int i = 0; i < 5; ++i) world().deletePod(slice.endpoints[static_cast<std::size_t>(i)].pod);
  }
  world().scale(web_, 10);  // the deleted pods are not replaced
  runUntil(20s);
  ASSERT_EQ(world().endpoints(svc_)->slices.size(), 2u);
  ASSERT_EQ(world().endpoints(svc_)->size(), 10u);
  world().scale(web_, 20);  // ten new endpoints
  runUntil(30s);
  EXPECT_EQ(world().endpoints(svc_)->slices.size(), 3u);
  world().scale(web_, 24);  // four more: they fit whole into an unchanged slice
  runUntil(40s);
  EXPECT_EQ(world().endpoints(svc_)->slices.size(), 3u);
  EXPECT_EQ(world().endpoints(svc_)->size(), 24u);
}

TEST_F(EndpointSlices, VersionsIncreaseAndUnchangedSyncsWriteNothing) {
  makeServiceWithPods(2);
  runUntil(10s);
  std::uint64_t version = world().endpoints(svc_)->version;
  std::size_t writes = telemetry_.endpoints_events.size();
  runUntil(100s);  // probes keep passing: nothing changes
  EXPECT_EQ(world().endpoints(svc_)->version, version);
  EXPECT_EQ(telemetry_.endpoints_events.size(), writes);
}

}  // namespace
}  // namespace kns::models::testing
