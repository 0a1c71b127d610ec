// Requests through an ingress-nginx controller: TLS at the controller, pod IPs without
// kube-proxy, round_robin evenness, the controller's late view of endpoints and nginx's retries
// (SEMANTICS §5.1, §5.2, §5.8).
#include <gtest/gtest.h>

#include "data_plane_fixture.h"

namespace kns::models::testing {
namespace {

class IngressDataPlaneTest : public DataPlaneTest {
 protected:
  // Three nodes, `replicas` web pods behind a Service, one ingress-nginx pod behind a
  // LoadBalancer, one Ingress: shop.example.com/ -> web:80.
  void setUp(int replicas, DurationDistribution service_time, int workers = 4) {
    build(3, {}, servingWith(std::move(service_time), workers));
    web_ = deploy("web", replicas);
    IngressSpec ingress;
    ingress.name = "shop";
    ingress.rules.push_back(
        {"shop.example.com",
         {IngressPath{"/", PathType::Prefix, IngressBackend{"web", web_, 80}}}});
    IngressControllerConfig controller;
    controller.replicas = 1;
    controller.external_traffic_policy = TrafficPolicy::Cluster;
    data().addIngressController(controller, {ingress});
  }
  TrafficSpec shoppers(double rate, const std::string& method = "GET", bool https = false) {
    TrafficSpec t;
    t.name = method == "GET" ? "shoppers" : "buyers";
    t.from_internet = true;
    t.entry = EntryPoint::LoadBalancer;
    t.service = data().ingressControllers()[0]->service();
    t.https = https;
    t.port = https ? 443 : 80;
    t.rate_per_second = rate;
    t.start = sim::Time{10s};
    RequestTemplate request;
    request.method = method;
    request.host = "shop.example.com";
    request.path = "/cart";
    t.mix = {request};
    return t;
  }
  int hops(const RequestRecord& r, HopKind kind) const {
    int n = 0;
    for (int i = 0; i < r.hop_count; ++i) n += r.hops[static_cast<std::size_t>(i)].kind == kind;
    return n;
  }
  ServiceId web_;
};

TEST_F(IngressDataPlaneTest, ProxiesToPodIpsWithoutKubeProxyAndBalancesRoundRobin) {
  setUp(3, DurationDistribution::constant(2ms));
  data().addTraffic(shoppers(300));
  runUntil(40s);
  auto per_pod = recorder_.okPerPod();
  ASSERT_EQ(per_pod.size(), 3u);
  int total = 0;
  for (const auto& [pod, n] : per_pod) total += n;
  EXPECT_GT(total, 8000);
  // round_robin per worker over the same three peers: each gets a third, up to one cycle per
  // worker (the workers' cycles start at random places).
  for (const auto& [pod, n] : per_pod) EXPECT_NEAR(n, total / 3.0, 3.0) << world().pod(pod).name;
  for (const RequestRecord& r : recorder_.requests) {
    ASSERT_EQ(r.outcome, RequestOutcome::Ok);
    EXPECT_EQ(r.service, web_);  // recorded against the backend Service
    // kube-proxy routes the client to the controller; after the Ingress hop, pod IPs directly.
    bool after_ingress = false;
    for (int i = 0; i < r.hop_count; ++i) {
      const Hop& h = r.hops[static_cast<std::size_t>(i)];
      if (h.kind == HopKind::Ingress) after_ingress = true;
      if (after_ingress) {
        EXPECT_NE(h.kind, HopKind::KubeProxy);
      }
    }
    EXPECT_TRUE(after_ingress);
    // The pod sees the controller pod's address, not the client's.
    const Pod& served_by = world().pod(r.pod);
    EXPECT_NE(r.source_ip_at_pod, r.client_ip);
    EXPECT_NE(r.source_ip_at_pod, *served_by.ip);
  }
}

TEST_F(IngressDataPlaneTest, HttpsPaysTheHandshakeOnNewConnectionsOnly) {
  setUp(2, DurationDistribution::constant(1ms));
  TrafficSpec once = shoppers(50, "GET", true);
  once.connection = ConnectionMode::KeepAlive;
  once.max_connections = 1;
  data().addTraffic(once);
  runUntil(20s);
  int handshakes = 0, first = 0;
  for (const RequestRecord& r : recorder_.requests) {
    ASSERT_EQ(r.outcome, RequestOutcome::Ok);
    handshakes += hops(r, HopKind::TlsHandshake);
    first += r.new_connection;
  }
  EXPECT_EQ(handshakes, first);
  EXPECT_EQ(first, 1);  // one keep-alive connection: one handshake
}

TEST_F(IngressDataPlaneTest, UnknownHostsGet404FromTheDefaultBackend) {
  setUp(2, DurationDistribution::constant(1ms));
  TrafficSpec lost = shoppers(20);
  lost.mix[0].host = "unknown.example.org";
  data().addTraffic(lost);
  runUntil(15s);
  EXPECT_GT(recorder_.count(RequestOutcome::NotFound), 50);
  EXPECT_EQ(recorder_.count(RequestOutcome::Ok), 0);
}

// A backend Service without endpoints: the controller answers 503 itself. The request belongs
// to that Service but to none of its pods (it was counted as traffic of the controller pod, an
// "endpoint" of the Service in its fairness: issue 16, item 7).
TEST_F(IngressDataPlaneTest, AControllersOwn503IsNoEndpointsTraffic) {
  setUp(0, DurationDistribution::constant(1ms));
  data().addTraffic(shoppers(20));
  runUntil(15s);
  EXPECT_GT(recorder_.count(RequestOutcome::NoEndpoints), 50);
  for (const RequestRecord& r : recorder_.requests) {
    EXPECT_EQ(r.outcome, RequestOutcome::NoEndpoints);
    EXPECT_EQ(r.service, web_);
    EXPECT_FALSE(r.pod.valid()) << "request " << r.id << " names pod " << r.pod.value;
  }
}

// A web pod is deleted while requests run on it (each takes 2 s; about 13 are in flight on
// each pod, half of them POSTs, so the chance that no POST is caught is e^-6.7). nginx sees the
// connection reset: a GET is passed to the next upstream and succeeds; a POST was already sent, so
// nginx does not retry it and answers 502 (proxy_next_upstream non_idempotent, SEMANTICS §5.8).
// Until the controller syncs the removal, new tries still go to the old address and time out after
// proxy-connect-timeout, then go to another pod.
TEST_F(IngressDataPlaneTest, ARemovedEndpointIsRetriedForGetButNotForAPostAlreadySent) {
  setUp(3, DurationDistribution::constant(2s), 30);  // 45/s of capacity, 30/s after the delete
  for (const char* method : {"GET", "POST"}) {
    TrafficSpec t = shoppers(10, method);
    t.timeout = 30s;  // the client outwaits nginx's connect timeout and a retry
    data().addTraffic(t);
  }
  runUntil(20s);
  PodId victim = *world().ownedPods(world().workload(workload_).children.at(0)).begin();
  world().deletePod(victim);
  runUntil(60s);
  int get_errors = 0, post_502 = 0, post_other_errors = 0, get_retried = 0;
  for (const RequestRecord& r : recorder_.requests) {
    bool get = r.source == 0;
    if (get) {
      get_errors += r.outcome != RequestOutcome::Ok;
      int tries = 0;
      for (int i = 0; i < r.hop_count; ++i) {
        const Hop& h = r.hops[static_cast<std::size_t>(i)];
        if (h.kind == HopKind::Ingress) tries = std::max<int>(tries, h.count);
      }
      get_retried += tries >= 2 && r.outcome == RequestOutcome::Ok;
    } else {
      post_502 += r.outcome == RequestOutcome::BadGateway;
      post_other_errors +=
          r.outcome != RequestOutcome::Ok && r.outcome != RequestOutcome::BadGateway;
    }
  }
  EXPECT_EQ(get_errors, 0);
  EXPECT_GT(get_retried, 0);
  EXPECT_GT(post_502, 0);
  EXPECT_EQ(post_other_errors, 0);
}

// The same during a rolling update: every old pod goes (no preStop: at once) while nginx's view
// lags behind. A GET caught on an old pod is retried on another, and fails only when all three
// tries (proxy-next-upstream-tries) met dead or dying pods; a POST already sent gets 502 at the
// first reset.
TEST_F(IngressDataPlaneTest, ARollingUpdateBehindIngressNginxRetriesGetsButNotPostsAlreadySent) {
  setUp(3, DurationDistribution::constant(2s), 30);
  for (const char* method : {"GET", "POST"}) {
    TrafficSpec t = shoppers(10, method);
    t.timeout = 30s;
    data().addTraffic(t);
  }
  runUntil(20s);
  PodTemplate next = world().workload(workload_).spec.pod;
  next.revision = "2";
  world().rollout(workload_, next);
  runUntil(90s);
  int get_errors = 0, post_502 = 0, post_other_errors = 0;
  for (const RequestRecord& r : recorder_.requests) {
    if (r.source == 0) {
      if (r.outcome == RequestOutcome::Ok) continue;
      ++get_errors;
      int tries = 0;
      for (int i = 0; i < r.hop_count; ++i) {
        const Hop& h = r.hops[static_cast<std::size_t>(i)];
        if (h.kind == HopKind::Ingress) tries = std::max<int>(tries, h.count);
      }
      EXPECT_EQ(tries, 3) << outcomeName(r.outcome);
    } else {
      post_502 += r.outcome == RequestOutcome::BadGateway;
      post_other_errors +=
          r.outcome != RequestOutcome::Ok && r.outcome != RequestOutcome::BadGateway;
    }
  }
  EXPECT_GT(post_502, 2 * get_errors);
  EXPECT_EQ(post_other_errors, 0);
  // Every old pod is gone and the new ones serve.
  for (PodId pod : world().livePods()) {
    if (world().pod(pod).labels.count("app") && world().pod(pod).labels.at("app") == "web") {
      EXPECT_EQ(world().pod(pod).spec.revision, "2");
    }
  }
}

}  // namespace
}  // namespace kns::models::testing
