// A cluster with a data plane, traffic and a request recorder, for data-path tests.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "cluster_fixture.h"
#include "models/traffic/data_plane.h"

namespace kns::models::testing {

// A data plane whose pods serve with the given time and workers, in the given kube-proxy mode.
inline DataPlaneConfig servingWith(DurationDistribution service_time, int workers,
                                   ProxyMode mode = ProxyMode::Iptables) {
  DataPlaneConfig config;
  config.kube_proxy.mode = mode;
  config.default_serving.service_time = std::move(service_time);
  config.default_serving.workers = workers;
  return config;
}

class RequestRecorder : public RecordingTelemetry {
 public:
  void onRequest(const RequestRecord& r) override { requests.push_back(r); }
  std::vector<RequestRecord> requests;

  int count(RequestOutcome outcome) const {
    int n = 0;
    for (const RequestRecord& r : requests) n += r.outcome == outcome;
    return n;
  }
  std::map<PodId, int> okPerPod() const {
    std::map<PodId, int> per_pod;
    for (const RequestRecord& r : requests) {
      if (r.outcome == RequestOutcome::Ok) ++per_pod[r.pod];
    }
    return per_pod;
  }
  // Mean time in pod (queue + service) of successful requests, in seconds.
  double meanTimeInPod(sim::Time after = sim::kTimeZero) const {
    double total = 0;
    int n = 0;
    for (const RequestRecord& r : requests) {
      if (r.outcome != RequestOutcome::Ok || r.start < after) continue;
      total += sim::toSeconds(r.timeInPod());
      ++n;
    }
    return n ? total / n : 0;
  }
};

class DataPlaneTest : public ::testing::Test {
 protected:
  void build(int nodes, ClusterConfig cluster = {}, DataPlaneConfig data = {},
             std::uint64_t seed = 1) {
    data_.reset();  // actors before the simulator they schedule on
    world_.reset();
    sim_ = std::make_unique<sim::Simulator>(sim::SimulatorConfig{.seed = seed});
    world_ = std::make_unique<World>(*sim_, std::move(cluster), &recorder_);
    NodePoolSpec pool;
    pool.count = nodes;
    world_->addNodePool(pool);
    data_ = std::make_unique<DataPlane>(*world_, std::move(data));
  }
  // A Deployment and a ClusterIP Service of the same name; pods placed before traffic starts.
  ServiceId deploy(const std::string& name, int replicas, ServiceSpec service = {}) {
    WorkloadSpec spec = deployment(name, replicas);
    spec.pod.cpu_millicores = 0;
    workload_ = world_->createWorkload(spec);
    if (service.name.empty()) service = serviceFor(name);
    return world_->createService(service);
  }
  TrafficSpec traffic(ServiceId service, double rate, const std::string& from = "node-0") {
    TrafficSpec t;
    t.name = "clients";
    t.from_node = from;
    t.service = service;
    t.rate_per_second = rate;
    t.start = sim::Time{std::chrono::seconds(10)};  // after the pods are Ready
    return t;
  }
  void runUntil(sim::Duration t) { sim_->runUntil(sim::Time{t}); }
  World& world() { return *world_; }
  DataPlane& data() { return *data_; }

  RequestRecorder recorder_;
  std::unique_ptr<sim::Simulator> sim_;
  std::unique_ptr<World> world_;
  std::unique_ptr<DataPlane> data_;
  WorkloadId workload_;
};

}  // namespace kns::models::testing
