// upstream-hash-by (resty.chash, SEMANTICS §5.6): a ring of 160 CRC32 points per peer; a key
// goes to the first point at or after CRC32(key), so a change of peers moves few keys. The
// subset variant (upstream-hash-by-subset) hashes a key to a group of `subset_size` peers and
// picks one of them at random. Also the ring under cookie affinity (sticky balanced).
#pragma once

#include <utility>

#include "models/ingress/balancers/balancer.h"

namespace kns::models {

class HashRing {
 public:
  static constexpr int kPointsPerPeer = 160;
  void build(const std::vector<Peer>& peers);
  // The index into the peers given to build(), or -1 if there are none.
  int lookup(std::string_view key) const;

 private:
  std::vector<std::pair<std::uint32_t, int>> points_;  // sorted by hash
};

class ConsistentHashBalancer final : public Balancer {
 public:
  ConsistentHashBalancer(sim::RandomStream& rng, int subset_size)
      : rng_(rng), subset_size_(subset_size) {}
  void sync(const std::vector<Peer>& peers, sim::Time now) override;
  std::optional<Peer> pick(BalanceContext& context) override;
  const char* name() const override { return subset_size_ > 0 ? "chashsubset" : "chash"; }

 private:
  sim::RandomStream& rng_;
  int subset_size_;  // 0: plain chash
  std::vector<Peer> peers_;
  std::vector<std::vector<Peer>> subsets_;
  HashRing ring_;  // over peers, or over subsets ("subset-<i>")
};

}  // namespace kns::models
