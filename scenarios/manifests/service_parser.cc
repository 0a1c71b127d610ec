// Services (every type, ports, policies, session affinity) and hand-written EndpointSlices.
#include <charconv>

#include "scenarios/manifests/document_parser.h"

namespace kns::scenarios {

void DocumentParser::service(const YAML::Node& doc) {
  ServiceManifest s;
  if (!readHeader(doc, s)) return;
  YAML::Node spec = r_.child(doc, "spec", "spec");
  using Type = models::ServiceType;
  s.type = oneOf(spec, "type", "spec", Type::ClusterIP,
                 {{"ClusterIP", Type::ClusterIP},
                  {"NodePort", Type::NodePort},
                  {"LoadBalancer", Type::LoadBalancer},
                  {"ExternalName", Type::ExternalName}});
  YAML::Node sel = r_.child(spec, "selector", "spec");
  s.selector = r_.stringMap(sel, "spec.selector");
  s.has_selector = !s.selector.empty();
  YAML::Node ports = r_.child(spec, "ports", "spec");
  if (r_.expectSequence(ports, "spec.ports")) {
    for (std::size_t i = 0; i < ports.size(); ++i) {
      std::string p = indexed("spec.ports", i);
      ServicePortManifest port;
      port.name = r_.string(r_.child(ports[i], "name", p), p + ".name").value_or("");
      port.protocol = r_.string(r_.child(ports[i], "protocol", p), p + ".protocol").value_or("TCP");
      auto number = r_.integer(r_.child(ports[i], "port", p), p + ".port", 1, 65535);
      if (!number) {
        if (!r_.child(ports[i], "port", p))
          r_.error(ports[i], p + ".port", "missing: a Service port needs a number");
        continue;
      }
      port.port = static_cast<int>(*number);
      YAML::Node target = r_.child(ports[i], "targetPort", p);
      port.target = target ? portRef(target, p + ".targetPort") : PortRef{port.port, ""};
      if (auto node_port =
              r_.integer(r_.child(ports[i], "nodePort", p), p + ".nodePort", 1, 65535)) {
        port.node_port = static_cast<int>(*node_port);
        port.node_port_where = r_.at(r_.child(ports[i], "nodePort", p));
      }
      s.ports.push_back(std::move(port));
    }
  }
  if (auto ip = r_.string(r_.child(spec, "clusterIP", "spec"), "spec.clusterIP")) {
    if (*ip == "None") {
      s.headless = true;
    } else if (!ip->empty()) {
      s.cluster_ip = models::Ipv4::parse(*ip);
      if (!s.cluster_ip) {
        r_.error(r_.child(spec, "clusterIP", "spec"), "spec.clusterIP",
                 "'" + *ip + "' is not an IPv4 address or None");
      }
    }
  }
  using Policy = models::TrafficPolicy;
  for (auto [key, target] : {std::pair{"externalTrafficPolicy", &s.external_traffic_policy},
                             std::pair{"internalTrafficPolicy", &s.internal_traffic_policy}}) {
    *target = oneOf(spec, key, "spec", Policy::Cluster,
                    {{"Cluster", Policy::Cluster}, {"Local", Policy::Local}});
  }
  s.session_affinity = oneOf(
      spec, "sessionAffinity", "spec", models::SessionAffinity::None,
      {{"None", models::SessionAffinity::None}, {"ClientIP", models::SessionAffinity::ClientIP}});
  YAML::Node timeout = r_.child(r_.child(r_.child(spec, "sessionAffinityConfig", "spec"),
                                         "clientIP", "spec.sessionAffinityConfig"),
                                "timeoutSeconds", "spec.sessionAffinityConfig.clientIP");
  if (auto seconds =
          r_.integer(timeout, "spec.sessionAffinityConfig.clientIP.timeoutSeconds", 1, 86400)) {
    s.affinity_timeout = std::chrono::seconds(*seconds);
  }
  if (auto dist =
          r_.string(r_.child(spec, "trafficDistribution", "spec"), "spec.trafficDistribution")) {
    if (*dist == "PreferClose" || *dist == "PreferSameZone") {
      s.traffic_distribution = models::TrafficDistribution::PreferSameZone;
    } else if (*dist == "PreferSameNode") {
      s.traffic_distribution = models::TrafficDistribution::PreferSameNode;
    } else {
      r_.error(r_.child(spec, "trafficDistribution", "spec"), "spec.trafficDistribution",
               "'" + *dist + "' is not PreferClose, PreferSameZone or PreferSameNode");
    }
  }
  s.external_name =
      r_.string(r_.child(spec, "externalName", "spec"), "spec.externalName").value_or("");
  if (s.type == models::ServiceType::ExternalName && s.external_name.empty()) {
    r_.error(spec ? spec : doc, "spec.externalName",
             "missing: an ExternalName Service needs a host name");
  }
  s.publish_not_ready_addresses = r_.boolean(r_.child(spec, "publishNotReadyAddresses", "spec"),
                                             "spec.publishNotReadyAddresses")
                                      .value_or(false);
  out_.services.push_back(std::move(s));
}

void DocumentParser::endpointSlice(const YAML::Node& doc) {
  EndpointSliceManifest slice;
  if (!readHeader(doc, slice)) return;
  auto labels = r_.stringMap(r_.child(r_.child(doc, "metadata", ""), "labels", "metadata"),
                             "metadata.labels");
  slice.service = labels["kubernetes.io/service-name"];
  if (slice.service.empty()) {
    r_.warning(doc, "metadata.labels",
               "no kubernetes.io/service-name label: this EndpointSlice belongs to no Service");
  }
  std::string type = r_.string(r_.child(doc, "addressType", ""), "addressType").value_or("IPv4");
  if (type != "IPv4") {
    r_.error(r_.child(doc, "addressType", ""), "addressType",
             "'" + type + "' is not simulated; only IPv4 addresses are");
    return;
  }
  YAML::Node endpoints = r_.child(doc, "endpoints", "");
  if (!endpoints || endpoints.IsNull()) {
    out_.endpoint_slices.push_back(std::move(slice));
    return;
  }
  if (!r_.expectSequence(endpoints, "endpoints")) return;
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    std::string path = "endpoints[" + std::to_string(i) + "]";
    YAML::Node addresses = r_.child(endpoints[i], "addresses", path);
    if (!addresses || !r_.expectSequence(addresses, path + ".addresses") || addresses.size() == 0) {
      r_.error(endpoints[i], path + ".addresses", "missing: an endpoint needs an address");
      continue;
    }
    std::optional<std::string> text = r_.string(addresses[0], path + ".addresses[0]");
    std::optional<models::Ipv4> ip = text ? models::Ipv4::parse(*text) : std::nullopt;
    if (!ip) {
      r_.error(addresses[0], path + ".addresses[0]",
               "'" + text.value_or("") + "' is not an IPv4 address, e.g. 10.0.5.20");
      continue;
    }
    EndpointSliceManifest::Address address;
    address.ip = *ip;
    YAML::Node conditions = r_.child(endpoints[i], "conditions", path);
    if (conditions) {
      YAML::Node ready = r_.child(conditions, "ready", path + ".conditions");
      if (ready) address.ready = r_.boolean(ready, path + ".conditions.ready").value_or(true);
    }
    address.node =
        r_.string(r_.child(endpoints[i], "nodeName", path), path + ".nodeName").value_or("");
    slice.endpoints.push_back(address);
  }
  out_.endpoint_slices.push_back(std::move(slice));
}

}  // namespace kns::scenarios
