// Reading one Kubernetes manifest document into the typed objects of Manifests: the kinds the
// model simulates, each checked as the API server would, with the location of every error. Its
// parts live by kind in document_parser.cc (dispatch, metadata, common fields),
// workload_parser.cc, service_parser.cc, ingress_parser.cc and gateway_parser.cc.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <set>
#include <string>

#include "scenarios/manifests/manifest_loader.h"
#include "scenarios/manifests/manifests.h"
#include "scenarios/manifests/yaml_reader.h"

namespace kns::scenarios {

using models::IntOrPercent;
using models::LabelSelector;

// "spec.ports" and 2 -> "spec.ports[2]".
inline std::string indexed(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

class DocumentParser {
 public:
  DocumentParser(YamlReader& reader, Manifests& out) : r_(reader), out_(out) {}

  void parse(const YAML::Node& doc, std::set<std::string>& noticed_kinds);

 private:
  std::optional<std::string> metadataName(const YAML::Node& doc);

  std::string metadataNamespace(const YAML::Node& doc);

  // A field that takes one of a fixed set of names; anything else is reported with the list.
  template <typename E>
  E oneOf(const YAML::Node& parent, const char* key, const std::string& path, E fallback,
          std::initializer_list<std::pair<const char*, E>> names) {
    std::string field = path + "." + key;
    YAML::Node node = r_.child(parent, key, path);
    std::optional<std::string> text = r_.string(node, field);
    if (!text) return fallback;
    std::string list;
    for (const auto& [name, value] : names) {
      if (*text == name) return value;
      list += (list.empty() ? "" : ", ") + std::string(name);
    }
    r_.error(node, field, "'" + *text + "' is not one of " + list);
    return fallback;
  }

  // The common header of namespaced objects: name (required), namespace, location.
  template <typename Object>
  bool readHeader(const YAML::Node& doc, Object& object) {
    auto name = metadataName(doc);
    if (!name) return false;
    object.name = *name;
    object.ns = metadataNamespace(doc);
    object.where = r_.at(doc);
    return true;
  }

  IntOrPercent intOrPercent(const YAML::Node& node, const std::string& path, IntOrPercent fallback);

  PortRef portRef(const YAML::Node& node, const std::string& path);

  LabelSelector selector(const YAML::Node& node, const std::string& path);

  // The pod spec part: containers' named ports, CPU requests, the readiness probe, grace.
  void podSpec(const YAML::Node& spec, const std::string& path, WorkloadManifest& w);

  void workload(const YAML::Node& doc, const std::string& kind);

  void service(const YAML::Node& doc);

  IngressBackendManifest ingressBackend(const YAML::Node& node, const std::string& path);

  void ingress(const YAML::Node& doc, const std::string& api);

  void ingressClass(const YAML::Node& doc);

  void endpointSlice(const YAML::Node& doc);

  void autoscaler(const YAML::Node& doc);

  // The Gateway API (gateway_parser.cc).
  void gatewayApi(const YAML::Node& doc, const std::string& kind, const std::string& api);
  void gatewayClass(const YAML::Node& doc);
  void gateway(const YAML::Node& doc);
  models::ListenerSpec listener(const YAML::Node& node, const std::string& path);
  void httpRoute(const YAML::Node& doc);
  models::RouteRule routeRule(const YAML::Node& node, const std::string& path);
  models::RouteMatch routeMatch(const YAML::Node& node, const std::string& path);
  void referenceGrant(const YAML::Node& doc);
  bool withinItems(const YAML::Node& node, const std::string& path, std::size_t most);

  YamlReader& r_;

  Manifests& out_;
};

}  // namespace kns::scenarios
