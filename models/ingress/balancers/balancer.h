// How an ingress controller picks the upstream pod for a request: one policy per file pair
// behind this interface, as ingress-nginx's Lua balancers (SEMANTICS §5.3-5.6) and Envoy's
// least_request for comparison.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/ingress/balancers/peer.h"
#include "models/ingress/balancers/pick_fact.h"
#include "sim/random.h"
#include "sim/time.h"

namespace kns::models {

// What a policy may look at for one try of one request.
struct BalanceContext {
  sim::Time now;
  std::string_view hash_key;  // upstream-hash-by, evaluated ("$request_uri" -> "/cart?x=1")
  std::string* affinity_cookie = nullptr;  // the INGRESSCOOKIE value: read, and set when new
  const TriedPeers* tried = nullptr;       // peers already tried for this request
  bool previous_failed = false;            // this is a retry after a failure
  bool wasTried(const Peer& peer) const { return tried != nullptr && tried->contains(peer.key()); }
};

class Balancer {
 public:
  virtual ~Balancer() = default;
  // The controller's new endpoint list for the backend (ready endpoints only).
  virtual void sync(const std::vector<Peer>& peers, sim::Time now) = 0;
  // nullopt when there is no peer.
  virtual std::optional<Peer> pick(BalanceContext& context) = 0;
  // A response (or failure) came back from `peer` after `rtt` (connect + response time).
  virtual void observe(const Peer& /*peer*/, sim::Duration /*rtt*/, sim::Time /*now*/) {}
  virtual void started(const Peer& /*peer*/) {}
  virtual void finished(const Peer& /*peer*/) {}
  virtual const char* name() const = 0;
  // The last pick's reason, as recorded (cheap) and in words for the inspector ("ewma picked
  // 10.244.1.9:8080 (score 3.10 ms vs 7.40 ms for ...)").
  const PickFact& lastPick() const { return last_; }
  std::string explanation() const { return last_.text(); }

 protected:
  // The peers a pick chooses from: those not yet tried for this request, or all of them when
  // none or every one was tried (start again from all), in list order. Valid until the next
  // call; a first try (nothing tried) reads the list itself.
  class Candidates {
   public:
    std::size_t size() const { return some_ ? some_->size() : all_->size(); }
    bool empty() const { return size() == 0; }
    const Peer& operator[](std::size_t i) const { return some_ ? *(*some_)[i] : (*all_)[i]; }

   private:
    friend class Balancer;
    const std::vector<Peer>* all_ = nullptr;
    const std::vector<const Peer*>* some_ = nullptr;
  };
  Candidates untried(const std::vector<Peer>& peers, const BalanceContext& context);

  PickFact last_;

 private:
  std::vector<const Peer*> untried_;  // untried()'s after failed tries, reused
};

enum class BalancerKind {
  RoundRobin,        // load-balance: round_robin (default)
  Ewma,              // load-balance: ewma
  ConsistentHash,    // upstream-hash-by
  ConsistentSubset,  // upstream-hash-by-subset: "true"
  StickyBalanced,    // affinity: cookie, affinity-mode: balanced (default)
  StickyPersistent,  // affinity-mode: persistent
  LeastRequest,      // Envoy's power of two choices on active requests (not in ingress-nginx)
};

const char* balancerName(BalancerKind kind);

struct BalancerOptions {
  int subset_size = 3;  // upstream-hash-by-subset-size
};

// A new policy instance drawing its randomness from `rng` (not owned).
std::unique_ptr<Balancer> makeBalancer(BalancerKind kind, sim::RandomStream& rng,
                                       const BalancerOptions& options = {});

// CRC32 (IEEE, as nginx's ngx_crc32_long): the hash of resty.chash.
std::uint32_t crc32(std::string_view data, std::uint32_t crc = 0);

}  // namespace kns::models
