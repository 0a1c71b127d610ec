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

// Objects by id, in dense tables (ids count up from 0): a lookup per request is an index.
template <typename Id, typename Facts>
class FactTable {
 public:
  const Facts* find(Id id) const {
    return id.valid() && id.value < known_.size() && known_[id.value] ? &rows_[id.value] : nullptr;
  }
  bool contains(Id id) const { return find(id) != nullptr; }
  // The row of `id`, made (empty) if it was not known.
  Facts& at(Id id) {
    if (id.value >= rows_.size()) {
      rows_.resize(id.value + 1);
      known_.resize(id.value + 1, false);
    }
    known_[id.value] = true;
    return rows_[id.value];
  }

 private:
  std::vector<Facts> rows_;
  std::vector<bool> known_;
};

class ClusterFacts {
 public:
  std::vector<std::string> zones;
  FactTable<models::PodId, PodFacts> pods;
  FactTable<models::NodeId, NodeFacts> nodes;
  FactTable<models::ServiceId, ServiceFacts> services;
  // The ingress controllers' route names and each route's Ingress, by controller.
  std::vector<std::vector<std::string>> ingress_routes;
  std::vector<std::vector<std::string>> ingress_names;

  const PodFacts* pod(models::PodId id) const { return pods.find(id); }
  const NodeFacts* node(models::NodeId id) const { return nodes.find(id); }
  const ServiceFacts* service(models::ServiceId id) const { return services.find(id); }

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
