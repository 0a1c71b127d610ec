// Ingresses (networking.k8s.io/v1 rules, paths, backends, TLS, annotations) and IngressClasses.
#include <charconv>

#include "scenarios/manifests/document_parser.h"

namespace kns::scenarios {
namespace {

// The API server's checks of an Ingress path (networking validation, validateHTTPIngressPath):
// Exact and Prefix paths are absolute and free of "//", "/./", "/../", "%2f"; an
// ImplementationSpecific one, when given, is absolute.
std::vector<std::string> ingressPathProblems(const std::string& path, const std::string& type) {
  std::vector<std::string> problems;
  bool strict = type == "Exact" || type == "Prefix";
  if ((strict || !path.empty()) && !path.starts_with("/")) {
    problems.push_back(path.empty() ? "is missing: a path is required for pathType " + type
                                    : "must be an absolute path");
  }
  if (!strict || path.empty()) return problems;
  for (const char* bad : {"//", "/./", "/../", "%2f", "%2F"}) {
    if (path.find(bad) != std::string::npos) {
      problems.push_back(std::string("must not contain '") + bad + "'");
    }
  }
  for (const char* bad : {"/..", "/."}) {
    if (path.ends_with(bad)) problems.push_back(std::string("cannot end with '") + bad + "'");
  }
  return problems;
}

}  // namespace

IngressBackendManifest DocumentParser::ingressBackend(const YAML::Node& node,
                                                      const std::string& path) {
  IngressBackendManifest b;
  YAML::Node svc = r_.child(node, "service", path);
  if (!svc) {
    if (!r_.child(node, "resource", path)) {
      r_.error(node, path, "a backend needs service (name and port) or resource");
    }
    return b;
  }
  b.service =
      r_.string(r_.child(svc, "name", path + ".service"), path + ".service.name").value_or("");
  if (b.service.empty())
    r_.error(svc, path + ".service.name", "missing: the backend Service's name");
  YAML::Node port = r_.child(svc, "port", path + ".service");
  if (auto number = r_.integer(r_.child(port, "number", path + ".service.port"),
                               path + ".service.port.number", 1, 65535)) {
    b.port.number = static_cast<int>(*number);
  } else if (auto name = r_.string(r_.child(port, "name", path + ".service.port"),
                                   path + ".service.port.name")) {
    b.port.name = *name;
  } else {
    r_.error(svc, path + ".service.port", "missing: a port number or name");
  }
  return b;
}

void DocumentParser::ingress(const YAML::Node& doc, const std::string& api) {
  IngressManifest ing;
  if (!readHeader(doc, ing)) return;
  if (api != "networking.k8s.io/v1") {
    r_.error(doc, "apiVersion",
             "Ingress " + api + " is not served since Kubernetes 1.22; write networking.k8s.io/v1");
    return;
  }
  ing.annotations = r_.stringMap(r_.child(r_.child(doc, "metadata", ""), "annotations", "metadata"),
                                 "metadata.annotations");
  YAML::Node spec = r_.child(doc, "spec", "spec");
  ing.ingress_class =
      r_.string(r_.child(spec, "ingressClassName", "spec"), "spec.ingressClassName").value_or("");
  if (ing.ingress_class.empty()) {
    auto legacy = ing.annotations.find("kubernetes.io/ingress.class");
    if (legacy != ing.annotations.end()) ing.ingress_class = legacy->second;
  }
  if (YAML::Node backend = r_.child(spec, "defaultBackend", "spec")) {
    ing.default_backend = ingressBackend(backend, "spec.defaultBackend");
  }
  YAML::Node rules = r_.child(spec, "rules", "spec");
  if (r_.expectSequence(rules, "spec.rules")) {
    for (std::size_t i = 0; i < rules.size(); ++i) {
      std::string p = indexed("spec.rules", i);
      IngressRuleManifest rule;
      rule.host = r_.string(r_.child(rules[i], "host", p), p + ".host").value_or("");
      YAML::Node paths = r_.child(r_.child(rules[i], "http", p), "paths", p + ".http");
      if (r_.expectSequence(paths, p + ".http.paths")) {
        for (std::size_t j = 0; j < paths.size(); ++j) {
          std::string pp = indexed(p + ".http.paths", j);
          IngressPathManifest path;
          path.path = r_.string(r_.child(paths[j], "path", pp), pp + ".path").value_or("");
          path.path_type =
              r_.string(r_.child(paths[j], "pathType", pp), pp + ".pathType").value_or("");
          if (path.path_type != "Exact" && path.path_type != "Prefix" &&
              path.path_type != "ImplementationSpecific") {
            r_.error(
                paths[j], pp + ".pathType",
                path.path_type.empty()
                    ? "missing: Exact, Prefix or ImplementationSpecific"
                    : "'" + path.path_type + "' is not Exact, Prefix or ImplementationSpecific");
          }
          YAML::Node where = r_.child(paths[j], "path", pp);
          for (const std::string& problem : ingressPathProblems(path.path, path.path_type)) {
            r_.error(where ? where : paths[j], pp + ".path", "'" + path.path + "' " + problem);
          }
          if (path.path.empty()) path.path = "/";  // ImplementationSpecific without a path
          path.backend = ingressBackend(r_.child(paths[j], "backend", pp), pp + ".backend");
          rule.paths.push_back(std::move(path));
        }
      }
      ing.rules.push_back(std::move(rule));
    }
  }
  YAML::Node tls = r_.child(spec, "tls", "spec");
  if (r_.expectSequence(tls, "spec.tls")) {
    for (std::size_t i = 0; i < tls.size(); ++i) {
      std::string p = indexed("spec.tls", i);
      std::vector<std::string> hosts;
      YAML::Node h = r_.child(tls[i], "hosts", p);
      if (r_.expectSequence(h, p + ".hosts")) {
        for (std::size_t k = 0; k < h.size(); ++k) {
          if (auto host = r_.string(h[k], indexed(p + ".hosts", k))) hosts.push_back(*host);
        }
      }
      ing.tls.emplace_back(
          std::move(hosts),
          r_.string(r_.child(tls[i], "secretName", p), p + ".secretName").value_or(""));
    }
  }
  out_.ingresses.push_back(std::move(ing));
}

void DocumentParser::ingressClass(const YAML::Node& doc) {
  auto name = metadataName(doc);
  if (!name) return;
  IngressClassManifest c;
  c.name = *name;
  c.where = r_.at(doc);
  c.controller =
      r_.string(r_.child(r_.child(doc, "spec", "spec"), "controller", "spec"), "spec.controller")
          .value_or("");
  auto annotations = r_.stringMap(
      r_.child(r_.child(doc, "metadata", ""), "annotations", "metadata"), "metadata.annotations");
  c.is_default = annotations["ingressclass.kubernetes.io/is-default-class"] == "true";
  out_.ingress_classes.push_back(std::move(c));
}

}  // namespace kns::scenarios
