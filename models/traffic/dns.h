// Cluster DNS as CoreDNS answers it: ClusterIP A records, headless pod IPs, ExternalName CNAMEs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/cluster/endpoints.h"
#include "models/distribution.h"
#include "models/ids.h"
#include "models/net/ip.h"
#include "sim/time.h"

namespace kns::models {

class World;

struct DnsConfig {
  std::string cluster_domain = "cluster.local";
  // kubeadm's Corefile sets `ttl 30` (the plugin's own default is 5 s): SEMANTICS §3.3.
  sim::Duration ttl = std::chrono::seconds(30);
  // CoreDNS's own time per query; the network to and from the CoreDNS pod comes on top.
  DurationDistribution processing = DurationDistribution::constant(std::chrono::microseconds(100));
  // Where CoreDNS runs: this Service's pods (kubeadm's kube-system/kube-dns). Without it in the
  // cluster, lookups take `fixed_lookup` (1.5 ms, measured on bare metal: SEMANTICS §3.3).
  std::string service = "kube-dns";
  std::string ns = "kube-system";
  sim::Duration fixed_lookup = std::chrono::microseconds(1500);
  // resolv.conf's default `timeout:5` when a query gets no answer.
  sim::Duration query_timeout = std::chrono::seconds(5);
  // The service time of the external host an ExternalName points to.
  DurationDistribution external_service_time =
      DurationDistribution::constant(std::chrono::milliseconds(20));
};

// How a client caches answers. Kubernetes proxies Services partly because "some apps do DNS
// lookups only once and cache the results indefinitely" (SEMANTICS §3.3).
enum class DnsCachePolicy { RespectTtl, Forever, None };

struct DnsAnswer {
  enum class Kind { ClusterIp, PodIps, Cname, NxDomain };
  Kind kind = Kind::NxDomain;
  ServiceId service;
  Ipv4 address;               // ClusterIp
  std::vector<Ipv4> pod_ips;  // PodIps: the headless Service's ready endpoints
  std::string cname;          // Cname: the ExternalName
  sim::Time expires;
};

// CoreDNS's view: the endpoints it has been delivered (the same propagation as kube-proxy's),
// and the answers of the Kubernetes DNS specification 1.0.1.
class DnsView {
 public:
  DnsView(const World& world, const DnsConfig& config) : world_(world), config_(config) {}
  void onEndpoints(const EndpointsSnapshot& snapshot) { endpoints_[snapshot->service] = snapshot; }
  // Resolves "<svc>", "<svc>.<ns>", "<svc>.<ns>.svc" or "<svc>.<ns>.svc.<domain>" for a client
  // in `client_ns`, case-insensitively. Headless Services answer their ready endpoints, and
  // NXDOMAIN when none is ready.
  DnsAnswer resolve(const std::string& name, const std::string& client_ns, sim::Time now) const;

 private:
  const World& world_;
  const DnsConfig& config_;
  std::map<ServiceId, EndpointsSnapshot> endpoints_;
};

}  // namespace kns::models
