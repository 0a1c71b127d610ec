// A benchmark cluster: `replicas` pods of one Deployment behind one ClusterIP Service on
// `nodes` nodes, and one client on `client_node` opening a connection per request at `rate`/s
// from 5 s on (the pods are ready by then). Counts completed requests.
#pragma once

#include <string>

#include "models/telemetry.h"
#include "models/traffic/data_plane.h"
#include "models/world.h"

namespace kns::bench {

class CountRequests : public models::Telemetry {
 public:
  void onRequest(const models::RequestRecord&) override { ++requests; }
  std::int64_t requests = 0;
};

struct OneServiceCluster {
  OneServiceCluster(int nodes, const models::DataPlaneConfig& config, int replicas, double rate,
                    const std::string& client_node)
      : world(sim, models::ClusterConfig{}, &counter), data(withNodes(world, nodes), config) {
    models::WorkloadSpec spec;
    spec.name = "web";
    spec.replicas = replicas;
    spec.selector.match_labels = {{"app", "web"}};
    spec.pod.labels = {{"app", "web"}};
    spec.pod.cpu_millicores = 0;
    world.createWorkload(spec);
    models::ServiceSpec svc;
    svc.name = "web";
    svc.selector = {{"app", "web"}};
    models::TrafficSpec traffic;
    traffic.name = "clients";
    traffic.from_node = client_node;
    traffic.service = world.createService(svc);
    traffic.rate_per_second = rate;
    traffic.start = sim::Time{std::chrono::seconds(5)};
    data.addTraffic(traffic);
  }

  sim::Simulator sim{{.seed = 1}};
  CountRequests counter;
  models::World world;
  models::DataPlane data;

 private:
  // The nodes exist before the data plane starts (it creates a kube-proxy per node).
  static models::World& withNodes(models::World& world, int count) {
    models::NodePoolSpec pool;
    pool.count = count;
    world.addNodePool(pool);
    return world;
  }
};

}  // namespace kns::bench
