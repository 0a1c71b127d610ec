#include "scenarios/scenario_cluster_checks.h"

#include <set>

#include "models/world.h"
#include "sim/time.h"

namespace kns::scenarios {
namespace {

bool isDns1123Subdomain(const std::string& name) {
  if (name.empty() || name.size() > 253) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  for (char c : name) {
    if (!alnum(c) && c != '-' && c != '.') return false;
  }
  return name.find("..") == std::string::npos;
}

bool overlaps(const models::Cidr& a, const models::Cidr& b) {
  return a.contains(b.base) || b.contains(a.base);
}

// Durations of the loaded fields; nullopt when a unit check has already reported one.
std::optional<sim::Duration> durationField(const google::protobuf::Message& m, const char* field) {
  try {
    return sim::parseDuration(valueOr(m, field));
  } catch (const sim::DurationParseError&) {
    return std::nullopt;
  }
}

}  // namespace

void validateMetadataName(const LoadedScenario& s, Diagnostics& diagnostics) {
  const std::string& name = s.scenario.metadata().name();
  if (name.empty() || isDns1123Subdomain(name)) return;  // a missing name is reported apart
  std::string shown = name.size() > 60 ? name.substr(0, 60) + "..." : name;
  diagnostics.error(locateClosest(s, "metadata.name"), "metadata.name",
                    "'" + shown + "' (" + std::to_string(name.size()) +
                        " characters) is not a valid name: use at most 253 lowercase letters, "
                        "digits, '-' and '.', starting and ending with a letter or digit, as "
                        "Kubernetes names objects (it names the output folder out/<name>)");
}

void validateClusterSize(const LoadedScenario& s, Diagnostics& diagnostics) {
  constexpr std::int64_t kMaxPods = 150000;    // Kubernetes' supported maximum per cluster
  constexpr std::size_t kMaxServices = 10000;  // likewise
  std::int64_t pods = 0;
  const WorkloadManifest* largest = nullptr;
  for (const WorkloadManifest& w : s.manifests.workloads) {
    pods += w.replicas;
    if (largest == nullptr || w.replicas > largest->replicas) largest = &w;
  }
  if (pods > kMaxPods) {
    diagnostics.error(largest->where, "spec.replicas",
                      "the manifests ask for " + std::to_string(pods) +
                          " pods in all, more than the 150,000 Kubernetes supports in one cluster "
                          "(the largest, " +
                          largest->kind + " " + largest->name + ", has " +
                          std::to_string(largest->replicas) + " replicas)");
  }
  if (s.manifests.services.size() > kMaxServices) {
    diagnostics.error(s.manifests.services[kMaxServices].where, "kind: Service",
                      "the manifests hold " + std::to_string(s.manifests.services.size()) +
                          " Services, more than the 10,000 Kubernetes supports in one cluster; "
                          "this is the 10,001st");
  }
}

void validateClusterShape(const LoadedScenario& s, Diagnostics& diagnostics) {
  const proto::Cluster& cluster = s.scenario.spec().cluster();
  const proto::Nodes& nodes = cluster.nodes();
  std::set<std::string> zones;
  for (int i = 0; i < nodes.zones_size(); ++i) {
    std::string path = "spec.cluster.nodes.zones[" + std::to_string(i) + "]";
    if (nodes.zones(i).empty()) {
      diagnostics.error(locateClosest(s, path), path, "a zone needs a name");
    } else if (!zones.insert(nodes.zones(i)).second) {
      diagnostics.error(locateClosest(s, path), path,
                        "zone '" + nodes.zones(i) + "' is listed twice; zone names are unique");
    }
  }

  int node_count = static_cast<int>(intOr(nodes, "count"));
  if (std::optional<models::Cidr> pods = models::Cidr::parse(valueOr(nodes, "pod_cidr"))) {
    const models::ClusterConfig defaults;
    const char* path = "spec.cluster.nodes.podCidr";
    if (pods->prefix > defaults.node_cidr_prefix) {
      diagnostics.error(locateClosest(s, path), path,
                        pods->str() + " is smaller than one node's /" +
                            std::to_string(defaults.node_cidr_prefix) +
                            " (--node-cidr-mask-size); use a /16, for example");
    } else {
      std::uint64_t per_node = std::uint64_t{1} << (32 - defaults.node_cidr_prefix);
      std::uint64_t fits = pods->size() / per_node;
      if (node_count > 0 && fits < static_cast<std::uint64_t>(node_count)) {
        diagnostics.error(locateClosest(s, path), path,
                          pods->str() + " holds " + std::to_string(fits) + " node /24s; " +
                              std::to_string(node_count) + " nodes need a larger block");
      }
    }
    for (const auto& [range, what] :
         {std::pair{defaults.service_cidr, "the Service range"},
          std::pair{defaults.node_network, "the nodes' network"},
          std::pair{defaults.load_balancer_pool, "the load balancers' address pool"}}) {
      if (overlaps(*pods, range)) {
        diagnostics.error(locateClosest(s, path), path,
                          pods->str() + " overlaps " + what + " " + range.str() +
                              "; pick a block apart from it, e.g. 10.244.0.0/16");
      }
    }
  }

  const proto::Network& network = cluster.network();
  auto same_zone = durationField(network, "same_zone");
  auto cross_zone = durationField(network, "cross_zone");
  auto internet = durationField(network, "internet");
  if (same_zone && cross_zone && internet &&
      (*cross_zone < *same_zone || *internet * 2 < *same_zone)) {
    diagnostics.error(locateClosest(s, "spec.cluster.network"), "spec.cluster.network",
                      "latencies must satisfy sameZone <= crossZone and sameZone <= 2 x internet "
                      "(a node's own zone is never further than another zone)");
  }
}

void validateServiceTime(const LoadedScenario& s, const proto::ServiceTime& t,
                         const std::string& path, Diagnostics& diagnostics) {
  if (valueOr(t, "distribution") != "uniform") return;
  if (t.min().empty() || t.max().empty()) {
    diagnostics.error(locateClosest(s, path), path, "uniform needs min and max");
    return;
  }
  auto low = durationField(t, "min");
  auto high = durationField(t, "max");
  if (low && high && *high < *low) {
    diagnostics.error(locateClosest(s, path + ".max"), path + ".max",
                      "max (" + t.max() + ") is below min (" + t.min() + ")");
  }
}

}  // namespace kns::scenarios
