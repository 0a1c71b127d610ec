// DNS names to answers, per the Kubernetes DNS specification.
#include "models/traffic/dns.h"

#include <algorithm>
#include <cctype>

#include "models/world.h"

namespace kns::models {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::vector<std::string> labels(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  std::string trimmed =
      !name.empty() && name.back() == '.' ? name.substr(0, name.size() - 1) : name;
  while (start <= trimmed.size()) {
    std::size_t dot = trimmed.find('.', start);
    if (dot == std::string::npos) dot = trimmed.size();
    parts.push_back(trimmed.substr(start, dot - start));
    start = dot + 1;
  }
  return parts;
}

}  // namespace

DnsAnswer DnsView::resolve(const std::string& raw_name, const std::string& client_ns,
                           sim::Time now) const {
  DnsAnswer answer;
  answer.expires = now + config_.ttl;
  std::vector<std::string> parts = labels(lower(raw_name));
  std::vector<std::string> domain = labels(lower(config_.cluster_domain));
  // Accept the search-path forms a pod's resolv.conf expands to.
  std::string service_name, ns = client_ns;
  if (parts.size() == 1) {
    service_name = parts[0];
  } else if (parts.size() == 2) {
    service_name = parts[0];
    ns = parts[1];
  } else if (parts.size() >= 3 && parts[2] == "svc" &&
             (parts.size() == 3 ||
              std::vector<std::string>(parts.begin() + 3, parts.end()) == domain)) {
    service_name = parts[0];
    ns = parts[1];
  } else {
    return answer;  // not a Service name: NXDOMAIN (external names are not modelled)
  }
  ServiceId id = world_.findService(service_name, ns);
  if (!id.valid()) return answer;
  const Service& service = world_.service(id);
  answer.service = id;
  if (service.spec.type == ServiceType::ExternalName) {
    answer.kind = DnsAnswer::Kind::Cname;
    answer.cname = service.spec.external_name;
    return answer;
  }
  if (!service.spec.headless) {
    answer.kind = DnsAnswer::Kind::ClusterIp;
    answer.address = *service.cluster_ip;
    return answer;
  }
  auto it = endpoints_.find(id);
  if (it != endpoints_.end()) {
    for (const EndpointSlice& slice : it->second->slices) {
      for (const Endpoint& e : slice.endpoints) {
        if (e.ready) answer.pod_ips.push_back(e.address);
      }
    }
  }
  // "If there are no ready endpoints for the headless Service, the answer should be NXDOMAIN."
  if (!answer.pod_ips.empty()) answer.kind = DnsAnswer::Kind::PodIps;
  return answer;
}

}  // namespace kns::models
