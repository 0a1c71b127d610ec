// Kubernetes' supported maximum, 5,000 nodes and 150,000 pods, behind Services, with a
// kube-proxy per node: how long the simulator takes to bring it up and roll it, and the memory.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "models/telemetry.h"
#include "models/traffic/data_plane.h"
#include "models/world.h"

namespace {

using namespace std::chrono_literals;
using namespace kns;

double peakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// `nodes` nodes (110 pods each at most) in 3 zones, `services` Deployments of equal size with
// one Service each, `pods` pods in all; then one Deployment rolls.
void BM_ClusterScale(benchmark::State& state) {
  const int nodes = static_cast<int>(state.range(0));
  const int pods = static_cast<int>(state.range(1));
  const int services = 10;
  for (auto _ : state) {
    sim::Simulator sim({.seed = 1});
    models::ClusterConfig cluster;
    cluster.zones = {"a", "b", "c"};
    cluster.cluster_cidr = *models::Cidr::parse("10.0.0.0/8");  // room for 5,000 /24s
    cluster.node_network = *models::Cidr::parse("172.16.0.0/16");
    cluster.control_plane.endpoint_batch_period = 1s;  // as large clusters set it
    models::World world(sim, cluster);
    models::NodePoolSpec pool;
    pool.count = nodes;
    world.addNodePool(pool);
    models::DataPlaneConfig config;
    models::DataPlane data(world, config);
    std::vector<models::WorkloadId> workloads;
    for (int s = 0; s < services; ++s) {
      models::WorkloadSpec spec;
      spec.name = "app-" + std::to_string(s);
      spec.replicas = pods / services;
      spec.selector.match_labels = {{"app", spec.name}};
      spec.pod.labels = spec.selector.match_labels;
      spec.pod.cpu_millicores = 0;
      workloads.push_back(world.createWorkload(spec));
      models::ServiceSpec svc;
      svc.name = spec.name;
      svc.selector = spec.selector.match_labels;
      world.createService(svc);
    }
    sim.runUntil(sim::Time{60s});
    models::PodTemplate next = world.workload(workloads[0]).spec.pod;
    next.revision = "2";
    world.rollout(workloads[0], next);
    sim.runUntil(sim::Time{600s});
    state.counters["events"] = static_cast<double>(sim.eventCount());
    state.counters["live_pods"] = static_cast<double>(world.livePods().size());
  }
  state.counters["peak_rss_MiB"] = peakRssMiB();
}

}  // namespace

BENCHMARK(BM_ClusterScale)
    ->ArgNames({"nodes", "pods"})
    ->Args({500, 15'000})
    ->Args({5'000, 150'000})
    ->Iterations(1)
    ->Unit(benchmark::kSecond);
BENCHMARK_MAIN();
