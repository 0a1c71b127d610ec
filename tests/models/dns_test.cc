#include <gtest/gtest.h>

#include <set>

#include "data_plane_fixture.h"

namespace kns::models::testing {
namespace {

DataPlaneConfig quickPods() { return servingWith(DurationDistribution::constant(1ms), 100); }

class Dns : public DataPlaneTest {
 protected:
  TrafficSpec byName(const std::string& host, double rate) {
    TrafficSpec t;
    t.name = "by-name";
    t.from_node = "node-0";
    t.host = host;
    t.rate_per_second = rate;
    t.start = sim::Time{10s};
    return t;
  }
  bool hasHop(const RequestRecord& r, HopKind kind) {
    for (int i = 0; i < r.hop_count; ++i) {
      if (r.hops[i].kind == kind) return true;
    }
    return false;
  }
};

TEST_F(Dns, NamesFollowTheSpecificationsForms) {
  build(1, {}, quickPods());
  ServiceSpec db = serviceFor("db");
  db.ns = "shop";
  world().createService(db);
  DnsConfig config;
  DnsView view(world(), config);
  sim::Time now{};
  EXPECT_EQ(view.resolve("db", "shop", now).kind, DnsAnswer::Kind::ClusterIp);
  EXPECT_EQ(view.resolve("db.shop", "default", now).kind, DnsAnswer::Kind::ClusterIp);
  EXPECT_EQ(view.resolve("DB.Shop.svc", "default", now).kind, DnsAnswer::Kind::ClusterIp);
  EXPECT_EQ(view.resolve("db.shop.svc.cluster.local.", "default", now).kind,
            DnsAnswer::Kind::ClusterIp);
  EXPECT_EQ(view.resolve("db", "default", now).kind, DnsAnswer::Kind::NxDomain);
  EXPECT_EQ(view.resolve("db.shop.svc.other.domain", "default", now).kind,
            DnsAnswer::Kind::NxDomain);
  EXPECT_EQ(view.resolve("db.shop", "default", now).address,
            *world().service(world().findService("db", "shop")).cluster_ip);
  EXPECT_EQ(view.resolve("db.shop", "default", now).expires, now + 30s);  // kubeadm's ttl 30
}

TEST_F(Dns, ExternalNameAnswersACnameAndTheRequestLeavesTheCluster) {
  build(1, {}, quickPods());
  ServiceSpec ext;
  ext.name = "payments";
  ext.type = ServiceType::ExternalName;
  ext.external_name = "api.payments.example.com";
  ext.has_selector = false;
  ServiceId svc = world().createService(ext);
  EXPECT_FALSE(world().service(svc).cluster_ip);  // no proxying of any kind
  DnsView view(world(), data().config().dns);
  DnsAnswer answer = view.resolve("payments", "default", world().now());
  ASSERT_EQ(answer.kind, DnsAnswer::Kind::Cname);
  EXPECT_EQ(answer.cname, "api.payments.example.com");

  TrafficSpec t = byName("payments", 10);
  t.request_bytes = 0;
  t.response_bytes = 0;
  t.stop = sim::Time{11s};
  data().addTraffic(t);
  runUntil(30s);
  ASSERT_FALSE(recorder_.requests.empty());
  for (const RequestRecord& r : recorder_.requests) {
    EXPECT_EQ(r.outcome, RequestOutcome::Ok);
    EXPECT_TRUE(hasHop(r, HopKind::ExternalHost));
    EXPECT_FALSE(hasHop(r, HopKind::KubeProxy));
    EXPECT_FALSE(r.pod.valid());
  }
  // First request: DNS lookup (no CoreDNS modelled: 1.5 ms) + handshake and request/response
  // to the internet (4 x 5 ms one way, plus 60-byte SYN serialisation at 1 Gbit/s twice)
  // + 20 ms at the external host.
  EXPECT_EQ(recorder_.requests[0].latency(), 1500us + 4 * 5ms + 2 * 480ns + 20ms);
  EXPECT_TRUE(hasHop(recorder_.requests[0], HopKind::Dns));
  // Later ones within the TTL hit the client's cache.
  EXPECT_FALSE(hasHop(recorder_.requests.back(), HopKind::Dns));
}

TEST_F(Dns, AClusterIpNameGoesThroughKubeProxy) {
  build(2, {}, quickPods());
  deploy("web", 2);
  data().addTraffic(byName("web.default.svc.cluster.local", 50));
  runUntil(20s);
  ASSERT_FALSE(recorder_.requests.empty());
  for (const RequestRecord& r : recorder_.requests) {
    EXPECT_EQ(r.outcome, RequestOutcome::Ok);
    EXPECT_EQ(r.service, world().findService("web"));
  }
  EXPECT_TRUE(hasHop(recorder_.requests.front(), HopKind::KubeProxy));
}

TEST_F(Dns, HeadlessNamesReturnPodIpsAndCachedAnswersGoStaleUnderChurn) {
  auto run = [this](DnsCachePolicy policy) {
    recorder_.requests.clear();
    build(3, {}, quickPods());
    ServiceSpec headless = serviceFor("db");
    headless.headless = true;
    deploy("db", 3, headless);
    TrafficSpec t = byName("db", 100);
    t.dns_cache = policy;
    t.connect_timeout = 1s;
    t.stop = sim::Time{80s};
    data().addTraffic(t);
    runUntil(20s);
    PodTemplate next = world().workload(workload_).spec.pod;
    next.revision = "2";
    world().rollout(workload_, next);  // every pod gets a new IP
    runUntil(100s);
    std::map<RequestOutcome, int> outcomes;
    for (const RequestRecord& r : recorder_.requests) {
      ++outcomes[r.outcome];
      if (r.outcome == RequestOutcome::Ok) {
        EXPECT_FALSE(hasHop(r, HopKind::KubeProxy));  // headless: no proxying
      }
    }
    return outcomes;
  };
  // Cached forever, the client keeps dialling the old pods' addresses after the rollout.
  auto forever = run(DnsCachePolicy::Forever);
  EXPECT_GT(forever[RequestOutcome::StaleEndpoint], 1000);
  // With the 30 s TTL the stale window is bounded; with no cache it is the propagation delay.
  auto ttl = run(DnsCachePolicy::RespectTtl);
  auto none = run(DnsCachePolicy::None);
  EXPECT_LT(ttl[RequestOutcome::StaleEndpoint], forever[RequestOutcome::StaleEndpoint]);
  EXPECT_LT(none[RequestOutcome::StaleEndpoint], ttl[RequestOutcome::StaleEndpoint]);
  EXPECT_GT(none[RequestOutcome::Ok], 7000);
}

TEST_F(Dns, CoreDnsPodsServeLookupsAndNoneLeftMeansFailures) {
  build(2, {}, quickPods());
  WorkloadSpec coredns = deployment("coredns", 2);
  coredns.ns = "kube-system";
  coredns.pod.cpu_millicores = 0;
  WorkloadId dns_pods = world().createWorkload(coredns);
  ServiceSpec kube_dns = serviceFor("coredns");
  kube_dns.name = "kube-dns";
  kube_dns.ns = "kube-system";
  kube_dns.cluster_ip = *Ipv4::parse("10.96.0.10");
  world().createService(kube_dns);
  deploy("web", 1);
  TrafficSpec t = byName("web", 5);
  t.dns_cache = DnsCachePolicy::None;
  t.stop = sim::Time{30s};
  data().addTraffic(t);
  runUntil(20s);
  world().scale(dns_pods, 0);
  runUntil(40s);
  int ok_with_coredns = 0, failed_without = 0;
  for (const RequestRecord& r : recorder_.requests) {
    bool before = r.start < sim::Time{20s};
    if (before) {
      EXPECT_EQ(r.outcome, RequestOutcome::Ok);
      ok_with_coredns += r.outcome == RequestOutcome::Ok;
      ASSERT_TRUE(hasHop(r, HopKind::Dns));
      EXPECT_TRUE(r.hops[0].pod.valid());  // answered by a CoreDNS pod
    } else if (r.start > sim::Time{21s}) {
      EXPECT_EQ(r.outcome, RequestOutcome::DnsFailure);
      failed_without += r.outcome == RequestOutcome::DnsFailure;
    }
  }
  EXPECT_GT(ok_with_coredns, 20);
  EXPECT_GT(failed_without, 20);
}

}  // namespace
}  // namespace kns::models::testing
