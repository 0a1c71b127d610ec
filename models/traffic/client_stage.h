// Clients and retries: traffic sources, arrivals (open loop, closed loop, bursts, rate
// schedules), the start of each request with its deadline, its end, and what follows it (a
// retry, a closed-loop user's next request).
#pragma once

#include <cstdint>
#include <vector>

#include "models/traffic/stage.h"

namespace kns::models {

class ClientStage : private Stage {
 public:
  explicit ClientStage(RequestTable& table) : Stage(table) {}

  // Starts a traffic source at spec.start; returns its index (RequestRecord::source).
  std::uint32_t addTraffic(TrafficSpec spec);
  // Changes a source's arrival rate from now on (a timeline's "change traffic rate").
  void setRate(std::uint32_t source, double rate_per_second);
  // The request ends: reported, followed up, its slot and its hold on the connection released.
  void complete(std::uint64_t handle, RequestOutcome outcome);
  // Running pods a pod-client source may send from, in id order.
  std::vector<PodId> clientPods(const TrafficSource& source) const;

 private:
  void startSource(std::uint32_t source);
  void scheduleNextArrival(std::uint32_t source);
  void arrive(std::uint32_t source);
  void startRequest(std::uint32_t source, std::uint8_t attempt, sim::Time first_start);
  void expire(std::uint64_t handle);
  void followUp(const RequestRecord& record);
};

}  // namespace kns::models
