// Why a balancer picked the peer it did, as a few fields recorded on every pick and turned into
// words only when something asks (the GUI's inspector): a headless run never formats them.
#pragma once

#include <cstdint>
#include <string>

#include "models/ingress/balancers/peer.h"

namespace kns::models {

struct PickFact {
  enum class Kind : std::uint8_t {
    None,
    RoundRobin,        // next in turn
    EwmaOnly,          // one candidate left (the others tried)
    Ewma,              // two candidates, the lower score won
    LeastRequestOnly,  // one candidate left
    LeastRequest,      // two candidates, fewer in flight won
    Hash,              // chash: the key's point on the ring
    HashSubset,        // chashsubset: the key's subset, a random member
    StickyCookie,      // the affinity cookie named the peer
    StickyNewSession,  // a new cookie was set
  };
  Kind kind = Kind::None;
  bool persistent = false;  // sticky: affinity-mode persistent
  Peer chosen;
  Peer other;               // Ewma: the candidate that lost
  double chosen_score = 0;  // Ewma: seconds
  double other_score = 0;   // Ewma: seconds
  int in_flight = 0;        // LeastRequest: the chosen peer's requests in flight
  int subset = 0;           // HashSubset
  std::string hash_key;     // Hash, HashSubset: assigned, so it keeps its capacity

  // "ewma picked 10.244.1.9:8080 (score 3.10 ms vs 7.40 ms for 10.244.2.3:8080)".
  std::string text() const;
};

}  // namespace kns::models
