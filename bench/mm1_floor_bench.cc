// The floor to compare the data path with: an M/M/1 queue in its simplest discrete-event form
// (two events per request: an arrival and a departure, no cluster), next to the same load
// through a ClusterIP Service with a connection per request (kube-proxy, SYN and SYN-ACK hops,
// the pod's queue, the response, the full request record). items_per_second = requests
// completed per second of wall time; the ratio of the two is what the cluster model costs.
#include <benchmark/benchmark.h>

#include <deque>

#include "bench/one_service_cluster.h"
#include "sim/simulator.h"

namespace {

using namespace std::chrono_literals;
using namespace kns;

// Both benchmarks: arrivals at 10,000/s, exponential service of mean 50 us (load 0.5).
constexpr double kRatePerSecond = 10'000;
constexpr sim::Duration kMeanService = 50us;

// One server, a FIFO of arrival times, two events per request.
class MinimalMM1 {
 public:
  explicit MinimalMM1(sim::Simulator& sim)
      : sim_(sim), arrivals_(sim.stream("arrivals")), service_(sim.stream("service")) {
    scheduleArrival();
  }
  std::int64_t completed() const { return completed_; }

 private:
  void scheduleArrival() {
    sim_.scheduleAfter(arrivals_.exponential(std::chrono::duration_cast<sim::Duration>(
                           std::chrono::duration<double>(1.0 / kRatePerSecond))),
                       [this] { arrive(); });
  }
  void arrive() {
    queue_.push_back(sim_.now());
    if (queue_.size() == 1) startService();
    scheduleArrival();
  }
  void startService() {
    sim_.scheduleAfter(service_.exponential(kMeanService), [this] { depart(); });
  }
  void depart() {
    queue_.pop_front();
    ++completed_;
    if (!queue_.empty()) startService();
  }

  sim::Simulator& sim_;
  sim::RandomStream& arrivals_;
  sim::RandomStream& service_;
  std::deque<sim::Time> queue_;
  std::int64_t completed_ = 0;
};

void BM_MinimalMM1(benchmark::State& state) {
  sim::Simulator sim({.seed = 1});
  MinimalMM1 queue(sim);
  sim.runUntil(sim::Time{1s});
  std::int64_t before = queue.completed();
  std::uint64_t events_before = sim.eventCount();
  for (auto _ : state) sim.runUntil(sim.now() + 100ms);  // about 1,000 requests
  state.SetItemsProcessed(queue.completed() - before);
  state.counters["events_per_request"] =
      static_cast<double>(sim.eventCount() - events_before) /
      static_cast<double>(std::max<std::int64_t>(queue.completed() - before, 1));
}

// The same load through the cluster: one pod with one worker behind a ClusterIP Service, a
// client on another node opening a connection per request.
void BM_ClusterIpMM1(benchmark::State& state) {
  models::DataPlaneConfig config;
  config.default_serving.service_time = models::DurationDistribution::exponential(kMeanService);
  config.default_serving.workers = 1;
  bench::OneServiceCluster cluster(2, config, 1, kRatePerSecond, "node-1");
  cluster.sim.runUntil(sim::Time{6s});  // the pod ready, the queue in steady state
  std::int64_t before = cluster.counter.requests;
  std::uint64_t events_before = cluster.sim.eventCount();
  for (auto _ : state) cluster.sim.runUntil(cluster.sim.now() + 100ms);
  state.SetItemsProcessed(cluster.counter.requests - before);
  state.counters["events_per_request"] =
      static_cast<double>(cluster.sim.eventCount() - events_before) /
      static_cast<double>(std::max<std::int64_t>(cluster.counter.requests - before, 1));
}

}  // namespace

BENCHMARK(BM_MinimalMM1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ClusterIpMM1)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
