// Writes the cluster's facts (reports/cluster_facts.h) as the run goes: the names, nodes and
// addresses of pods when they are created, scheduled and deleted, the names and zones of nodes,
// Services' names and ready endpoints at each version written. It sits first in the run's
// telemetry, so the recorder sees an object's facts before any request that needs them, and a
// report written later needs no live simulation.
#pragma once

#include "models/telemetry.h"
#include "models/world.h"
#include "reports/cluster_facts.h"

namespace kns::scenarios {

class FactRecorder final : public models::Telemetry {
 public:
  explicit FactRecorder(reports::ClusterFacts& facts) : facts_(facts) {}
  // From now on, with what exists already (zones, nodes, Services, pods and their addresses)
  // recorded at once; events before this are ignored (the World reports while being built).
  void attach(const models::World& world);

  void onPodEvent(const models::PodEvent& e) override;
  void onNodeEvent(const models::NodeEvent& e) override;
  void onEndpointsEvent(const models::EndpointsEvent& e) override;
  void onRequest(const models::RequestRecord& r) override;

 private:
  void notePod(models::PodId pod);
  void noteNode(models::NodeId node);
  void noteService(models::ServiceId service);

  const models::World* world_ = nullptr;
  reports::ClusterFacts& facts_;
};

}  // namespace kns::scenarios
