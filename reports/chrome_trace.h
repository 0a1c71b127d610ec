// Sampled requests as Chrome trace-event JSON (open in Perfetto or chrome://tracing): one track
// per component (each client, the cloud load balancer, each node's kube-proxy, the network,
// each pod, DNS), a slice per hop, and flow arrows linking a request's hops in order.
#pragma once

#include <string>
#include <vector>

#include "models/traffic/request.h"
#include "reports/cluster_facts.h"

namespace kns::reports {

// `world` names nodes and pods (ids are printed without it); `sources` names traffic sources;
// `ingress_routes` (optional) names each ingress controller's routes.
std::string chromeTraceJson(const std::vector<models::RequestRecord>& requests,
                            const ClusterFacts* facts, const std::vector<std::string>& sources,
                            const std::vector<std::vector<std::string>>* ingress_routes = nullptr);

}  // namespace kns::reports
