// Strong ids for the actors of the cluster: a NodeId cannot be passed where a PodId is expected.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace kns::models {

// An index-like id. Default-constructed ids are invalid. Ordered, so std::map/std::set over ids
// iterate in creation order (determinism rule 3).
template <typename Tag>
struct Id {
  static constexpr std::uint32_t kInvalid = 0xFFFFFFFFu;
  std::uint32_t value = kInvalid;

  constexpr Id() = default;
  constexpr explicit Id(std::uint32_t v) : value(v) {}
  constexpr bool valid() const { return value != kInvalid; }
  friend constexpr auto operator<=>(Id, Id) = default;
};

using NodeId = Id<struct NodeTag>;
using PodId = Id<struct PodTag>;
using ServiceId = Id<struct ServiceTag>;
// A Deployment, ReplicaSet or StatefulSet: whatever owns pods.
using WorkloadId = Id<struct WorkloadTag>;

}  // namespace kns::models

template <typename Tag>
struct std::hash<kns::models::Id<Tag>> {
  std::size_t operator()(kns::models::Id<Tag> id) const noexcept { return id.value; }
};
