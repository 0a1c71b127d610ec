// A Telemetry that keeps every event, for tests.
#pragma once

#include <string>
#include <vector>

#include "models/telemetry.h"

namespace kns::models::testing {

class RecordingTelemetry : public Telemetry {
 public:
  void onPodEvent(const PodEvent& e) override {
    pod_events.push_back(e);
    log.push_back(describe(e));
  }
  void onSchedulingFailed(const SchedulingFailedEvent& e) override {
    scheduling_failures.push_back(e);
    log.push_back("sched-failed pod=" + std::to_string(e.pod.value));
  }
  void onNodeEvent(const NodeEvent& e) override {
    node_events.push_back(e);
    log.push_back(std::to_string(e.time.time_since_epoch().count()) + " node " +
                  std::to_string(e.node.value) + " " + std::to_string(static_cast<int>(e.kind)));
  }
  void onEndpointsEvent(const EndpointsEvent& e) override {
    endpoints_events.push_back(e);
    log.push_back(std::to_string(e.time.time_since_epoch().count()) + " endpoints " +
                  std::to_string(e.service.value) + " v" + std::to_string(e.version) + " " +
                  std::to_string(e.endpoints) + "/" + std::to_string(e.ready));
  }

  static std::string describe(const PodEvent& e) {
    return std::to_string(e.time.time_since_epoch().count()) + " pod " +
           std::to_string(e.pod.value) + " " + std::to_string(static_cast<int>(e.kind)) + " " +
           (e.ip ? e.ip->str() : "-");
  }

  std::vector<PodEvent> pod_events;
  std::vector<SchedulingFailedEvent> scheduling_failures;
  std::vector<NodeEvent> node_events;
  std::vector<EndpointsEvent> endpoints_events;
  std::vector<std::string> log;  // everything, in order, as text
};

}  // namespace kns::models::testing
