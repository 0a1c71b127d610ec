// ewma (ingress-nginx's ewma.lua, SEMANTICS §5.5): a decaying average of each peer's response
// time (decay 10 s); two random peers not yet tried for the request, the lower score wins; an
// idle peer's score decays towards 0 so it is probed again; new peers start at the average score
// of the existing ones. One instance per controller pod (the statistics are shared by workers).
#pragma once

#include <utility>

#include "models/ingress/balancers/balancer.h"
#include "models/ingress/balancers/peer_index.h"

namespace kns::models {

class EwmaBalancer final : public Balancer {
 public:
  static constexpr double kDecaySeconds = 10;

  explicit EwmaBalancer(sim::RandomStream& rng) : rng_(rng) {}
  void sync(const std::vector<Peer>& peers, sim::Time now) override;
  std::optional<Peer> pick(BalanceContext& context) override;
  void observe(const Peer& peer, sim::Duration rtt, sim::Time now) override;
  const char* name() const override { return "ewma"; }

  // ewma * exp(-td / 10) + rtt * (1 - exp(-td / 10)), td = now - last touched (>= 0), seconds.
  static double decay(double ewma, double last_touched, double rtt, double now);
  double score(const Peer& peer, sim::Time now) const;

 private:
  struct Stats {
    bool known = false;  // ingress-nginx has an entry for the peer
    double ewma = 0;
    double last_touched = 0;  // seconds
  };
  // The peer's statistics (null when it has none and is not listed).
  const Stats* find(PeerKey key) const;
  // score() of a peer of peers_ itself, by its place (no search).
  double scoreOf(const Peer& listed, sim::Time now) const;
  Stats* find(PeerKey key) { return const_cast<Stats*>(std::as_const(*this).find(key)); }

  sim::RandomStream& rng_;
  std::vector<Peer> peers_;
  PeerIndex index_;
  std::vector<Stats> stats_;  // by place in peers_ (a repeated peer uses its first place)
  std::vector<std::size_t> first_place_;  // by place in peers_: the place whose stats it uses
  // Responses from peers that left the list since the last sync: kept until the next sync, as
  // ingress-nginx's table keeps them, so a peer that comes straight back keeps its score.
  std::vector<std::pair<PeerKey, Stats>> departed_;
};

}  // namespace kns::models
