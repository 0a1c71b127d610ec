// One suite over every implementation of an interface, as ns-3 runs one test over every
// scheduler: each ingress balancer kind and each kube-proxy mode (and IPVS scheduler) must keep
// the invariants their callers rely on. Behaviour particular to one policy is tested beside it
// (ingress_balancers_test.cc, kube_proxy_test.cc).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "models/ingress/balancers/balancer.h"
#include "models/proxy/modes/proxy_mode.h"

namespace kns::models {
namespace {

using namespace std::chrono_literals;

std::vector<Peer> peerList(int n, int first = 1) {
  std::vector<Peer> out;
  for (int i = 0; i < n; ++i) {
    out.push_back(Peer{Ipv4{(10u << 24) | (244u << 16) | static_cast<std::uint32_t>(first + i)},
                       8080, PodId{static_cast<std::uint32_t>(first + i)}});
  }
  return out;
}

bool listed(const std::vector<Peer>& peers, const Peer& p) {
  return std::find(peers.begin(), peers.end(), p) != peers.end();
}

// --- Every ingress balancer.

class EveryBalancer : public ::testing::TestWithParam<BalancerKind> {};

// A varied stream of tries: hash keys and cookies from small pools, retries with tried peers,
// responses observed, requests started and finished.
std::vector<PeerKey> drive(Balancer& balancer, const std::vector<Peer>& peers, int tries,
                           std::uint64_t seed) {
  sim::RandomStream inputs(seed, 0, "inputs");
  std::vector<std::string> cookies(20);
  std::vector<PeerKey> picked;
  sim::Time now{1s};
  for (int i = 0; i < tries; ++i) {
    std::string key = "/item/" + std::to_string(inputs.uniformInt(0, 99));
    TriedPeers tried;
    if (inputs.bernoulli(0.2)) tried.add(peers[inputs.index(peers.size())].key());
    BalanceContext context;
    context.now = now;
    context.hash_key = key;
    context.affinity_cookie = &cookies[inputs.index(cookies.size())];
    context.tried = &tried;
    context.previous_failed = !tried.empty();
    std::optional<Peer> p = balancer.pick(context);
    if (!p) {
      ADD_FAILURE() << balancer.name() << ": no pick from " << peers.size() << " peers";
      return picked;
    }
    picked.push_back(p->key());
    balancer.started(*p);
    balancer.observe(*p, std::chrono::milliseconds(inputs.uniformInt(1, 30)), now);
    balancer.finished(*p);
    now += 10ms;
  }
  return picked;
}

TEST_P(EveryBalancer, PicksOnlyListedPeersAndSaysWhichInItsExplanation) {
  sim::RandomStream rng(3, 0, "balancer");
  std::unique_ptr<Balancer> balancer = makeBalancer(GetParam(), rng);
  std::vector<Peer> peers = peerList(6);
  balancer->sync(peers, sim::Time{});
  sim::RandomStream inputs(5, 0, "inputs");
  std::string cookie;
  for (int i = 0; i < 300; ++i) {
    std::string key = "/k/" + std::to_string(i % 37);
    BalanceContext context;
    context.now = sim::Time{std::chrono::seconds(1 + i)};
    context.hash_key = key;
    context.affinity_cookie = &cookie;
    if (i % 50 == 0) cookie.clear();
    std::optional<Peer> p = balancer->pick(context);
    ASSERT_TRUE(p.has_value()) << balancerName(GetParam());
    ASSERT_TRUE(listed(peers, *p)) << balancerName(GetParam()) << " picked " << p->text();
    EXPECT_EQ(balancer->lastPick().chosen, *p);
    EXPECT_NE(balancer->explanation().find(p->text()), std::string::npos)
        << balancer->explanation();
  }
}

TEST_P(EveryBalancer, NothingToPickFromGivesNothing) {
  sim::RandomStream rng(3, 0, "balancer");
  std::unique_ptr<Balancer> balancer = makeBalancer(GetParam(), rng);
  balancer->sync({}, sim::Time{});
  std::string cookie;
  BalanceContext context;
  context.hash_key = "/x";
  context.affinity_cookie = &cookie;
  EXPECT_FALSE(balancer->pick(context).has_value()) << balancerName(GetParam());
}

TEST_P(EveryBalancer, NeverPicksAPeerRemovedByASync) {
  sim::RandomStream rng(4, 0, "balancer");
  std::unique_ptr<Balancer> balancer = makeBalancer(GetParam(), rng);
  std::vector<Peer> before = peerList(8);
  balancer->sync(before, sim::Time{});
  drive(*balancer, before, 200, 1);
  std::vector<Peer> after(before.begin() + 3, before.end());  // three peers left
  balancer->sync(after, sim::Time{10s});
  for (PeerKey key : drive(*balancer, after, 300, 2)) {
    EXPECT_TRUE(std::any_of(after.begin(), after.end(), [&](const Peer& p) {
      return p.key() == key;
    })) << balancerName(GetParam());
  }
}

TEST_P(EveryBalancer, StillPicksWhenEveryPeerWasTried) {
  sim::RandomStream rng(6, 0, "balancer");
  std::unique_ptr<Balancer> balancer = makeBalancer(GetParam(), rng);
  std::vector<Peer> peers = peerList(3);
  balancer->sync(peers, sim::Time{});
  TriedPeers tried;
  for (const Peer& p : peers) tried.add(p.key());
  std::string cookie;
  BalanceContext context;
  context.hash_key = "/x";
  context.affinity_cookie = &cookie;
  context.tried = &tried;
  context.previous_failed = true;
  std::optional<Peer> p = balancer->pick(context);
  ASSERT_TRUE(p.has_value()) << balancerName(GetParam());
  EXPECT_TRUE(listed(peers, *p));
}

TEST_P(EveryBalancer, TheSameSeedAndInputsGiveTheSamePicks) {
  std::vector<Peer> peers = peerList(7);
  auto run = [&] {
    sim::RandomStream rng(9, 0, "balancer");
    std::unique_ptr<Balancer> balancer = makeBalancer(GetParam(), rng);
    balancer->sync(peers, sim::Time{});
    return drive(*balancer, peers, 400, 3);
  };
  EXPECT_EQ(run(), run()) << balancerName(GetParam());
}

TEST_P(EveryBalancer, ResponsesFromPeersNoLongerListedAreHarmless) {
  sim::RandomStream rng(2, 0, "balancer");
  std::unique_ptr<Balancer> balancer = makeBalancer(GetParam(), rng);
  std::vector<Peer> peers = peerList(4);
  balancer->sync(peers, sim::Time{});
  Peer gone = peerList(1, 200)[0];
  balancer->started(gone);
  balancer->observe(gone, 5ms, sim::Time{1s});
  balancer->finished(gone);
  balancer->finished(gone);  // a second finish of the same request must not go negative
  for (PeerKey key : drive(*balancer, peers, 100, 4)) EXPECT_NE(key, gone.key());
}

INSTANTIATE_TEST_SUITE_P(
    AllKinds, EveryBalancer,
    ::testing::Values(BalancerKind::RoundRobin, BalancerKind::Ewma, BalancerKind::ConsistentHash,
                      BalancerKind::ConsistentSubset, BalancerKind::StickyBalanced,
                      BalancerKind::StickyPersistent, BalancerKind::LeastRequest),
    [](const ::testing::TestParamInfo<BalancerKind>& info) {
      return std::string(balancerName(info.param));
    });

// --- Every kube-proxy mode (and every IPVS scheduler).

struct ModeCase {
  const char* name;
  KubeProxyConfig config;
  std::vector<Rule> rules;  // the rules its decisions may name
};

KubeProxyConfig modeConfig(ProxyMode mode, IpvsScheduler scheduler = IpvsScheduler::RoundRobin) {
  KubeProxyConfig c;
  c.mode = mode;
  c.ipvs_scheduler = scheduler;
  return c;
}

void PrintTo(const ModeCase& c, std::ostream* out) { *out << c.name; }

class EveryProxyMode : public ::testing::TestWithParam<ModeCase> {};

std::vector<Endpoint> endpointList(int n) {
  std::vector<Endpoint> out;
  for (const Peer& p : peerList(n)) {
    Endpoint e;
    e.address = p.address;
    e.pod = p.pod;
    e.node = NodeId{static_cast<std::uint32_t>(p.pod.value % 3)};
    e.ready = e.serving = true;
    out.push_back(e);
  }
  return out;
}

Service webService() {
  Service s;
  s.id = ServiceId{0};
  s.spec.name = "web";
  s.cluster_ip = Ipv4{(10u << 24) | (96u << 16) | 10u};
  return s;
}

TEST_P(EveryProxyMode, PicksAListedEndpointAndNamesTheRuleThatMatched) {
  sim::RandomStream rng(1, 0, "kube-proxy");
  std::unique_ptr<ProxyModePolicy> mode = makeProxyMode(GetParam().config, rng);
  Service web = webService();
  for (int n : {1, 2, 5, 16}) {
    std::vector<Endpoint> endpoints = endpointList(n);
    for (int i = 0; i < 200; ++i) {
      Ipv4 source{(192u << 24) | static_cast<std::uint32_t>(i % 7)};
      ProxyDecision d = mode->pick(web, endpoints, source);
      ASSERT_EQ(d.verdict, ProxyDecision::Verdict::Forward);
      ASSERT_EQ(d.count, n);
      ASSERT_LT(d.arg, n);
      EXPECT_EQ(d.endpoint.address, endpoints[d.arg].address) << "arg names the endpoint";
      const std::vector<Rule>& rules = GetParam().rules;
      EXPECT_NE(std::find(rules.begin(), rules.end(), d.rule), rules.end())
          << GetParam().name << " named " << ruleName(d.rule);
      mode->connectionOpened(web.id, d.endpoint.address);
      if (i % 2 == 0) mode->connectionClosed(web.id, d.endpoint.address);
    }
  }
}

TEST_P(EveryProxyMode, TheSameSeedGivesTheSameChoices) {
  Service web = webService();
  std::vector<Endpoint> endpoints = endpointList(9);
  auto run = [&] {
    sim::RandomStream rng(5, 0, "kube-proxy");
    std::unique_ptr<ProxyModePolicy> mode = makeProxyMode(GetParam().config, rng);
    std::vector<std::uint16_t> choices;
    for (int i = 0; i < 300; ++i) {
      ProxyDecision d =
          mode->pick(web, endpoints, Ipv4{(192u << 24) | static_cast<std::uint32_t>(i)});
      mode->connectionOpened(web.id, d.endpoint.address);
      choices.push_back(d.arg);
    }
    return choices;
  };
  EXPECT_EQ(run(), run());
}

TEST_P(EveryProxyMode, ClosingConnectionsItNeverOpenedIsHarmless) {
  sim::RandomStream rng(2, 0, "kube-proxy");
  std::unique_ptr<ProxyModePolicy> mode = makeProxyMode(GetParam().config, rng);
  Service web = webService();
  std::vector<Endpoint> endpoints = endpointList(3);
  for (int i = 0; i < 5; ++i) mode->connectionClosed(web.id, endpoints[0].address);
  ProxyDecision d = mode->pick(web, endpoints, Ipv4{1});
  EXPECT_EQ(d.verdict, ProxyDecision::Verdict::Forward);
  EXPECT_LT(d.arg, 3);
}

// Only iptables pays per Service ahead of this one in KUBE-SERVICES (SEMANTICS §1.14).
TEST_P(EveryProxyMode, OnlyIptablesFirstPacketCostGrowsWithTheServicesAhead) {
  sim::RandomStream rng(2, 0, "kube-proxy");
  std::unique_ptr<ProxyModePolicy> mode = makeProxyMode(GetParam().config, rng);
  if (GetParam().config.mode == ProxyMode::Iptables) {
    EXPECT_EQ(mode->ruleCost(0), sim::Duration{0});
    EXPECT_EQ(mode->ruleCost(1000), GetParam().config.iptables_per_service * 1000);
  } else {
    EXPECT_EQ(mode->ruleCost(0), sim::Duration{0});
    EXPECT_EQ(mode->ruleCost(1000), sim::Duration{0});
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllModes, EveryProxyMode,
    ::testing::Values(ModeCase{"iptables",
                               modeConfig(ProxyMode::Iptables),
                               {Rule::IptablesProbability, Rule::IptablesLast}},
                      ModeCase{"nftables", modeConfig(ProxyMode::Nftables), {Rule::NftablesNumgen}},
                      ModeCase{"ipvs_rr",
                               modeConfig(ProxyMode::Ipvs, IpvsScheduler::RoundRobin),
                               {Rule::IpvsRoundRobin}},
                      ModeCase{"ipvs_wrr",
                               modeConfig(ProxyMode::Ipvs, IpvsScheduler::WeightedRoundRobin),
                               {Rule::IpvsRoundRobin}},
                      ModeCase{"ipvs_lc",
                               modeConfig(ProxyMode::Ipvs, IpvsScheduler::LeastConnection),
                               {Rule::IpvsLeastConnection}},
                      ModeCase{"ipvs_wlc",
                               modeConfig(ProxyMode::Ipvs, IpvsScheduler::WeightedLeastConnection),
                               {Rule::IpvsLeastConnection}},
                      ModeCase{"ipvs_sed",
                               modeConfig(ProxyMode::Ipvs, IpvsScheduler::ShortestExpectedDelay),
                               {Rule::IpvsShortestExpectedDelay}},
                      ModeCase{"ipvs_nq",
                               modeConfig(ProxyMode::Ipvs, IpvsScheduler::NeverQueue),
                               {Rule::IpvsNeverQueue}},
                      ModeCase{"ipvs_sh",
                               modeConfig(ProxyMode::Ipvs, IpvsScheduler::SourceHashing),
                               {Rule::IpvsSourceHashing}},
                      ModeCase{"ipvs_dh",
                               modeConfig(ProxyMode::Ipvs, IpvsScheduler::DestinationHashing),
                               {Rule::IpvsDestinationHashing}}),
    [](const ::testing::TestParamInfo<ModeCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kns::models
