// The data plane's front: builds the stages over one request table, and hands the cluster's
// notifications (endpoints, pods) to the stages that watch them.
#include "models/traffic/data_plane.h"

namespace kns::models {

DataPlane::DataPlane(World& world, DataPlaneConfig config)
    : table_(world, std::move(config)),
      clients_(table_),
      connections_(table_),
      service_(table_),
      delivery_(table_),
      l7_(table_) {
  table_.stages = Stages{&clients_, &connections_, &service_, &delivery_, &l7_};
  world.subscribe(this);
  world.watchPods(this);
}

DataPlane::~DataPlane() = default;

void DataPlane::onEndpoints(const EndpointsSnapshot& snapshot) {
  connections_.onEndpoints(snapshot);  // CoreDNS
  service_.onEndpoints(snapshot);      // every node's kube-proxy
  l7_.onEndpoints(snapshot);           // ingress controllers' balancers
}

void DataPlane::onPodChanged(const Pod& pod) {
  if (pod.gone) delivery_.podGone(pod.id);
}

void DataPlane::forEachInFlight(const std::function<void(const RequestRecord&)>& visit) const {
  table_.requests.forEach([&](const InFlight& r) { visit(r.record); });
}

}  // namespace kns::models
