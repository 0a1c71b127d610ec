// The ingress controller's load-balancing policies and canary decisions, against ingress-nginx's
// documented behaviour (SEMANTICS §5.4-5.7) and closed forms.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "models/ingress/balancers/balancer.h"
#include "models/ingress/balancers/ewma.h"
#include "models/ingress/balancers/least_request.h"
#include "models/ingress/canary.h"

namespace kns::models {
namespace {

using namespace std::chrono_literals;

std::vector<Peer> peers(int n, int first = 1) {
  std::vector<Peer> out;
  for (int i = 0; i < n; ++i) {
    out.push_back(Peer{*Ipv4::parse("10.244.0." + std::to_string(first + i)), 8080, PodId{}});
  }
  return out;
}

TEST(Crc32, IsTheIeeeChecksum) { EXPECT_EQ(crc32("123456789"), 0xCBF43926u); }

TEST(RoundRobin, SixRequestsOverThreeEndpointsGiveEachExactlyTwo) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {  // whatever the random start
    sim::RandomStream rng(seed, 0, "rr");
    auto rr = makeBalancer(BalancerKind::RoundRobin, rng);
    rr->sync(peers(3), sim::Time{});
    std::map<std::string, int> count;
    BalanceContext context{};
    for (int i = 0; i < 6; ++i) ++count[rr->pick(context)->text()];
    ASSERT_EQ(count.size(), 3u);
    for (const auto& [peer, n] : count) EXPECT_EQ(n, 2) << peer;
  }
}

TEST(RoundRobin, StartsAtARandomPeerAndKeepsItsPlaceOnAnUnchangedSync) {
  std::set<std::string> firsts;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    sim::RandomStream rng(seed, 0, "rr");
    auto rr = makeBalancer(BalancerKind::RoundRobin, rng);
    rr->sync(peers(3), sim::Time{});
    BalanceContext context{};
    std::string first = rr->pick(context)->text();
    firsts.insert(first);
    rr->sync(peers(3), sim::Time{});  // same list: the cycle goes on
    EXPECT_NE(rr->pick(context)->text(), first);
  }
  EXPECT_EQ(firsts.size(), 3u);  // each peer starts some cycle (30 seeds: P(miss) < 1e-5)
}

// T-NGX-EWMA of SEMANTICS §5.5.
TEST(Ewma, DecayFollowsIngressNginxsFormula) {
  EXPECT_NEAR(EwmaBalancer::decay(0.1, 5, 0.2, 5), 0.1, 1e-12);
  EXPECT_NEAR(EwmaBalancer::decay(0.1, 0, 0.2, 10), 0.1632, 1e-4);
  EXPECT_NEAR(EwmaBalancer::decay(0.1, 0, 0.2, 1), 0.1095, 1e-4);
  EXPECT_NEAR(EwmaBalancer::decay(0, 0, 0.05, 1000), 0.05, 1e-12);
  EXPECT_NEAR(EwmaBalancer::decay(0.2, 0, 0, 20), 0.0271, 1e-4);
}

// Three peers, one three times slower (30 ms vs 10 ms), requests one after another every 10 ms.
// Each pick compares two random peers and takes the lower score: the slow peer loses every pair
// it is in once its score is known, so it is chosen only when its score has decayed below the
// others' (idle for 10 s x ln 3 = 11 s), about once per 11 s: ~9 of 10,000 requests, far below
// a third. The band (< 3 %) leaves room for the first probes.
TEST(Ewma, AThreeTimesSlowerEndpointGetsFarLessThanAThird) {
  sim::RandomStream rng(3, 0, "ewma");
  auto ewma = makeBalancer(BalancerKind::Ewma, rng);
  std::vector<Peer> list = peers(3);
  ewma->sync(list, sim::Time{});
  std::map<std::string, int> count;
  sim::Time now{1s};
  for (int i = 0; i < 10000; ++i) {
    BalanceContext context{};
    context.now = now;
    Peer p = *ewma->pick(context);
    ++count[p.text()];
    sim::Duration rtt = p.text() == list[2].text() ? 30ms : 10ms;
    ewma->observe(p, rtt, now + rtt);
    now += 10ms;
  }
  double slow_share = count[list[2].text()] / 10000.0;
  EXPECT_LT(slow_share, 0.03);
  EXPECT_GT(count[list[2].text()], 0);  // but it is probed again now and then
}

