// An upstream peer of an ingress controller's balancer: a pod's address and target port. Its
// integer key names it on every per-request path; its "ip:port" text (what ingress-nginx keys
// its Lua tables and cookies by) is made only for hashing at sync time and for people.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/ids.h"
#include "models/net/ip.h"

namespace kns::models {

using PeerKey = std::uint64_t;  // address << 16 | port

struct Peer {
  Ipv4 address;
  int port = 80;
  PodId pod;
  PeerKey key() const {
    return (static_cast<PeerKey>(address.value) << 16) | static_cast<std::uint16_t>(port);
  }
  std::string text() const;  // "10.244.1.7:8080"
  // The same text written into `out` (at least kTextSize bytes); returns its length.
  static constexpr std::size_t kTextSize = 22;
  std::size_t format(char* out) const;
  friend bool operator==(const Peer& a, const Peer& b) {
    return a.address == b.address && a.port == b.port;
  }
};

// "10.244.1.7:8080" -> its key; nullopt for anything else (a cookie of another form).
std::optional<PeerKey> parsePeerKey(std::string_view text);

// The peers one request has tried, in order (a handful: proxy-next-upstream-tries).
class TriedPeers {
 public:
  TriedPeers() = default;
  TriedPeers(std::initializer_list<PeerKey> keys) : keys_(keys) {}
  void clear() { keys_.clear(); }  // keeps the capacity
  void add(PeerKey key) { keys_.push_back(key); }
  bool empty() const { return keys_.empty(); }
  bool contains(PeerKey key) const {
    for (PeerKey k : keys_) {
      if (k == key) return true;
    }
    return false;
  }

 private:
  std::vector<PeerKey> keys_;
};

}  // namespace kns::models
