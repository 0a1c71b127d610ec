// The EndpointSlice versions delivered to the kube-proxies, kept once for every node.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "models/cluster/endpoints.h"
#include "models/ids.h"

namespace kns::models {

struct EndpointCategories;

// Every delivery of a Service's endpoints reaches every node at the same moment (one watch
// event) and gets the next sequence number. A node's kube-proxy keeps only the number it last
// synced through: what it has programmed for a Service is that Service's newest version at or
// before it, and what its next sync programs is everything delivered since. So each node keeps
// its own lag (its own sync times) while memory grows with nodes + Services + the versions some
// node has not synced past, not with nodes x Services; and a delivery wakes only the nodes
// whose sync is not already due (the idle ones), not every node.
class EndpointHistory {
 public:
  using Seq = std::uint64_t;

  // A new version reached every node: categorised once, shared by all.
  void deliver(const EndpointsSnapshot& snapshot);
  Seq latest() const { return latest_; }

  // What a node synced through `through` has programmed for the Service (null: nothing yet).
  const std::shared_ptr<const EndpointCategories>& programmed(ServiceId service, Seq through) const;
  // Whether a version newer than `through` waits for the node's next sync.
  bool pendingAfter(ServiceId service, Seq through) const;
  // The Services delivered after `from` (up to latest()), each once, in id order.
  void deliveredSince(Seq from, std::vector<ServiceId>& out) const;

  // Sync positions of the nodes, so that versions no node can need any more are dropped:
  // a node joins at 0 and moves forward.
  void join();
  void moved(Seq from, Seq to);

  // Nodes with no sync due: the next delivery wakes them (takeIdle, in id order).
  void markIdle(NodeId node) { idle_.insert(node); }
  std::set<NodeId> takeIdle() { return std::exchange(idle_, {}); }

  // Versions kept over all Services, and deliveries in the log: what the memory holds.
  std::size_t versionsKept() const;
  std::size_t logLength() const { return log_.size(); }

 private:
  struct Version {
    Seq seq;
    std::shared_ptr<const EndpointCategories> categories;
  };
  Seq oldestPosition() const;
  void prune(std::vector<Version>& versions) const;

  std::vector<std::vector<Version>> by_service_;  // by ServiceId, oldest first
  std::deque<std::pair<Seq, ServiceId>> log_;     // deliveries after the slowest node's sync
  std::map<Seq, int> positions_;                  // how many nodes synced through each number
  std::set<NodeId> idle_;
  Seq latest_ = 0;
};

}  // namespace kns::models
