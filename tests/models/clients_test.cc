// Client behaviour: closed-loop users, bursts, rate schedules and retries.
#include <gtest/gtest.h>

#include <cmath>

#include "data_plane_fixture.h"

namespace kns::models::testing {
namespace {

class Clients : public DataPlaneTest {};

TEST_F(Clients, ClosedLoopUsersMatchMeanValueAnalysis) {
  // N users, exponential think time Z, one pod with one worker and exponential service S: the
  // closed M/M/1 (machine-repairman) model. Exact mean value analysis:
  //   R(n) = S (1 + Q(n-1)),  X(n) = n / (R(n) + Z),  Q(n) = X(n) R(n).
  // The network's round trips (well under a millisecond) count as think time here.
  const int users = 10;
  const double S = 0.010, Z = 0.100;
  double q = 0, r = 0;
  for (int n = 1; n <= users; ++n) {
    r = S * (1 + q);
    q = n / (r + Z) * r;
  }
  DataPlaneConfig config;
  config.default_serving.service_time = DurationDistribution::exponential(10ms);
  config.default_serving.workers = 1;
  config.default_serving.queue_limit = -1;
  build(1, {}, config);
  ServiceId svc = deploy("web", 1);
  TrafficSpec t = traffic(svc, 1);
  t.users = users;
  t.think_time = DurationDistribution::exponential(100ms);
  t.stop = sim::Time{1010s};
  data().addTraffic(t);
  runUntil(1020s);
  // 1,000 s at about 55 requests/s: 55,000 responses. A closed system decorrelates quickly
  // (at most 10 in the queue); 3 % is several standard errors.
  double measured = recorder_.meanTimeInPod(sim::Time{20s});
  EXPECT_NEAR(measured, r, 0.03 * r) << "MVA R = " << r * 1e3 << " ms";
  double throughput = recorder_.count(RequestOutcome::Ok) / 1000.0;
  EXPECT_NEAR(throughput, users / (r + Z), 0.03 * users / (r + Z));
}

TEST_F(Clients, OnOffBurstsSendOnlyDuringOnPeriods) {
  build(1, {}, {});
  ServiceId svc = deploy("web", 2);
  TrafficSpec t = traffic(svc, 100);
  t.on_period = 2s;
  t.off_period = 3s;
  t.stop = sim::Time{110s};
  data().addTraffic(t);
  runUntil(120s);
  ASSERT_FALSE(recorder_.requests.empty());
  for (const RequestRecord& r : recorder_.requests) {
    sim::Duration phase = (r.start - sim::Time{10s}) % 5s;
    EXPECT_LT(phase, 2s);
  }
  // 20 cycles of 2 s on at 100/s: 4,000 arrivals, Poisson sd 63.
  EXPECT_NEAR(static_cast<double>(recorder_.requests.size()), 4000, 300);
}

TEST_F(Clients, RateSchedulesChangeTheRateAndCanPause) {
  build(1, {}, {});
  ServiceId svc = deploy("web", 2);
  TrafficSpec t = traffic(svc, 100);
  t.arrivals = ArrivalProcess::Constant;
  t.rate_schedule = {{sim::Time{20s}, 0}, {sim::Time{30s}, 300}};
  t.stop = sim::Time{40s};
  data().addTraffic(t);
  runUntil(50s);
  int first = 0, paused = 0, last = 0;
  for (const RequestRecord& r : recorder_.requests) {
    if (r.start < sim::Time{20s})
      ++first;
    else if (r.start < sim::Time{30s})
      ++paused;
    else
      ++last;
  }
  EXPECT_NEAR(first, 1000, 2);  // 10.01 s to 19.99 s
  EXPECT_EQ(paused, 0);
  EXPECT_NEAR(last, 3000, 2);
}

TEST_F(Clients, RetriesBackOffExponentiallyAndEveryAttemptIsReported) {
  build(1, {}, {});
  ServiceId svc = world().createService(serviceFor("nobody-home"));
  TrafficSpec t = traffic(svc, 1);
  t.arrivals = ArrivalProcess::Constant;
  t.retries = 3;
  t.retry_backoff = 100ms;
  t.stop = sim::Time{11500ms};  // one request, at 11 s
  data().addTraffic(t);
  runUntil(30s);
  ASSERT_EQ(recorder_.requests.size(), 4u);
  sim::Time first = recorder_.requests[0].start;
  std::vector<sim::Duration> gaps;
  for (std::size_t i = 0; i < 4; ++i) {
    const RequestRecord& r = recorder_.requests[i];
    EXPECT_EQ(r.attempt, i);
    EXPECT_EQ(r.first_start, first);
    EXPECT_EQ(r.outcome, RequestOutcome::ConnectionRefused);
    if (i > 0) gaps.push_back(r.start - recorder_.requests[i - 1].end);
  }
  EXPECT_EQ(gaps, (std::vector<sim::Duration>{100ms, 200ms, 400ms}));
}

TEST_F(Clients, RequestMixesAreDrawnByWeight) {
  build(1, {}, {});
  ServiceId svc = deploy("web", 2);
  TrafficSpec t = traffic(svc, 1000);
  RequestTemplate cart;
  cart.path = "/cart";
  cart.weight = 3;
  RequestTemplate pay;
  pay.method = "POST";
  pay.path = "/pay";
  pay.cookies = {{"session", "abc"}};
  t.mix = {cart, pay};
  t.stop = sim::Time{30s};
  data().addTraffic(t);
  runUntil(40s);
  int pays = 0;
  for (const RequestRecord& r : recorder_.requests) pays += r.mix_entry == 1;
  double n = static_cast<double>(recorder_.requests.size());
  // Binomial with p = 1/4 over 20,000 requests: sd 0.3 %.
  EXPECT_NEAR(pays / n, 0.25, 0.015);
}

}  // namespace
}  // namespace kns::models::testing
