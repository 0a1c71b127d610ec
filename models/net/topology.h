// The network between nodes, zones and the internet: one-way latency and bandwidth of any path.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/time.h"

namespace kns::models {

// One place packets can be: a node (host), a switch (zone or rack), or the internet.
struct VertexId {
  std::uint32_t value = 0xFFFFFFFFu;
  friend constexpr auto operator<=>(VertexId, VertexId) = default;
};
struct LinkId {
  std::uint32_t value = 0xFFFFFFFFu;
  friend constexpr auto operator<=>(LinkId, LinkId) = default;
};

// What a path costs: one-way latency and the bandwidth of its narrowest link.
struct PathCost {
  sim::Duration latency{0};
  double bandwidth_bps = 0;  // bits per second; 0 for a vertex to itself
  // Latency plus serialisation of `bytes` at the bottleneck (store-and-forward ignored).
  sim::Duration transferTime(std::uint64_t bytes) const;
};

// A graph of vertices and links with latency and bandwidth. Shortest paths (by latency) are
// computed with Boost.Graph's Dijkstra and cached; any failure or repair clears the cache.
//
// Scale: hosts with a single link (the usual node) are leaves; paths between leaves are the two
// leaf links plus the path between their switches, so only switch-to-switch paths are computed
// (a handful of zones and racks), and 5,000 nodes cost no more than 5.
class Topology {
 public:
  Topology();
  ~Topology();
  Topology(Topology&&) noexcept;
  Topology& operator=(Topology&&) noexcept;

  VertexId addVertex(std::string name);
  // Changes with every change of vertices or links: results of path() taken at an equal
  // version still hold.
  std::uint64_t version() const { return version_; }
  LinkId addLink(VertexId a, VertexId b, sim::Duration latency, double bandwidth_bps);
  // A vertex's own latency: what a packet pays to go from one pod to another on the same node
  // (veth and bridge). Zero unless set.
  void setLocalLatency(VertexId v, sim::Duration latency);

  // Failure and repair. A down vertex carries no traffic, not even to itself.
  void setVertexUp(VertexId v, bool up);
  void setLinkUp(LinkId link, bool up);
  // Changes a link's latency (e.g. a timeline's "add latency to a link").
  void setLinkLatency(LinkId link, sim::Duration latency);
  bool vertexUp(VertexId v) const { return vertices_[v.value].up; }
  bool linkUp(LinkId link) const { return links_[link.value].up; }

  // The cheapest path from a to b, or nullopt when b cannot be reached.
  std::optional<PathCost> path(VertexId a, VertexId b) const;
  std::optional<sim::Duration> latency(VertexId a, VertexId b) const;

  const std::string& name(VertexId v) const { return vertices_[v.value].name; }
  std::size_t vertexCount() const { return vertices_.size(); }
  std::size_t linkCount() const { return links_.size(); }
  sim::Duration linkLatency(LinkId link) const { return links_[link.value].latency; }
  std::pair<VertexId, VertexId> linkEnds(LinkId link) const {
    return {links_[link.value].a, links_[link.value].b};
  }

 private:
  struct Vertex {
    std::string name;
    sim::Duration local_latency{0};
    bool up = true;
    std::vector<std::uint32_t> links;  // ids of links touching this vertex
  };
  struct Link {
    VertexId a, b;
    sim::Duration latency{0};
    double bandwidth_bps = 0;
    bool up = true;
  };
  struct Cache;

  // A leaf is a vertex with exactly one link: its paths go through the other end.
  bool isLeaf(VertexId v) const { return vertices_[v.value].links.size() == 1; }
  void invalidate();
  std::uint64_t version_ = 0;  // bumped by every change
  // Shortest paths from one non-leaf vertex to every vertex, computed on demand.
  const std::vector<std::optional<PathCost>>& pathsFrom(VertexId source) const;

  std::vector<Vertex> vertices_;
  std::vector<Link> links_;
  mutable std::unique_ptr<Cache> cache_;
};

// Defaults from SEMANTICS §6.1 (one-way): pod to pod on one node 20 us, across nodes in one zone
// 100 us, across zones 500 us, to or from the internet 5 ms; links of 10 Gbit/s inside the
// cluster and 1 Gbit/s to the internet.
struct NetworkConfig {
  sim::Duration same_node = std::chrono::microseconds(20);
  sim::Duration same_zone = std::chrono::microseconds(100);
  sim::Duration cross_zone = std::chrono::microseconds(500);
  sim::Duration internet = std::chrono::milliseconds(5);
  double node_bandwidth_bps = 10e9;
  double internet_bandwidth_bps = 1e9;
};

// The usual cluster shape: each node hangs off its zone's switch, zone switches form a full mesh,
// and the internet reaches every zone switch. Link latencies are chosen so that the one-way
// latencies between nodes equal the config's figures exactly:
//   node-switch = same_zone/2, switch-switch = cross_zone - same_zone,
//   internet-switch = internet - same_zone/2.
// cross_zone must be >= same_zone and internet >= same_zone/2 (std::invalid_argument otherwise).
class ZonedNetwork {
 public:
  ZonedNetwork(const NetworkConfig& config, const std::vector<std::string>& zones);
  // Adds a node in a zone (which must be one of the constructor's).
  VertexId addNode(const std::string& name, const std::string& zone);
  Topology& topology() { return topology_; }
  const Topology& topology() const { return topology_; }
  VertexId internet() const { return internet_; }
  VertexId zoneSwitch(const std::string& zone) const;
  // The link that joins a node to its zone switch (to fail a node's network alone).
  LinkId uplink(VertexId node) const;
  // New latencies from now on (a timeline's change of a network parameter): every link is set
  // again from the config, so an uplink slowed on its own gets the new same-zone figure too.
  // Bandwidths stay. std::invalid_argument if the latencies are inconsistent.
  void setLatencies(const NetworkConfig& config);
  const NetworkConfig& config() const { return config_; }

 private:
  static void check(const NetworkConfig& config);
  NetworkConfig config_;
  std::vector<LinkId> mesh_links_;      // zone switch to zone switch
  std::vector<LinkId> internet_links_;  // internet to zone switch
  Topology topology_;
  VertexId internet_;
  std::vector<std::pair<std::string, VertexId>> zone_switches_;
  std::vector<std::pair<VertexId, LinkId>> uplinks_;
};

}  // namespace kns::models
