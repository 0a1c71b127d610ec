// IPv4 addresses and CIDR blocks: pod, node, Service and cluster ranges.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kns::models {

struct Ipv4 {
  std::uint32_t value = 0;

  // "10.244.1.7"; nullopt unless four decimal octets 0-255.
  static std::optional<Ipv4> parse(std::string_view text);
  std::string str() const;
  friend constexpr auto operator<=>(Ipv4, Ipv4) = default;
};

// A block such as 10.244.0.0/16. The base address has no bits set beyond the prefix.
struct Cidr {
  Ipv4 base;
  int prefix = 32;

  // "10.244.0.0/16"; nullopt if malformed or if host bits are set (as Kubernetes rejects them).
  static std::optional<Cidr> parse(std::string_view text);
  std::string str() const;
  // Number of addresses in the block, 2^(32 - prefix).
  std::uint64_t size() const { return std::uint64_t{1} << (32 - prefix); }
  bool contains(Ipv4 ip) const;
  // The i-th address of the block (0 is the network address). i < size().
  Ipv4 at(std::uint64_t i) const { return Ipv4{base.value + static_cast<std::uint32_t>(i)}; }
  // The index-th sub-block of the given (longer) prefix, e.g. the 3rd /24 of a /16.
  // nullopt if the prefix is shorter than this block's or the index is out of range.
  std::optional<Cidr> subnet(int sub_prefix, std::uint64_t index) const;
  friend constexpr auto operator<=>(const Cidr&, const Cidr&) = default;
};

}  // namespace kns::models
