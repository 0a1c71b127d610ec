#include "models/ingress/balancers/peer.h"

#include <charconv>

namespace kns::models {

std::size_t Peer::format(char* out) const {
  char* end = out;
  for (int shift = 24; shift >= 0; shift -= 8) {
    end = std::to_chars(end, out + kTextSize, (address.value >> shift) & 0xFF).ptr;
    *end++ = shift > 0 ? '.' : ':';
  }
  end = std::to_chars(end, out + kTextSize, port).ptr;
  return static_cast<std::size_t>(end - out);
}

std::string Peer::text() const {
  char out[kTextSize];
  return std::string(out, format(out));
}

std::optional<PeerKey> parsePeerKey(std::string_view text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::optional<Ipv4> address = Ipv4::parse(text.substr(0, colon));
  int port = 0;
  const char* first = text.data() + colon + 1;
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(first, last, port);
  if (!address || first == last || ec != std::errc{} || end != last || port < 0 || port > 65535)
    return std::nullopt;
  return Peer{*address, port, PodId{}}.key();
}

}  // namespace kns::models
