// What reports say about the cluster's objects, recorded when it happened: names, which node a
// pod ran on, which pod held an address at a given time, a Service's ready endpoints at its
// latest version. Filled by the scenario layer as the run goes (scenarios/fact_recorder), so a
// report, a trace or a hop's explanation needs no live simulation.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/ids.h"
#include "models/net/ip.h"
#include "sim/time.h"

namespace kns::reports {

struct PodFacts {
  std::string name;
  std::string ns;
  models::NodeId node;             // invalid until scheduled
  std::optional<models::Ipv4> ip;  // its address while it had one (kept after it left)
  bool gone = false;
};

struct NodeFacts {
  std::string name;
  std::int16_t zone = -1;  // index into ClusterFacts::zones
};

struct ServiceFacts {
  std::string name;
  std::string ns;
  std::vector<models::PodId> ready_pods;  // pods of ready endpoints at the latest version
};

class ClusterFacts {
 public:
  std::vector<std::string> zones;
  std::map<models::PodId, PodFacts> pods;
  std::map<models::NodeId, NodeFacts> nodes;
  std::map<models::ServiceId, ServiceFacts> services;
  // The ingress controllers' route names and each route's Ingress, by controller.
  std::vector<std::vector<std::string>> ingress_routes;
  std::vector<std::vector<std::string>> ingress_names;

  const PodFacts* pod(models::PodId id) const {
    auto it = pods.find(id);
    return it == pods.end() ? nullptr : &it->second;
  }
  const NodeFacts* node(models::NodeId id) const {
    auto it = nodes.find(id);
    return it == nodes.end() ? nullptr : &it->second;
  }
  const ServiceFacts* service(models::ServiceId id) const {
    auto it = services.find(id);
    return it == services.end() ? nullptr : &it->second;
  }

  // An address taken by a pod (or, with an invalid id, freed) at `at`.
  void addressChanged(models::Ipv4 ip, sim::Time at, models::PodId pod) {
    holders_[ip.value].emplace_back(at, pod);
  }
  // The pod that held `ip` at `at` (invalid: none).
  models::PodId podAt(models::Ipv4 ip, sim::Time at) const {
    auto it = holders_.find(ip.value);
    if (it == holders_.end()) return {};
    models::PodId holder;
    for (const auto& [since, pod] : it->second) {
      if (since > at) break;
      holder = pod;
    }
    return holder;
  }

 private:
  std::map<std::uint32_t, std::vector<std::pair<sim::Time, models::PodId>>> holders_;
};

}  // namespace kns::reports