TEST(Ewma, NewPeersStartAtTheAverageScoreAndRetriesAvoidTriedPeers) {
  sim::RandomStream rng(5, 0, "ewma");
  EwmaBalancer ewma(rng);
  std::vector<Peer> list = peers(2);
  ewma.sync(list, sim::Time{});
  ewma.observe(list[0], 10ms, sim::Time{10s});
  ewma.observe(list[1], 30ms, sim::Time{10s});
  std::vector<Peer> more = peers(3);
  ewma.sync(more, sim::Time{10s});
  // The mean of the two known ewmas (first samples at 10 s after a start at 0 s).
  double expected =
      (EwmaBalancer::decay(0, 0, 0.010, 10) + EwmaBalancer::decay(0, 0, 0.030, 10)) / 2;
  EXPECT_NEAR(ewma.score(more[2], sim::Time{10s}), expected, 1e-12);
  TriedPeers tried = {more[0].key(), more[1].key()};
  BalanceContext context{};
  context.now = sim::Time{10s};
  context.tried = &tried;
  EXPECT_EQ(ewma.pick(context)->key(), more[2].key());
}

TEST(ConsistentHash, TheSameKeyKeepsItsPeerAndANewPeerTakesAboutOneInNPlusOne) {
  sim::RandomStream rng(1, 0, "chash");
  auto chash = makeBalancer(BalancerKind::ConsistentHash, rng);
  chash->sync(peers(4), sim::Time{});
  std::map<std::string, std::string> before;
  for (int k = 0; k < 10000; ++k) {
    BalanceContext context{};
    std::string key = "/items/" + std::to_string(k);
    context.hash_key = key;
    before[key] = chash->pick(context)->text();
    EXPECT_EQ(chash->pick(context)->text(), before[key]);  // stable
  }
  std::vector<Peer> five = peers(5);
  chash->sync(five, sim::Time{});
  int moved = 0;
  for (const auto& [key, peer] : before) {
    BalanceContext context{};
    context.hash_key = key;
    std::string now = chash->pick(context)->text();
    if (now != peer) {
      ++moved;
      EXPECT_EQ(now, five[4].text()) << "a key moved between old peers";
    }
  }
  // Expected 1/5 of the keys. With 160 points a peer's share of the ring has a relative standard
  // deviation of about 1/sqrt(160) = 8 %: 0.20 +- 0.016; three of them: +- 0.05.
  EXPECT_NEAR(moved / 10000.0, 0.2, 0.05);
}

TEST(ConsistentHash, SubsetsSendAKeyToOneGroupOfThree) {
  sim::RandomStream rng(1, 0, "chashsubset");
  auto subset = makeBalancer(BalancerKind::ConsistentSubset, rng);
  subset->sync(peers(7), sim::Time{});  // ceil(7/3) = 3 subsets, the last padded
  for (int k = 0; k < 50; ++k) {
    std::set<std::string> seen;
    for (int i = 0; i < 60; ++i) {
      BalanceContext context{};
      std::string key = "user-" + std::to_string(k);
      context.hash_key = key;
      seen.insert(subset->pick(context)->text());
    }
    EXPECT_LE(seen.size(), 3u);
    EXPECT_GE(seen.size(), 2u);  // random within the subset (60 picks: all in one is 3^-59)
  }
}

TEST(Sticky, ACookieKeepsItsPeerAndANewClientGetsOne) {
  for (BalancerKind kind : {BalancerKind::StickyBalanced, BalancerKind::StickyPersistent}) {
    sim::RandomStream rng(9, 0, "sticky");
    auto sticky = makeBalancer(kind, rng);
    std::vector<Peer> list = peers(4);
    sticky->sync(list, sim::Time{});
    std::string cookie;
    BalanceContext context{};
    context.affinity_cookie = &cookie;
    Peer first_peer = *sticky->pick(context);
    std::string first = first_peer.text();
    ASSERT_FALSE(cookie.empty()) << balancerName(kind);
    for (int i = 0; i < 20; ++i) EXPECT_EQ(sticky->pick(context)->text(), first);
    // After a failure the retry avoids the tried peer and rewrites the cookie.
    TriedPeers tried = {first_peer.key()};
    context.tried = &tried;
    std::string again = sticky->pick(context)->text();
    EXPECT_NE(again, first) << balancerName(kind);
    context.tried = nullptr;
    EXPECT_EQ(sticky->pick(context)->text(), again);
  }
}

TEST(Sticky, PersistentCookiesOutliveScalingUntilTheirPeerGoes) {
  sim::RandomStream rng(2, 0, "persistent");
  auto sticky = makeBalancer(BalancerKind::StickyPersistent, rng);
  std::vector<Peer> list = peers(3);
  sticky->sync(list, sim::Time{});
  std::vector<std::string> cookies(200);
  std::vector<std::string> chosen(200);
  for (int c = 0; c < 200; ++c) {
    BalanceContext context{};
    context.affinity_cookie = &cookies[static_cast<std::size_t>(c)];
    chosen[static_cast<std::size_t>(c)] = sticky->pick(context)->text();
  }
  sticky->sync(peers(6), sim::Time{});  // scale up: persistent sessions all stay
  for (int c = 0; c < 200; ++c) {
    BalanceContext context{};
    context.affinity_cookie = &cookies[static_cast<std::size_t>(c)];
    EXPECT_EQ(sticky->pick(context)->text(), chosen[static_cast<std::size_t>(c)]);
  }
}

