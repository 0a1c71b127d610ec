// A balancer's lookup from a peer's key to its place in the balancer's peer list: a sorted flat
// array built at sync, searched on every pick and response without allocating. A key listed
// twice maps to its first place, so both entries share one set of statistics.
#pragma once

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "models/ingress/balancers/peer.h"

namespace kns::models {

class PeerIndex {
 public:
  void build(const std::vector<Peer>& peers) {
    entries_.clear();
    for (std::size_t i = 0; i < peers.size(); ++i) entries_.emplace_back(peers[i].key(), i);
    std::sort(entries_.begin(), entries_.end());  // by key, then place: a repeat's first wins
  }
  std::optional<std::size_t> find(PeerKey key) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                               [](const auto& entry, PeerKey k) { return entry.first < k; });
    if (it == entries_.end() || it->first != key) return std::nullopt;
    return it->second;
  }

 private:
  std::vector<std::pair<PeerKey, std::size_t>> entries_;
};

}  // namespace kns::models
