#include "models/proxy/proxy_rules_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace kns::models {
namespace {

std::string chainSuffix(const Service& service) {
  std::string out = service.spec.name;
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return c == '-' ? '_' : std::toupper(c); });
  return out;
}

std::string endpointText(const World& world, const Endpoint& e, int port) {
  std::string pod = e.pod.valid() ? world.pod(e.pod).name : "(no pod)";
  return fmt::format("{}:{} ({}{})", e.address.str(), port, pod,
                     e.terminating ? ", terminating" : "");
}

void iptablesChain(const World& world, const std::string& chain, const std::vector<Endpoint>& eps,
                   int port, std::vector<std::string>& out) {
  // Rule i matches with probability 1/(n-i): each endpoint gets 1/n overall (SEMANTICS §1.4).
  for (std::size_t i = 0; i < eps.size(); ++i) {
    std::size_t left = eps.size() - i;
    if (left > 1) {
      out.push_back(
          fmt::format("-A {} -m statistic --mode random --probability {:.11f} -j "
                      "KUBE-SEP  -> {}",
                      chain, 1.0 / static_cast<double>(left), endpointText(world, eps[i], port)));
    } else {
      out.push_back(
          fmt::format("-A {} -j KUBE-SEP  -> {}", chain, endpointText(world, eps[i], port)));
    }
  }
}

const char* ipvsSchedulerName(IpvsScheduler s) {
  switch (s) {
    case IpvsScheduler::RoundRobin:
      return "rr";
    case IpvsScheduler::WeightedRoundRobin:
      return "wrr";
    case IpvsScheduler::LeastConnection:
      return "lc";
    case IpvsScheduler::WeightedLeastConnection:
      return "wlc";
    case IpvsScheduler::ShortestExpectedDelay:
      return "sed";
    case IpvsScheduler::NeverQueue:
      return "nq";
    case IpvsScheduler::SourceHashing:
      return "sh";
    case IpvsScheduler::DestinationHashing:
      return "dh";
  }
  return "rr";
}

}  // namespace

std::vector<std::string> describeProxyRules(const World& world, const KubeProxy& proxy,
                                            const Service& service) {
  std::vector<std::string> out;
  if (service.spec.type == ServiceType::ExternalName || service.spec.headless ||
      !service.cluster_ip) {
    out.push_back("# no rules: " + std::string(service.spec.headless ? "headless Service (DNS only)"
                                                                     : "ExternalName (DNS only)"));
    return out;
  }
  std::shared_ptr<const EndpointCategories> programmed = proxy.programmed(service.id);
  if (proxy.syncPending(service.id))
    out.push_back("# a newer EndpointSlice waits for the next sync");
  if (!programmed) {
    out.push_back("# nothing programmed yet for this Service");
    return out;
  }
  const Node& node = world.node(proxy.node());
  const std::vector<Endpoint>& cluster = programmed->cluster(node.id, proxy.zone());
  const std::vector<Endpoint>& local = programmed->local(node.id);
  bool local_internal = service.spec.internal_traffic_policy == TrafficPolicy::Local;
  bool local_external = service.spec.external_traffic_policy == TrafficPolicy::Local;
  const std::vector<Endpoint>& internal = local_internal ? local : cluster;
  std::string name = service.spec.name + "." + service.spec.ns;
  for (const ServicePort& p : service.spec.ports) {
    std::string vip = fmt::format("{}:{}", service.cluster_ip->str(), p.port);
    switch (proxy.config().mode) {
      case ProxyMode::Iptables: {
        std::string chain = "KUBE-SVC-" + chainSuffix(service);
        if (internal.empty()) {
          out.push_back(fmt::format(
              "-A KUBE-SERVICES -d {}/32 -p {} --dport {} -j REJECT  # {} has "
              "no {}endpoints",
              service.cluster_ip->str(), p.protocol, p.port, name, local_internal ? "local " : ""));
        } else {
          out.push_back(fmt::format("-A KUBE-SERVICES -d {}/32 -p {} --dport {} -j {}  # {}",
                                    service.cluster_ip->str(), p.protocol, p.port, chain, name));
          iptablesChain(world, chain, internal, p.target_port, out);
        }
        if (p.node_port != 0 && service.spec.type != ServiceType::ClusterIP) {
          const std::vector<Endpoint>& external = local_external ? local : cluster;
          std::string ext = "KUBE-EXT-" + chainSuffix(service);
          if (external.empty()) {
            out.push_back(
                fmt::format("-A KUBE-NODEPORTS -p {} --dport {} -j DROP  # no {}endpoints",
                            p.protocol, p.node_port, local_external ? "local " : ""));
          } else {
            out.push_back(fmt::format(
                "-A KUBE-NODEPORTS -p {} --dport {} -j {}{}", p.protocol, p.node_port, ext,
                local_external ? "  # Local: this node's endpoints, client IP kept"
                               : "  # masquerade (SNAT to the node)"));
            if (local_external) iptablesChain(world, ext, external, p.target_port, out);
          }
        }
        break;
      }
      case ProxyMode::Nftables: {
        if (internal.empty()) {
          out.push_back(fmt::format("ip daddr . tcp dport {} . {} reject  # {} has no endpoints",
                                    service.cluster_ip->str(), p.port, name));
          break;
        }
        std::string map;
        for (std::size_t i = 0; i < internal.size(); ++i) {
          map += fmt::format("{}{} : goto {}", i == 0 ? "" : ", ", i,
                             endpointText(world, internal[i], p.target_port));
        }
        out.push_back(fmt::format("service {} ({}): numgen random mod {} vmap {{ {} }}", name, vip,
                                  internal.size(), map));
        break;
      }
      case ProxyMode::Ipvs: {
        out.push_back(fmt::format("TCP  {} {}  # {}", vip,
                                  ipvsSchedulerName(proxy.config().ipvs_scheduler), name));
        for (const Endpoint& e : internal) {
          out.push_back(fmt::format("  -> {}  Masq  1", endpointText(world, e, p.target_port)));
        }
        if (internal.empty()) out.push_back("  (no real servers: connections are refused)");
        break;
      }
    }
  }
  return out;
}

}  // namespace kns::models
