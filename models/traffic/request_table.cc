// The request table's slots, travel between places, and ending a request after a delay.
#include "models/traffic/request_table.h"

#include "models/traffic/client_stage.h"

namespace kns::models {

std::uint64_t RequestTable::allocateRequest() {
  return requests.acquire([](InFlight& r) {
    r.cause_if_expired = RequestOutcome::Timeout;
    r.record.reset();
    r.connection = 0;
    r.next = sim::EventId{};
    r.in_ingress = false;  // the leg keeps its buffers for the next request through a controller
  });
}

void RequestTable::endAfter(std::uint64_t handle, InFlight& r, sim::Duration delay,
                            RequestOutcome outcome) {
  nextHop(r, delay, [this, handle, outcome] { stages.clients->complete(handle, outcome); });
}

std::optional<sim::Duration> RequestTable::travel(Place from, Place to, std::uint32_t bytes) const {
  const Topology& topology = world.topology();
  // A request crosses the same few pairs of places with the same few sizes again and again:
  // the answer is remembered (direct-mapped, by node ids; the internet's is the invalid id)
  // until the topology changes.
  std::uint32_t a = from.node.value, b = to.node.value;
  std::size_t slot =
      (a * 0x9E3779B1u ^ b * 0x85EBCA77u ^ bytes * 0xC2B2AE3Du) % travel_memo_.size();
  TravelMemo& memo = travel_memo_[slot];
  if (memo.version == topology.version() && memo.a == a && memo.b == b && memo.bytes == bytes) {
    return memo.result;
  }
  VertexId va = from.node.valid() ? world.node(from.node).vertex : world.network().internet();
  VertexId vb = to.node.valid() ? world.node(to.node).vertex : world.network().internet();
  std::optional<PathCost> cost = topology.path(va, vb);
  std::optional<sim::Duration> result;
  if (cost) result = cost->transferTime(bytes);
  memo = TravelMemo{topology.version(), a, b, bytes, result};
  return result;
}

}  // namespace kns::models
