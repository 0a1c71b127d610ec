// Telemetry to two receivers: the report's recorder and an observer such as the GUI.
#pragma once

#include <string>

#include "models/telemetry.h"

namespace kns::models {

class TelemetryTee final : public Telemetry {
 public:
  TelemetryTee(Telemetry& first, Telemetry& second) : first_(first), second_(second) {}
  void onPodEvent(const PodEvent& e) override {
    first_.onPodEvent(e);
    second_.onPodEvent(e);
  }
  void onSchedulingFailed(const SchedulingFailedEvent& e) override {
    first_.onSchedulingFailed(e);
    second_.onSchedulingFailed(e);
  }
  void onNodeEvent(const NodeEvent& e) override {
    first_.onNodeEvent(e);
    second_.onNodeEvent(e);
  }
  void onEndpointsEvent(const EndpointsEvent& e) override {
    first_.onEndpointsEvent(e);
    second_.onEndpointsEvent(e);
  }
  void onRequest(const RequestRecord& r) override {
    first_.onRequest(r);
    second_.onRequest(r);
  }
  void onRequestNotSent(sim::Time t, std::uint32_t source) override {
    first_.onRequestNotSent(t, source);
    second_.onRequestNotSent(t, source);
  }
  void onProxySynced(sim::Time t, NodeId node, ServiceId service, std::uint64_t version) override {
    first_.onProxySynced(t, node, service, version);
    second_.onProxySynced(t, node, service, version);
  }
  void onIngressPick(std::uint64_t request, std::uint16_t attempt, const PickFact& pick) override {
    first_.onIngressPick(request, attempt, pick);
    second_.onIngressPick(request, attempt, pick);
  }

 private:
  Telemetry& first_;
  Telemetry& second_;
};

}  // namespace kns::models
