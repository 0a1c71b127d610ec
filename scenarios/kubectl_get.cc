// `kubectl get` tables of the simulated cluster at its current time: the columns, AGE format
// and row order kubectl prints, shared by `kubenetsim get` and the GUI's table panel.
#include "scenarios/kubectl_get.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "scenarios/kubectl_get_gateway.h"

namespace kns::scenarios {

// kubectl's AGE column (k8s.io/apimachinery duration.HumanDuration).
std::string kubectlAge(sim::Duration d) {
  std::int64_t s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  if (s < 0) return "<invalid>";
  if (s < 120) return fmt::format("{}s", s);
  std::int64_t m = s / 60;
  if (m < 10) return s % 60 == 0 ? fmt::format("{}m", m) : fmt::format("{}m{}s", m, s % 60);
  if (m < 180) return fmt::format("{}m", m);
  std::int64_t h = m / 60;
  if (h < 8) return m % 60 == 0 ? fmt::format("{}h", h) : fmt::format("{}h{}m", h, m % 60);
  if (h < 48) return fmt::format("{}h", h);
  if (h < 24 * 8)
    return h % 24 == 0 ? fmt::format("{}d", h / 24) : fmt::format("{}d{}h", h / 24, h % 24);
  return fmt::format("{}d", h / 24);
}

bool inNamespace(const GetOptions& o, const std::string& ns) {
  return o.all_namespaces || ns == o.ns;
}

namespace {

using Rows = std::vector<std::pair<std::string, std::vector<std::string>>>;

// The table with rows sorted by their key (namespace/name, as kubectl lists them).
ResourceTable sortedTable(const std::vector<std::string>& header, Rows rows) {
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  ResourceTable table{header, {}};
  for (auto& [key, row] : rows) table.rows.push_back(std::move(row));
  return table;
}

ResourceTable pods(const models::World& world, const GetOptions& o) {
  std::vector<std::string> header = {"NAME", "READY", "STATUS", "RESTARTS", "AGE"};
  if (o.wide) header.insert(header.end(), {"IP", "NODE"});
  if (o.all_namespaces) header.insert(header.begin(), "NAMESPACE");
  Rows rows;
  for (models::PodId id : world.livePods()) {
    const models::Pod& pod = world.pod(id);
    if (!inNamespace(o, pod.ns)) continue;
    std::string status = pod.deletion                             ? "Terminating"
                         : pod.phase == models::PodPhase::Running ? "Running"
                         : pod.phase == models::PodPhase::Pending
                             ? (pod.node.valid() ? "ContainerCreating" : "Pending")
                         : pod.phase == models::PodPhase::Succeeded ? "Completed"
                                                                    : "Error";
    std::vector<std::string> row = {pod.name, pod.ready ? "1/1" : "0/1", status, "0",
                                    kubectlAge(world.now() - pod.created)};
    if (o.wide) {
      row.push_back(pod.ip ? pod.ip->str() : "<none>");
      row.push_back(pod.node.valid() ? world.node(pod.node).spec.name : "<none>");
    }
    if (o.all_namespaces) row.insert(row.begin(), pod.ns);
    rows.emplace_back(pod.ns + "/" + pod.name, row);
  }
  return sortedTable(header, rows);
}

std::string ports(const models::Service& s) {
  std::string out;
  for (const models::ServicePort& p : s.spec.ports) {
    if (!out.empty()) out += ",";
    bool node_port = p.node_port != 0 && s.spec.type != models::ServiceType::ClusterIP;
    out += node_port ? fmt::format("{}:{}/{}", p.port, p.node_port, p.protocol)
                     : fmt::format("{}/{}", p.port, p.protocol);
  }
  return out.empty() ? "<none>" : out;
}

ResourceTable services(const models::World& world, const GetOptions& o) {
  std::vector<std::string> header = {"NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"};
  if (o.wide) header.push_back("SELECTOR");
  if (o.all_namespaces) header.insert(header.begin(), "NAMESPACE");
  Rows rows;
  for (const models::Service& s : world.services()) {
    if (!inNamespace(o, s.spec.ns)) continue;
    const char* type = s.spec.type == models::ServiceType::NodePort       ? "NodePort"
                       : s.spec.type == models::ServiceType::LoadBalancer ? "LoadBalancer"
                       : s.spec.type == models::ServiceType::ExternalName ? "ExternalName"
                                                                          : "ClusterIP";
    std::string cluster_ip = s.spec.type == models::ServiceType::ExternalName ? "<none>"
                             : s.spec.headless                                ? "None"
                             : s.cluster_ip                                   ? s.cluster_ip->str()
                                                                              : "<pending>";
    std::string external = "<none>";
    if (s.spec.type == models::ServiceType::LoadBalancer) {
      external = s.external_ip ? s.external_ip->str() : "<pending>";
    } else if (s.spec.type == models::ServiceType::ExternalName) {
      external = s.spec.external_name;
    }
    std::vector<std::string> row = {s.spec.name, type,
                                    cluster_ip,  external,
                                    ports(s),    kubectlAge(world.now().time_since_epoch())};
    if (o.wide) {
      std::string selector;
      for (const auto& [k, v] : s.spec.selector)
        selector += (selector.empty() ? "" : ",") + k + "=" + v;
      row.push_back(selector.empty() ? "<none>" : selector);
    }
    if (o.all_namespaces) row.insert(row.begin(), s.spec.ns);
    rows.emplace_back(s.spec.ns + "/" + s.spec.name, row);
  }
  return sortedTable(header, rows);
}

// `kubectl get endpoints`: ready addresses with the target port, the first three and
// "+ N more...", or <none>.
ResourceTable endpoints(const models::World& world, const GetOptions& o) {
  std::vector<std::string> header = {"NAME", "ENDPOINTS", "AGE"};
  if (o.all_namespaces) header.insert(header.begin(), "NAMESPACE");
  Rows rows;
  for (const models::Service& s : world.services()) {
    if (!inNamespace(o, s.spec.ns) || s.spec.type == models::ServiceType::ExternalName) continue;
    std::vector<std::string> addresses;
    if (models::EndpointsSnapshot snapshot = world.endpoints(s.id)) {
      for (const models::EndpointSlice& slice : snapshot->slices) {
        for (const models::Endpoint& e : slice.endpoints) {
          if (!e.ready) continue;
          for (const models::ServicePort& p : s.spec.ports) {
            addresses.push_back(e.address.str() + ":" + std::to_string(p.target_port));
          }
        }
      }
    }
    std::string text;
    for (std::size_t i = 0; i < std::min<std::size_t>(3, addresses.size()); ++i) {
      text += (i == 0 ? "" : ",") + addresses[i];
    }
    if (addresses.size() > 3) text += fmt::format(" + {} more...", addresses.size() - 3);
    std::vector<std::string> row = {s.spec.name, text.empty() ? "<none>" : text,
                                    kubectlAge(world.now().time_since_epoch())};
    if (o.all_namespaces) row.insert(row.begin(), s.spec.ns);
    rows.emplace_back(s.spec.ns + "/" + s.spec.name, row);
  }
  return sortedTable(header, rows);
}

ResourceTable nodes(const models::World& world, const GetOptions& o) {
  std::vector<std::string> header = {"NAME", "STATUS", "ROLES", "AGE", "VERSION"};
  if (o.wide) header.insert(header.end(), {"INTERNAL-IP", "ZONE", "PODS"});
  ResourceTable table{header, {}};
  for (const models::Node& n : world.nodes()) {
    std::string status = n.ready ? "Ready" : "NotReady";
    if (n.cordoned) status += ",SchedulingDisabled";
    std::vector<std::string> row = {n.spec.name, status, "<none>",
                                    kubectlAge(world.now().time_since_epoch()), "kubenetsim"};
    if (o.wide) {
      row.insert(row.end(), {n.ip.str(), n.spec.zone, std::to_string(n.pods.size())});
    }
    table.rows.push_back(row);
  }
  return table;
}

ResourceTable ingresses(const LoadedScenario& loaded, const models::World& world,
                        const models::DataPlane& data, const GetOptions& o) {
  std::vector<std::string> header = {"NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"};
  if (o.all_namespaces) header.insert(header.begin(), "NAMESPACE");
  Rows rows;
  for (const IngressManifest& ing : loaded.manifests.ingresses) {
    if (!inNamespace(o, ing.ns)) continue;
    std::string hosts;
    for (const auto& rule : ing.rules) {
      if (!hosts.empty()) hosts += ",";
      hosts += rule.host.empty() ? "*" : rule.host;
    }
    // ADDRESS: the external IP of the controller serving the Ingress's class (empty if none).
    std::string address;
    for (const auto& controller : data.ingressControllers()) {
      if (controller->config().ingress_class != ing.ingress_class) continue;
      const models::Service& svc = world.service(controller->service());
      if (svc.external_ip) address = svc.external_ip->str();
    }
    std::vector<std::string> row = {ing.name,
                                    ing.ingress_class.empty() ? "<none>" : ing.ingress_class,
                                    hosts.empty() ? "*" : hosts,
                                    address,
                                    ing.tls.empty() ? "80" : "80, 443",
                                    kubectlAge(world.now().time_since_epoch())};
    if (o.all_namespaces) row.insert(row.begin(), ing.ns);
    rows.emplace_back(ing.ns + "/" + ing.name, row);
  }
  return sortedTable(header, rows);
}

}  // namespace

std::optional<std::string> canonicalResource(const std::string& kind) {
  static const std::map<std::string, std::string> kinds = {{"pods", "pods"},
                                                           {"pod", "pods"},
                                                           {"po", "pods"},
                                                           {"services", "svc"},
                                                           {"service", "svc"},
                                                           {"svc", "svc"},
                                                           {"endpoints", "endpoints"},
                                                           {"ep", "endpoints"},
                                                           {"ingress", "ingress"},
                                                           {"ingresses", "ingress"},
                                                           {"ing", "ingress"},
                                                           {"nodes", "nodes"},
                                                           {"node", "nodes"},
                                                           {"no", "nodes"},
                                                           {"gatewayclasses", "gatewayclasses"},
                                                           {"gatewayclass", "gatewayclasses"},
                                                           {"gc", "gatewayclasses"},
                                                           {"gateways", "gateways"},
                                                           {"gateway", "gateways"},
                                                           {"gtw", "gateways"},
                                                           {"httproutes", "httproutes"},
                                                           {"httproute", "httproutes"}};
  auto found = kinds.find(kind);
  if (found == kinds.end()) return std::nullopt;
  return found->second;
}

ResourceTable kubectlGet(const std::string& resource, const LoadedScenario& loaded,
                         Simulation& simulation, const GetOptions& options) {
  const models::World& world = simulation.world();
  if (resource == "pods") return pods(world, options);
  if (resource == "svc") return services(world, options);
  if (resource == "endpoints") return endpoints(world, options);
  if (resource == "nodes") return nodes(world, options);
  if (isGatewayApiResource(resource)) return gatewayApiTable(resource, loaded, simulation, options);
  return ingresses(loaded, world, simulation.dataPlane(), options);
}

}  // namespace kns::scenarios
