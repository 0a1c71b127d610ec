// Simulated requests per second through client -> ClusterIP (kube-proxy) -> pod -> client.
// items_per_second = requests completed per second of wall time.
#include <benchmark/benchmark.h>

#include "bench/one_service_cluster.h"

namespace {

using namespace std::chrono_literals;
using namespace kns;

// `pods` replicas behind one Service on 10 nodes; one client stream of 10,000 requests/s on a
// new connection each (the costliest case: every request walks the kube-proxy rules).
void BM_ClusterIpRequests(benchmark::State& state) {
  models::DataPlaneConfig config;
  config.kube_proxy.mode = static_cast<models::ProxyMode>(state.range(1));
  config.default_serving.service_time = models::DurationDistribution::exponential(5ms);
  config.default_serving.workers = 32;  // 4 pods serve 25,600/s: no overload
  bench::OneServiceCluster cluster(10, config, static_cast<int>(state.range(0)), 10'000, "node-0");
  cluster.sim.runUntil(sim::Time{10s});  // warm up: pods ready, queues in steady state
  std::int64_t before = cluster.counter.requests;
  for (auto _ : state) cluster.sim.runUntil(cluster.sim.now() + 100ms);  // about 1,000 requests
  state.SetItemsProcessed(cluster.counter.requests - before);
  state.counters["simulated_s_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * 0.1, benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_ClusterIpRequests)
    ->ArgNames({"pods", "mode"})
    ->Args({4, 0})
    ->Args({50, 0})
    ->Args({50, 1})
    ->Args({50, 2})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
