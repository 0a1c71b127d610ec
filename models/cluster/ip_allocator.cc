// Pod IP allocation with host-local's round-robin or lowest-free reuse.
#include "models/cluster/ip_allocator.h"

#include <stdexcept>

namespace kns::models {

IpAllocator::IpAllocator(Cidr pod_cidr, IpReusePolicy policy) : cidr_(pod_cidr), policy_(policy) {
  if (pod_cidr.prefix > 30) {
    throw std::invalid_argument("pod CIDR " + pod_cidr.str() + " is too small: use /30 or larger");
  }
  first_ = pod_cidr.at(2).value;
  last_ = pod_cidr.at(pod_cidr.size() - 2).value;
  last_given_ = first_ - 1;  // so the first allocation is first_
}

std::optional<Ipv4> IpAllocator::allocate() {
  if (in_use_.size() == capacity()) return std::nullopt;
  std::uint32_t candidate = policy_ == IpReusePolicy::LowestFree ? first_ : last_given_ + 1;
  for (std::size_t tried = 0; tried < capacity(); ++tried, ++candidate) {
    if (candidate > last_) candidate = first_;
    if (!in_use_.count(candidate)) {
      in_use_.insert(candidate);
      last_given_ = candidate;
      return Ipv4{candidate};
    }
  }
  return std::nullopt;  // unreachable: in_use_ < capacity
}

void IpAllocator::release(Ipv4 ip) {
  if (in_use_.erase(ip.value) == 0) {
    throw std::logic_error("released IP " + ip.str() + " was not allocated from " + cidr_.str());
  }
}

}  // namespace kns::models