TEST(LeastRequest, PrefersThePeerWithFewerRequestsInFlight) {
  sim::RandomStream rng(4, 0, "lr");
  LeastRequestBalancer lr(rng);
  std::vector<Peer> list = peers(2);
  lr.sync(list, sim::Time{});
  for (int i = 0; i < 5; ++i) lr.started(list[0]);
  BalanceContext context{};
  for (int i = 0; i < 20; ++i) EXPECT_EQ(lr.pick(context)->text(), list[1].text());
  for (int i = 0; i < 5; ++i) lr.finished(list[0]);
  EXPECT_EQ(lr.active(list[0]), 0);
}

// T-NGX-CANARY of SEMANTICS §5.7: by-header X-Canary, by-cookie canary, weight 20.
TEST(Canary, FollowsIngressNginxsPrecedence) {
  CanaryConfig config;
  config.by_header = "X-Canary";
  config.by_cookie = "canary";
  config.weight = 0;  // so that weight never decides the rows below
  sim::RandomStream rng(1, 0, "canary");
  auto decide = [&](HeaderList headers, HeaderList cookies) {
    return decideCanary(config, headers, cookies, rng).canary;
  };
  EXPECT_TRUE(decide({{"X-Canary", "always"}}, {{"canary", "never"}}));   // header first
  EXPECT_FALSE(decide({{"x-canary", "never"}}, {{"canary", "always"}}));  // never stops
  EXPECT_TRUE(decide({{"X-Canary", "foo"}}, {{"canary", "always"}}));     // cookie decides
  EXPECT_FALSE(decide({}, {{"canary", "never"}}));
  config.by_header_value = "v2";
  EXPECT_TRUE(decide({{"X-Canary", "v2"}}, {}));
  EXPECT_FALSE(decide({{"X-Canary", "always"}}, {}));  // always is not special with a value
  config.by_header_value = "";
  config.setHeaderPattern("^v[0-9]+$");
  EXPECT_TRUE(decide({{"X-Canary", "v12"}}, {}));
  config.setHeaderPattern("([");
  EXPECT_FALSE(decide({{"X-Canary", "v12"}}, {{"canary", "always"}}));  // bad pattern: primary
}

// A pattern that makes a backtracking engine take exponential time, and a header long enough to
// overflow a recursive one's stack: RE2 answers in linear time (std::regex hung or crashed).
TEST(Canary, HeaderPatternMatchesInLinearTime) {
  CanaryConfig config;
  config.by_header = "X-Canary";
  config.setHeaderPattern("^(a+)+$");
  ASSERT_NE(config.pattern, nullptr) << config.pattern_error;
  sim::RandomStream rng(1, 0, "canary");
  std::string evil(200000, 'a');
  EXPECT_TRUE(decideCanary(config, {{"X-Canary", evil}}, {}, rng).canary);
  evil.back() = 'b';
  EXPECT_FALSE(decideCanary(config, {{"X-Canary", evil}}, {}, rng).canary);
  // A pattern whose compiled program is too large is refused, with the reason.
  config.setHeaderPattern("((((a{100}){100}){100}){100})");
  EXPECT_EQ(config.pattern, nullptr);
  EXPECT_FALSE(config.pattern_error.empty());
}

TEST(Canary, WeightTwentySendsTwentyPercentAndHeaderAlwaysWins) {
  CanaryConfig config;
  config.by_header = "X-Canary";
  config.weight = 20;
  sim::RandomStream rng(11, 0, "canary-weight");
  int canary = 0, forced = 0;
  for (int i = 0; i < 100000; ++i) {
    canary += decideCanary(config, {}, {}, rng).canary;
    forced += decideCanary(config, {{"X-Canary", "always"}}, {}, rng).canary;
  }
  // Binomial(100000, 0.2): sd 0.13 %, so +-1 % is about 8 sd.
  EXPECT_NEAR(canary / 100000.0, 0.20, 0.01);
  EXPECT_EQ(forced, 100000);
}

TEST(Canary, ReadsTheRealAnnotations) {
  IngressSpec ingress;
  EXPECT_FALSE(CanaryConfig::fromAnnotations(ingress));
  ingress.annotations = {{"nginx.ingress.kubernetes.io/canary", "true"},
                         {"nginx.ingress.kubernetes.io/canary-weight", "30"},
                         {"nginx.ingress.kubernetes.io/canary-by-cookie", "beta"}};
  auto config = CanaryConfig::fromAnnotations(ingress);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->weight, 30);
  EXPECT_EQ(config->weight_total, 100);
  EXPECT_EQ(config->by_cookie, "beta");
}

}  // namespace
}  // namespace kns::models
