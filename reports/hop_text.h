// A request's hops in words: where each happened and what decided it ("iptables: rule 2 of 3
// (statistic random 0.5) matched -> 10.244.1.9"). Shared by the Chrome trace and the GUI's
// request journey.
#pragma once

#include <string>

#include "models/traffic/request.h"
#include "reports/cluster_facts.h"

namespace kns::reports {

// "kube-proxy", "network", "queue", ...
const char* hopKindName(models::HopKind kind);

// Where the hop happened: "kube-proxy on node-1", "node-0 -> node-2", "pod web-7f9c-x2
// (10.244.1.9)". Without facts, names are ids. With the request, a request's packets that first
// cross from its client to the entry node say so: "internet -> node-1 -> node-2".
std::string hopPlace(const models::Hop& hop, const ClusterFacts* facts,
                     const models::RequestRecord* request = nullptr);

// What happened and which rule decided it. `route` names the Ingress route of an Ingress hop
// ("shop/web: shop.example.com/api"); `pick` is the balancer's own explanation when known.
std::string hopExplanation(const models::Hop& hop, const ClusterFacts* facts,
                           const std::string& route = "", const std::string& pick = "");

}  // namespace kns::reports
