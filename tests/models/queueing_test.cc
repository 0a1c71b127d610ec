// The data path against queueing theory: four pods, one worker each, exponential service of
// 10 ms (mu = 100/s), Poisson arrivals of 320/s, a new connection per request.
#include <gtest/gtest.h>

#include <cmath>

#include "data_plane_fixture.h"

namespace kns::models::testing {
namespace {

constexpr double kMu = 100;      // per pod, 1/s
constexpr double kLambda = 320;  // total, 1/s
constexpr double kPerPod = kLambda / 4;

double meanTimeInPod(ProxyMode mode, IpvsScheduler scheduler, sim::Duration length) {
  // The fixture is a test class; drive a world directly here.
  sim::Simulator sim({.seed = 2024});
  RequestRecorder recorder;
  World world(sim, ClusterConfig{}, &recorder);
  NodePoolSpec pool;
  pool.count = 2;
  world.addNodePool(pool);
  DataPlaneConfig config;
  config.kube_proxy.mode = mode;
  config.kube_proxy.ipvs_scheduler = scheduler;
  config.default_serving.service_time = DurationDistribution::exponential(10ms);
  config.default_serving.workers = 1;
  config.default_serving.queue_limit = -1;
  DataPlane data(world, config);
  WorkloadSpec spec = deployment("web", 4);
  spec.pod.cpu_millicores = 0;
  world.createWorkload(spec);
  ServiceId svc = world.createService(serviceFor("web"));
  TrafficSpec t;
  t.name = "clients";
  t.from_node = "node-0";
  t.service = svc;
  t.rate_per_second = kLambda;
  t.timeout = 1h;
  t.start = sim::Time{10s};
  t.stop = t.start + length;
  data.addTraffic(t);
  sim.runUntil(t.stop + 60s);
  EXPECT_EQ(recorder.count(RequestOutcome::Ok), static_cast<int>(recorder.requests.size()));
  // Skip the first 100 s: the queues start empty.
  double w = recorder.meanTimeInPod(sim::Time{110s});
  ::testing::Test::RecordProperty("mean_time_in_pod_us", static_cast<int>(w * 1e6));
  return w;
}

TEST(Queueing, IptablesRandomChoiceMakesEachPodAnMM1) {
  // A uniform random split of a Poisson stream gives each pod Poisson(80/s): M/M/1 at
  // rho = 0.8, mean time in system W = 1 / (mu - lambda) = 50 ms.
  //
  // Tolerance: sojourn times of an M/M/1 queue are strongly correlated; the variance of their
  // long-run mean is about rho (2 + 5 rho - 4 rho^2 + rho^3) / (mu^2 (1 - rho)^4) / n
  // (Whitt, "Planning queueing simulations", 1989): 0.198 s^2 / n. With n = 160,000 requests
  // per pod (2,000 s) and four independent pods the standard error is 0.56 ms, so +-3 % (1.5 ms)
  // is 2.7 standard errors.
  double w = meanTimeInPod(ProxyMode::Iptables, IpvsScheduler::RoundRobin, 2000s);
  double expected = 1 / (kMu - kPerPod);
  EXPECT_NEAR(w, expected, 0.03 * expected) << "W = " << w * 1e3 << " ms";
}

TEST(Queueing, IpvsRoundRobinGivesEachPodErlangFourArrivalsAndLessWaiting) {
  // Round robin hands every 4th request to a pod: E4/M/1 (interarrivals Erlang-4 of rate
  // 4 x 80/s). Its sojourn time is W = 1 / (mu (1 - s)) with s the root in (0, 1) of
  // s = (4 lambda_pod / (4 lambda_pod + mu (1 - s)))^4 (GI/M/1 theory).
  double s = 0.5;
  for (int i = 0; i < 200; ++i) s = std::pow(4 * kPerPod / (4 * kPerPod + kMu * (1 - s)), 4);
  double expected = 1 / (kMu * (1 - s));
  double w = meanTimeInPod(ProxyMode::Ipvs, IpvsScheduler::RoundRobin, 1000s);
  EXPECT_LT(expected, 0.035);  // about 31 ms: markedly less than random's 50 ms
  // Lighter correlation than M/M/1 at the same load: 1,000 s give a standard error below 1 %.
  EXPECT_NEAR(w, expected, 0.04 * expected) << "W = " << w * 1e3 << " ms, s = " << s;
}

TEST(Queueing, IpvsLeastConnectionJoinsTheShortestQueue) {
  // With a connection per request, lc picks the pod with the fewest requests in flight: join
  // the shortest queue. It cannot beat one shared queue for all four workers (M/M/4, Erlang C:
  // W = 1/mu + C(4, 3.2) / (4 mu - lambda) = 17.5 ms) and must beat random (50 ms) by far.
  double a = kLambda / kMu;  // offered load, 3.2 Erlang
  double sum = 0, term = 1;
  for (int k = 0; k < 4; ++k) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  double last = term * a / 4 * (4 / (4 - a));  // a^4/4! * c/(c-a)
  double erlang_c = last / (sum + last);
  double mm4 = 1 / kMu + erlang_c / (4 * kMu - kLambda);
  double w = meanTimeInPod(ProxyMode::Ipvs, IpvsScheduler::LeastConnection, 1000s);
  EXPECT_GT(w, mm4 * 0.97) << "W = " << w * 1e3 << " ms, M/M/4 " << mm4 * 1e3 << " ms";
  EXPECT_LT(w, 0.5 * 0.05) << "W = " << w * 1e3 << " ms";
}

}  // namespace
}  // namespace kns::models::testing
