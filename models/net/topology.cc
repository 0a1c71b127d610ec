// Shortest paths over the cluster network with Boost.Graph (which stays inside this file).
#include "models/net/topology.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <limits>
#include <stdexcept>

namespace kns::models {

sim::Duration PathCost::transferTime(std::uint64_t bytes) const {
  if (bandwidth_bps <= 0) return latency;
  double seconds = static_cast<double>(bytes) * 8.0 / bandwidth_bps;
  return latency + sim::Duration{static_cast<std::int64_t>(seconds * 1e9 + 0.5)};
}

struct Topology::Cache {
  // paths[source] = shortest paths from that (non-leaf) source to every vertex.
  std::vector<std::optional<std::vector<std::optional<PathCost>>>> paths;
};

Topology::Topology() : cache_(std::make_unique<Cache>()) {}
Topology::~Topology() = default;
Topology::Topology(Topology&&) noexcept = default;
Topology& Topology::operator=(Topology&&) noexcept = default;

VertexId Topology::addVertex(std::string name) {
  vertices_.push_back(Vertex{std::move(name), sim::Duration{0}, true, {}});
  invalidate();
  return VertexId{static_cast<std::uint32_t>(vertices_.size() - 1)};
}

LinkId Topology::addLink(VertexId a, VertexId b, sim::Duration latency, double bandwidth_bps) {
  if (a.value >= vertices_.size() || b.value >= vertices_.size() || a == b) {
    throw std::invalid_argument("addLink: both ends must be distinct existing vertices");
  }
  if (latency < sim::Duration::zero() || !(bandwidth_bps > 0)) {
    throw std::invalid_argument("addLink: latency must be >= 0 and bandwidth > 0");
  }
  auto id = static_cast<std::uint32_t>(links_.size());
  links_.push_back(Link{a, b, latency, bandwidth_bps, true});
  vertices_[a.value].links.push_back(id);
  vertices_[b.value].links.push_back(id);
  invalidate();
  return LinkId{id};
}

void Topology::setLocalLatency(VertexId v, sim::Duration latency) {
  vertices_[v.value].local_latency = latency;
  invalidate();
}

void Topology::setVertexUp(VertexId v, bool up) {
  vertices_[v.value].up = up;
  invalidate();
}

void Topology::setLinkUp(LinkId link, bool up) {
  links_[link.value].up = up;
  invalidate();
}

void Topology::setLinkLatency(LinkId link, sim::Duration latency) {
  if (latency < sim::Duration::zero()) throw std::invalid_argument("link latency must be >= 0");
  links_[link.value].latency = latency;
  invalidate();
}

void Topology::invalidate() {
  cache_->paths.assign(vertices_.size(), std::nullopt);
  ++version_;
}

const std::vector<std::optional<PathCost>>& Topology::pathsFrom(VertexId source) const {
  auto& slot = cache_->paths[source.value];
  if (slot) return *slot;

  // The graph of working links between working vertices, weighted by latency in nanoseconds.
  using Graph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                            boost::property<boost::edge_weight_t, std::int64_t,
                                            boost::property<boost::edge_index_t, int>>>;
  Graph graph(vertices_.size());
  for (std::size_t i = 0; i < links_.size(); ++i) {
    const Link& link = links_[i];
    if (!link.up || !vertices_[link.a.value].up || !vertices_[link.b.value].up) continue;
    boost::add_edge(link.a.value, link.b.value, {link.latency.count(), static_cast<int>(i)}, graph);
  }
  std::vector<std::int64_t> distance(vertices_.size());
  std::vector<std::size_t> predecessor(vertices_.size());
  boost::dijkstra_shortest_paths(graph, source.value,
                                 boost::distance_map(distance.data())
                                     .predecessor_map(predecessor.data())
                                     .distance_inf(std::numeric_limits<std::int64_t>::max()));

  auto weight = boost::get(boost::edge_weight, graph);
  auto index = boost::get(boost::edge_index, graph);
  std::vector<std::optional<PathCost>> result(vertices_.size());
  for (std::size_t v = 0; v < vertices_.size(); ++v) {
    if (!vertices_[source.value].up || !vertices_[v].up) continue;
    if (distance[v] == std::numeric_limits<std::int64_t>::max()) continue;
    // Walk back along predecessors for the bottleneck bandwidth. Among parallel links of equal
    // latency, the one Dijkstra relaxed is found by matching the distance difference.
    double bottleneck = std::numeric_limits<double>::infinity();
    for (std::size_t u = v; u != source.value; u = predecessor[u]) {
      std::size_t p = predecessor[u];
      double best = 0;
      for (auto [e, end] = boost::out_edges(p, graph); e != end; ++e) {
        if (boost::target(*e, graph) == u && distance[p] + weight[*e] == distance[u]) {
          best = std::max(best, links_[index[*e]].bandwidth_bps);
        }
      }
      bottleneck = std::min(bottleneck, best);
    }
    PathCost cost;
    cost.latency = sim::Duration{distance[v]};
    cost.bandwidth_bps = v == source.value ? 0 : bottleneck;
    result[v] = cost;
  }
  slot = std::move(result);
  return *slot;
}

std::optional<PathCost> Topology::path(VertexId a, VertexId b) const {
  if (!vertices_[a.value].up || !vertices_[b.value].up) return std::nullopt;
  if (a == b) return PathCost{vertices_[a.value].local_latency, 0};
  // Leaf ends are reduced to their one link, so Dijkstra only ever starts from a switch.
  auto leafHop = [&](VertexId v) -> std::optional<std::pair<VertexId, const Link*>> {
    if (!isLeaf(v)) return std::pair<VertexId, const Link*>{v, nullptr};
    const Link& link = links_[vertices_[v.value].links.front()];
    if (!link.up) return std::nullopt;
    return std::pair<VertexId, const Link*>{link.a == v ? link.b : link.a, &link};
  };
  auto from = leafHop(a);
  auto to = leafHop(b);
  if (!from || !to) return std::nullopt;
  // A leaf whose one link leads straight to the other end: that link is the whole path.
  for (const auto& [hop, end] : {std::pair{from, b}, std::pair{to, a}}) {
    if (hop->second != nullptr && hop->first == end) {
      return PathCost{hop->second->latency, hop->second->bandwidth_bps};
    }
  }
  // Two leaves on one switch, or a leaf and its own switch.
  std::optional<PathCost> middle;
  if (from->first == to->first) {
    if (!vertices_[from->first.value].up) return std::nullopt;
    middle = PathCost{sim::Duration{0}, std::numeric_limits<double>::infinity()};
  } else {
    middle = pathsFrom(from->first)[to->first.value];
    if (!middle) return std::nullopt;
  }
  PathCost total = *middle;
  if (total.bandwidth_bps == 0) total.bandwidth_bps = std::numeric_limits<double>::infinity();
  for (const Link* link : {from->second, to->second}) {
    if (link == nullptr) continue;
    total.latency += link->latency;
    total.bandwidth_bps = std::min(total.bandwidth_bps, link->bandwidth_bps);
  }
  if (total.bandwidth_bps == std::numeric_limits<double>::infinity()) total.bandwidth_bps = 0;
  return total;
}

std::optional<sim::Duration> Topology::latency(VertexId a, VertexId b) const {
  auto cost = path(a, b);
  if (!cost) return std::nullopt;
  return cost->latency;
}

ZonedNetwork::ZonedNetwork(const NetworkConfig& config, const std::vector<std::string>& zones)
    : config_(config) {
  check(config);
  internet_ = topology_.addVertex("internet");
  sim::Duration half_zone = config.same_zone / 2;
  for (const std::string& zone : zones) {
    VertexId sw = topology_.addVertex("zone/" + zone);
    for (const auto& [other_name, other] : zone_switches_) {
      mesh_links_.push_back(topology_.addLink(sw, other, config.cross_zone - config.same_zone,
                                              config.node_bandwidth_bps));
    }
    internet_links_.push_back(topology_.addLink(internet_, sw, config.internet - half_zone,
                                                config.internet_bandwidth_bps));
    zone_switches_.emplace_back(zone, sw);
  }
}

void ZonedNetwork::check(const NetworkConfig& config) {
  if (config.cross_zone < config.same_zone || config.internet * 2 < config.same_zone ||
      config.same_zone < sim::Duration::zero() || config.same_node < sim::Duration::zero()) {
    throw std::invalid_argument(
        "network latencies must satisfy 0 <= sameZone <= crossZone and sameZone <= 2 x internet");
  }
}

void ZonedNetwork::setLatencies(const NetworkConfig& config) {
  check(config);
  NetworkConfig next = config_;
  next.same_node = config.same_node;
  next.same_zone = config.same_zone;
  next.cross_zone = config.cross_zone;
  next.internet = config.internet;
  config_ = next;
  for (LinkId link : mesh_links_) topology_.setLinkLatency(link, next.cross_zone - next.same_zone);
  for (LinkId link : internet_links_) {
    topology_.setLinkLatency(link, next.internet - next.same_zone / 2);
  }
  for (const auto& [node, link] : uplinks_) {
    topology_.setLocalLatency(node, next.same_node);
    topology_.setLinkLatency(link, next.same_zone / 2);
  }
}

VertexId ZonedNetwork::zoneSwitch(const std::string& zone) const {
  for (const auto& [name, sw] : zone_switches_) {
    if (name == zone) return sw;
  }
  throw std::invalid_argument("unknown zone '" + zone + "'");
}

VertexId ZonedNetwork::addNode(const std::string& name, const std::string& zone) {
  VertexId sw = zoneSwitch(zone);
  VertexId node = topology_.addVertex(name);
  topology_.setLocalLatency(node, config_.same_node);
  // Half of the same-zone latency on each node's uplink: node -> switch -> node = same_zone.
  LinkId link = topology_.addLink(node, sw, config_.same_zone / 2, config_.node_bandwidth_bps);
  uplinks_.emplace_back(node, link);
  return node;
}

LinkId ZonedNetwork::uplink(VertexId node) const {
  for (const auto& [v, link] : uplinks_) {
    if (v == node) return link;
  }
  throw std::invalid_argument("not a node of this network");
}

}  // namespace kns::models
