// What every stage of the data plane starts from: the shared request table, the World, and the
// other stages to hand a request on to.
#pragma once

#include "models/traffic/request_table.h"

namespace kns::models {

class Stage {
 protected:
  explicit Stage(RequestTable& table) : table_(table), world_(table.world) {}
  ~Stage() = default;
  Stage(const Stage&) = delete;
  Stage& operator=(const Stage&) = delete;

  ClientStage& clients() const { return *table_.stages.clients; }
  ConnectionStage& connections() const { return *table_.stages.connections; }
  ServiceStage& service() const { return *table_.stages.service; }
  DeliveryStage& delivery() const { return *table_.stages.delivery; }
  L7ProxyStage& l7() const { return *table_.stages.l7; }
  TrafficSource& source(std::uint32_t index) const { return *table_.sources[index]; }
  sim::Simulator& sim() const { return world_.simulator(); }

  RequestTable& table_;
  World& world_;
};

}  // namespace kns::models
