// Simulated requests per second through client -> ClusterIP (kube-proxy) -> pod -> client.
// items_per_second = requests completed per second of wall time.
#include <benchmark/benchmark.h>

#include "models/telemetry.h"
#include "models/traffic/data_plane.h"
#include "models/world.h"

namespace {

using namespace std::chrono_literals;
using namespace kns;

class CountRequests : public models::Telemetry {
 public:
  void onRequest(const models::RequestRecord&) override { ++requests; }
  std::int64_t requests = 0;
};

// `pods` replicas behind one Service on 10 nodes; one client stream of 10,000 requests/s on a
// new connection each (the costliest case: every request walks the kube-proxy rules).
void BM_ClusterIpRequests(benchmark::State& state) {
  sim::Simulator sim({.seed = 1});
  CountRequests counter;
  models::World world(sim, models::ClusterConfig{}, &counter);
  models::NodePoolSpec pool;
  pool.count = 10;
  world.addNodePool(pool);
  models::DataPlaneConfig config;
  config.kube_proxy.mode = static_cast<models::ProxyMode>(state.range(1));
  config.default_serving.service_time = models::DurationDistribution::exponential(5ms);
  config.default_serving.workers = 32;  // 4 pods serve 25,600/s: no overload
  models::DataPlane data(world, config);
  models::WorkloadSpec spec;
  spec.name = "web";
  spec.replicas = static_cast<int>(state.range(0));
  spec.selector.match_labels = {{"app", "web"}};
  spec.pod.labels = {{"app", "web"}};
  spec.pod.cpu_millicores = 0;
  world.createWorkload(spec);
  models::ServiceSpec svc;
  svc.name = "web";
  svc.selector = {{"app", "web"}};
  models::TrafficSpec traffic;
  traffic.name = "clients";
  traffic.from_node = "node-0";
  traffic.service = world.createService(svc);
  traffic.rate_per_second = 10'000;
  traffic.start = sim::Time{5s};
  data.addTraffic(traffic);
  sim.runUntil(sim::Time{10s});  // warm up: pods ready, queues in steady state
  std::int64_t before = counter.requests;
  for (auto _ : state) sim.runUntil(sim.now() + 100ms);  // about 1,000 requests
  state.SetItemsProcessed(counter.requests - before);
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
