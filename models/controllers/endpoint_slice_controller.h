// The EndpointSlice controller: turns a Service's selected pods into slices of endpoints.
#pragma once

#include <map>
#include <vector>

#include "models/cluster/endpoints.h"
#include "models/cluster/work_queue.h"
#include "models/ids.h"

namespace kns::models {

class ClusterApi;

// Per Service: every pod selected (same namespace, labels match) that has an IP and is not
// Succeeded/Failed is an endpoint, with conditions as SEMANTICS §2.3. Endpoints are packed into
// slices of at most max_endpoints_per_slice with the controller's fill rule (SEMANTICS §2.1):
// changed slices are updated in place, new endpoints go first into slices already being changed,
// then into new slices; the last partial chunk goes into an unchanged slice only if it fits
// whole. There is no rebalancing. A Service without endpoints keeps one empty slice.
//
// Timing: pod changes wait endpoint_batch_period (default 0) and are written together as a new
// version; subscribers receive it endpoint_propagation later.
class EndpointSliceController {
 public:
  explicit EndpointSliceController(ClusterApi& cluster);
  void serviceChanged(ServiceId service);
  void podChanged(PodId pod);
  void subscribe(EndpointsSubscriber* subscriber) { subscribers_.push_back(subscriber); }
  EndpointsSnapshot current(ServiceId service) const;
  // The slices of a Service without a selector, written by hand (the controller does not manage
  // them): published as a new version like the controller's own.
  void setManual(ServiceId service, std::vector<EndpointSlice> slices);

 private:
  void sync(ServiceId service);
  void deliver(const EndpointsSnapshot& snapshot);
  void publish(ServiceId service, std::vector<EndpointSlice> slices);
  std::vector<Endpoint> desiredEndpoints(ServiceId service) const;

  ClusterApi& cluster_;
  WorkQueue<ServiceId> queue_;
  std::map<ServiceId, EndpointsSnapshot> current_;
  std::map<ServiceId, int> next_slice_number_;
  std::vector<EndpointsSubscriber*> subscribers_;
  std::vector<ServiceId> scratch_services_;  // podChanged's, kept to avoid an allocation each
};

}  // namespace kns::models
