#include "models/ingress/balancers/consistent_hash.h"

#include <algorithm>

namespace kns::models {

void HashRing::build(const std::vector<Peer>& peers) {
  points_.clear();
  for (std::size_t i = 0; i < peers.size(); ++i) {
    // Each peer's points chain from the CRC32 of its "ip:port": point k = crc32 of point k-1's
    // four bytes, continued from the base hash.
    std::uint32_t base = crc32(peers[i].text());
    std::uint32_t previous = 0;
    for (int k = 0; k < kPointsPerPeer; ++k) {
      char bytes[4];
      for (int b = 0; b < 4; ++b) bytes[b] = static_cast<char>(previous >> (8 * b));
      std::uint32_t point = crc32(std::string_view(bytes, 4), base);
      points_.emplace_back(point, static_cast<int>(i));
      previous = point;
    }
  }
  std::sort(points_.begin(), points_.end());
}

int HashRing::lookup(std::string_view key) const {
  if (points_.empty()) return -1;
  std::uint32_t h = crc32(key);
  auto it = std::lower_bound(points_.begin(), points_.end(), std::make_pair(h, -1));
  if (it == points_.end()) it = points_.begin();
  return it->second;
}

void ConsistentHashBalancer::sync(const std::vector<Peer>& peers, sim::Time) {
  if (peers == peers_ && !peers_.empty()) return;
  peers_ = peers;
  if (subset_size_ <= 0) {
    ring_.build(peers_);
    return;
  }
  // ceil(n / size) subsets; the last is padded with peers from the start of the list.
  subsets_.clear();
  std::vector<Peer> ids;
  std::size_t size = static_cast<std::size_t>(subset_size_);
  for (std::size_t start = 0; start < peers_.size(); start += size) {
    std::vector<Peer> subset;
    for (std::size_t k = 0; k < size; ++k) subset.push_back(peers_[(start + k) % peers_.size()]);
    subsets_.push_back(subset);
    Peer id;
    id.address = Ipv4{static_cast<std::uint32_t>(subsets_.size())};  // the ring's name for it
    ids.push_back(id);
  }
  ring_.build(ids);
}

std::optional<Peer> ConsistentHashBalancer::pick(BalanceContext& context) {
  int index = ring_.lookup(context.hash_key);
  if (index < 0) return std::nullopt;
  if (subset_size_ <= 0) {
    const Peer& peer = peers_[static_cast<std::size_t>(index)];
    last_.kind = PickFact::Kind::Hash;
    last_.hash_key.assign(context.hash_key);
    last_.chosen = peer;
    return peer;
  }
  const std::vector<Peer>& subset = subsets_[static_cast<std::size_t>(index)];
  const Peer& peer = subset[static_cast<std::size_t>(
      rng_.uniformInt(0, static_cast<std::int64_t>(subset.size()) - 1))];
  last_.kind = PickFact::Kind::HashSubset;
  last_.hash_key.assign(context.hash_key);
  last_.subset = index;
  last_.chosen = peer;
  return peer;
}

}  // namespace kns::models
