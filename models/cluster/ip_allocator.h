// Hands out pod IPs from one node's pod CIDR, the way the host-local IPAM plugin does.
#pragma once

#include <optional>
#include <set>

#include "models/net/ip.h"

namespace kns::models {

// How freed addresses come back.
enum class IpReusePolicy {
  // host-local IPAM (the CNI plugin behind kubenet, flannel and bridge setups): continue after the
  // last address handed out, wrapping at the end of the range. A freed IP is reused only after
  // the allocator has gone round the range once.
  NextAfterLast,
  // Always the lowest free address: a deleted pod's IP goes to the very next pod. The harshest
  // case for stale endpoints.
  LowestFree,
};

// Addresses of a node's pod CIDR: the network address and the first host address (the node's
// bridge / gateway, cni0) and the broadcast address are never given to pods, so a /24 holds 253
// pods. Deterministic: the same sequence of calls gives the same addresses.
class IpAllocator {
 public:
  IpAllocator(Cidr pod_cidr, IpReusePolicy policy = IpReusePolicy::NextAfterLast);

  // A free address, or nullopt when the range is exhausted (a scheduling failure for the caller).
  std::optional<Ipv4> allocate();
  // Returns an address to the pool. Releasing an address that is not allocated is a bug and
  // throws std::logic_error.
  void release(Ipv4 ip);

  const Cidr& cidr() const { return cidr_; }
  Ipv4 gateway() const { return cidr_.at(1); }
  std::size_t capacity() const { return static_cast<std::size_t>(last_ - first_ + 1); }
  std::size_t inUse() const { return in_use_.size(); }

 private:
  Cidr cidr_;
  IpReusePolicy policy_;
  std::uint32_t first_;  // first assignable address
  std::uint32_t last_;   // last assignable address
  std::uint32_t last_given_;
  std::set<std::uint32_t> in_use_;
};

}  // namespace kns::models
