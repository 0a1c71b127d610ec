#include "reports/hop_text.h"

#include <fmt/format.h>

namespace kns::reports {
namespace {

std::string nodeName(models::NodeId node, const ClusterFacts* facts) {
  if (!node.valid()) return "internet";
  const NodeFacts* n = facts != nullptr ? facts->node(node) : nullptr;
  return n != nullptr ? n->name : "node-" + std::to_string(node.value);
}

std::string podName(models::PodId pod, const ClusterFacts* facts) {
  if (!pod.valid()) return "(cloud load balancer edge)";
  const PodFacts* p = facts != nullptr ? facts->pod(pod) : nullptr;
  if (p == nullptr) return "pod-" + std::to_string(pod.value);
  return p->ip ? fmt::format("{} ({})", p->name, p->ip->str()) : p->name;
}

// The address kube-proxy chose, and the pod that held it when the hop happened.
std::string chosenPod(const models::Hop& h, const ClusterFacts* facts) {
  std::string text = h.chosen.str();
  if (facts == nullptr) return text;
  const PodFacts* holder = facts->pod(facts->podAt(h.chosen, h.at));
  return holder != nullptr ? text + " (" + holder->name + ")" : text + " (no pod held it then)";
}

std::string kubeProxyExplanation(const models::Hop& h, const ClusterFacts* facts) {
  using models::Rule;
  std::string to = chosenPod(h, facts);
  switch (h.rule) {
    case Rule::IptablesProbability:
      return fmt::format("iptables: rule {} of {} matched (statistic --probability {:.3f}) -> {}",
                         h.arg + 1, h.count, 1.0 / (h.count - h.arg), to);
    case Rule::IptablesLast:
      if (h.count <= 1) return "iptables: one endpoint, its rule always matches -> " + to;
      return fmt::format(
          "iptables: rules 1-{} did not match; the last rule of {} always does -> {}",
          h.count > 0 ? h.count - 1 : 0, h.count, to);
    case Rule::SessionAffinity:
      return "sessionAffinity ClientIP: this client's recent backend -> " + to;
    case Rule::NftablesNumgen:
      return fmt::format("nftables: numgen random mod {} drew {} -> {}", h.count, h.arg, to);
    case Rule::IpvsRoundRobin:
      return "IPVS rr: the next real server in turn -> " + to;
    case Rule::IpvsLeastConnection:
      return "IPVS lc: the real server with the fewest connections -> " + to;
    case Rule::IpvsShortestExpectedDelay:
      return "IPVS sed: shortest expected delay -> " + to;
    case Rule::IpvsNeverQueue:
      return "IPVS nq: an idle real server, else shortest expected delay -> " + to;
    case Rule::IpvsSourceHashing:
      return "IPVS sh: hash of the source address -> " + to;
    case Rule::IpvsDestinationHashing:
      return "IPVS dh: hash of the destination address -> " + to;
    case Rule::RejectNoEndpoints:
      return "REJECT: the Service has no endpoints (connection refused)";
    case Rule::DropNoLocalEndpoints:
      return "DROP: no endpoint on this node (externalTrafficPolicy: Local)";
    default:
      return std::string(models::ruleName(h.rule)) + " -> " + to;
  }
}

}  // namespace

const char* hopKindName(models::HopKind kind) {
  switch (kind) {
    case models::HopKind::LoadBalancer:
      return "cloud load balancer";
    case models::HopKind::KubeProxy:
      return "kube-proxy";
    case models::HopKind::Conntrack:
      return "conntrack";
    case models::HopKind::Network:
      return "network";
    case models::HopKind::PodQueue:
      return "queue";
    case models::HopKind::PodService:
      return "serve";
    case models::HopKind::Dns:
      return "dns";
    case models::HopKind::ExternalHost:
      return "external host";
    case models::HopKind::TlsHandshake:
      return "TLS handshake";
    case models::HopKind::Ingress:
      return "ingress";
  }
  return "hop";
}

std::string hopPlace(const models::Hop& h, const ClusterFacts* facts,
                     const models::RequestRecord* request) {
  switch (h.kind) {
    case models::HopKind::LoadBalancer:
      return "cloud load balancer";
    case models::HopKind::KubeProxy:
    case models::HopKind::Conntrack:
      return "kube-proxy on " + nodeName(h.node, facts);
    case models::HopKind::Network: {
      std::string to = h.to_node == h.node ? "its own node" : nodeName(h.to_node, facts);
      // A request (not the handshake) first travels from its client to the entry node.
      if (request != nullptr && h.arg == 0 && request->client_node != h.node)
        return nodeName(request->client_node, facts) + " -> " + nodeName(h.node, facts) + " -> " +
               to;
      return nodeName(h.node, facts) + " -> " + to;
    }
    case models::HopKind::PodQueue:
    case models::HopKind::PodService:
    case models::HopKind::TlsHandshake:
    case models::HopKind::Ingress:
      return "pod " + podName(h.pod, facts);
    case models::HopKind::Dns:
      return h.pod.valid() ? "DNS: pod " + podName(h.pod, facts) : "DNS";
    case models::HopKind::ExternalHost:
      return "external host";
  }
  return "";
}

std::string hopExplanation(const models::Hop& h, const ClusterFacts* facts,
                           const std::string& route, const std::string& pick) {
  switch (h.kind) {
    case models::HopKind::LoadBalancer:
      return "the cloud load balancer sent it to " + nodeName(h.to_node, facts);
    case models::HopKind::KubeProxy:
      return kubeProxyExplanation(h, facts);
    case models::HopKind::Conntrack:
      return "conntrack: an established connection keeps its backend, no rule is walked -> " +
             chosenPod(h, facts);
    case models::HopKind::Network:
      return h.arg == 1 ? "the TCP handshake (SYN and SYN-ACK) crosses the network"
                        : "the request's packets cross the network";
    case models::HopKind::PodQueue:
      return "waits for a free worker in the pod";
    case models::HopKind::PodService:
      return "a worker serves the request";
    case models::HopKind::Dns:
      return "DNS lookup of the Service's name";
    case models::HopKind::ExternalHost:
      return "the host outside the cluster answers";
    case models::HopKind::TlsHandshake:
      return fmt::format("TLS 1.{} handshake on a new connection",
                         h.arg >= 10 ? h.arg - 10 : h.arg);
    case models::HopKind::Ingress: {
      std::string where = route.empty() ? "route " + std::to_string(h.arg) : route;
      switch (h.rule) {
        case models::Rule::IngressRedirect:
          return where + " matched: ssl-redirect answers 308 to https://";
        case models::Rule::IngressNoRoute:
          return "no rule matched the host and path: the default backend answers 404";
        case models::Rule::IngressNoEndpoints:
          return where + " matched, but its backend has no ready endpoint: 503";
        default:
          break;
      }
      std::string text =
          where + " matched, " +
          (pick.empty() ? std::string(models::ruleName(h.rule)) + " picked " + chosenPod(h, facts)
                        : pick);
      if (h.count > 1) text += fmt::format(" (try {})", h.count);
      return text;
    }
  }
  return "";
}

}  // namespace kns::reports
