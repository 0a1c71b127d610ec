// kube-proxy on one node: its synced view of endpoints and its choice of backend per connection.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "models/cluster/endpoints.h"
#include "models/cluster/service.h"
#include "models/hop_rule.h"
#include "models/ids.h"
#include "models/proxy/endpoint_history.h"
#include "models/proxy/modes/proxy_mode.h"
#include "sim/simulator.h"
#include "sim/timer.h"

namespace kns::models {

// Which chain a connection enters: ClusterIP traffic (internalTrafficPolicy applies) or
// external traffic, NodePort / load balancer (externalTrafficPolicy applies). External traffic
// that a pod sends (to a NodePort or LB IP) still uses the cluster-wide chain (SEMANTICS §1.7).
enum class TrafficKind { Internal, External, ExternalFromPod };

// The endpoints kube-proxy programs for a Service, split as CategorizeEndpoints does (SEMANTICS
// §1.6). Computed once per EndpointSlice version and shared by every node's kube-proxy.
struct EndpointCategories {
  EndpointsSnapshot snapshot;
  std::vector<Endpoint> ready;                // ready endpoints, in slice order
  std::vector<Endpoint> serving_terminating;  // the fallback when none is ready
  // The same, per node, for Local traffic policies: a node finds its own in O(log nodes).
  std::map<NodeId, std::vector<Endpoint>> ready_by_node;
  std::map<NodeId, std::vector<Endpoint>> serving_terminating_by_node;
  // Topology hints of the ready endpoints (SEMANTICS §1.9).
  std::map<std::int16_t, std::vector<Endpoint>> ready_by_zone_hint;
  bool every_ready_has_zone_hint = false;
  bool every_ready_has_node_hint = false;

  const std::vector<Endpoint>& cluster() const {
    return ready.empty() ? serving_terminating : ready;
  }
  // The endpoints for Cluster policy on a node, after topologyModeFromHints: its own node's
  // if every ready endpoint has a node hint and one is here (PreferSameNode), else its zone's
  // if every ready endpoint has a zone hint and one is for this zone (PreferSameZone), else all.
  // There is no per-endpoint fallback: the choice is per Service per node.
  const std::vector<Endpoint>& cluster(NodeId node, std::int16_t zone) const;
  bool hasEndpoints() const { return !ready.empty() || !serving_terminating.empty(); }
  // CategorizeEndpoints for Local policies: this node's ready endpoints, else its
  // serving-terminating ones (empty if it has neither).
  const std::vector<Endpoint>& local(NodeId node) const;
};

std::shared_ptr<const EndpointCategories> categorize(const EndpointsSnapshot& snapshot);

class KubeProxy {
 public:
  // Joins `history` at its start, idle: the next delivery wakes it, and its first sync programs
  // everything delivered so far (its informers list first).
  KubeProxy(sim::Simulator& sim, NodeId node, std::int16_t zone, const KubeProxyConfig& config,
            EndpointHistory& history, class Telemetry& telemetry);
  KubeProxy(const KubeProxy&) = delete;
  KubeProxy& operator=(const KubeProxy&) = delete;

  // New endpoints versions reached this node (in the history) while it had no sync due; they
  // are programmed at its next sync.
  void endpointsDelivered();

  // Chooses the backend of a new connection to `service`. `rank` is the Service's position in
  // KUBE-SERVICES (for iptables' first-packet cost); `source` is the source IP seen here.
  ProxyDecision route(const Service& service, TrafficKind kind, Ipv4 source, std::size_t rank);
  // IPVS keeps per-real-server connection counts; the data plane reports opens and closes.
  void connectionOpened(ServiceId service, Ipv4 endpoint);
  void connectionClosed(ServiceId service, Ipv4 endpoint);

  NodeId node() const { return node_; }
  // Whether this node has a ready endpoint of the Service (what healthCheckNodePort reports).
  bool hasLocalReadyEndpoints(ServiceId service) const;
  // The programmed version of a Service's endpoints (0 = none yet).
  std::uint64_t programmedVersion(ServiceId service) const;
  std::uint64_t syncs() const { return syncs_; }
  // What this node has programmed for a Service (null: nothing yet), and whether a newer
  // version waits for the next sync: the GUI's "rules on this node".
  std::shared_ptr<const EndpointCategories> programmed(ServiceId service) const {
    return history_.programmed(service, synced_through_);
  }
  bool syncPending(ServiceId service) const {
    return history_.pendingAfter(service, synced_through_);
  }
  std::int16_t zone() const { return zone_; }
  const KubeProxyConfig& config() const { return config_; }
  // --min-sync-period changed (a kube-proxy restarted with a new flag): applies from the next
  // sync decision on.
  void setMinSyncPeriod(sim::Duration period) { config_.min_sync_period = period; }

 private:
  struct Affinity {
    Ipv4 endpoint;
    sim::Time last_used;
  };
  void requestSync();
  void sync();

  sim::Simulator& sim_;
  NodeId node_;
  std::int16_t zone_;
  KubeProxyConfig config_;
  EndpointHistory& history_;
  class Telemetry& telemetry_;
  sim::RandomStream& rng_;
  sim::Timer sync_timer_;
  sim::Time last_credit_update_;
  sim::Duration credit_;                     // token bucket in time: one token = min_sync_period
  EndpointHistory::Seq synced_through_ = 0;  // this node's position in the shared history
  std::vector<ServiceId> scratch_;           // sync's list of changed Services
  std::map<ServiceId, std::map<std::uint32_t, Affinity>> affinity_;  // by client IP
  std::unique_ptr<ProxyModePolicy> mode_;  // iptables, IPVS or nftables: the choice of backend
  std::uint64_t syncs_ = 0;
};

}  // namespace kns::models
