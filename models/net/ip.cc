// Parsing and formatting of IPv4 addresses and CIDR blocks.
#include "models/net/ip.h"

#include <charconv>

namespace kns::models {

std::optional<Ipv4> Ipv4::parse(std::string_view text) {
  std::uint32_t value = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (p == end || *p != '.') return std::nullopt;
      ++p;
    }
    unsigned part = 0;
    auto [next, ec] = std::from_chars(p, end, part);
    if (ec != std::errc{} || next == p || next - p > 3 || part > 255) return std::nullopt;
    value = (value << 8) | part;
    p = next;
  }
  if (p != end) return std::nullopt;
  return Ipv4{value};
}

std::string Ipv4::str() const {
  // Written into one buffer: at most 15 characters, which std::string keeps without allocating.
  char text[16];
  std::size_t length = 0;
  for (int shift = 24; shift >= 0; shift -= 8) {
    unsigned octet = (value >> shift) & 0xFF;
    if (octet >= 100) text[length++] = static_cast<char>('0' + octet / 100);
    if (octet >= 10) text[length++] = static_cast<char>('0' + octet / 10 % 10);
    text[length++] = static_cast<char>('0' + octet % 10);
    if (shift > 0) text[length++] = '.';
  }
  return std::string(text, length);
}

std::optional<Cidr> Cidr::parse(std::string_view text) {
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::optional<Ipv4> base = Ipv4::parse(text.substr(0, slash));
  std::string_view prefix_text = text.substr(slash + 1);
  int prefix = -1;
  auto [next, ec] =
      std::from_chars(prefix_text.data(), prefix_text.data() + prefix_text.size(), prefix);
  if (!base || ec != std::errc{} || next != prefix_text.data() + prefix_text.size() || prefix < 0 ||
      prefix > 32) {
    return std::nullopt;
  }
  std::uint32_t host_mask = prefix == 0 ? 0xFFFFFFFFu : (std::uint32_t{1} << (32 - prefix)) - 1;
  if (prefix == 32) host_mask = 0;
  if ((base->value & host_mask) != 0) return std::nullopt;
  return Cidr{*base, prefix};
}

std::string Cidr::str() const { return base.str() + "/" + std::to_string(prefix); }

bool Cidr::contains(Ipv4 ip) const {
  if (prefix == 0) return true;
  std::uint32_t mask = ~std::uint32_t{0} << (32 - prefix);
  return (ip.value & mask) == base.value;
}

std::optional<Cidr> Cidr::subnet(int sub_prefix, std::uint64_t index) const {
  if (sub_prefix < prefix || sub_prefix > 32) return std::nullopt;
  std::uint64_t count = std::uint64_t{1} << (sub_prefix - prefix);
  if (index >= count) return std::nullopt;
  std::uint64_t block = std::uint64_t{1} << (32 - sub_prefix);
  return Cidr{Ipv4{base.value + static_cast<std::uint32_t>(index * block)}, sub_prefix};
}

}  // namespace kns::models
