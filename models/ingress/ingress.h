// Ingress objects (networking.k8s.io/v1) as the models use them: Services resolved to ids,
// annotations kept by their real names for the controller to read.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/ids.h"

namespace kns::models {

enum class PathType { Exact, Prefix, ImplementationSpecific };

struct IngressBackend {
  std::string service_name;  // empty: a resource backend, which no controller here serves
  ServiceId service;         // invalid when the Service does not exist (requests get 503)
  int port = 0;              // the Service port number (named ports resolved by the loader)
};

struct IngressPath {
  std::string path = "/";
  PathType type = PathType::ImplementationSpecific;
  IngressBackend backend;
};

struct IngressRule {
  std::string host;  // empty: every host; "*.example.com": one label
  std::vector<IngressPath> paths;
};

struct IngressTls {
  std::vector<std::string> hosts;
  std::string secret_name;
};

struct IngressSpec {
  std::string name;
  std::string ns = "default";
  std::string ingress_class;  // spec.ingressClassName, else kubernetes.io/ingress.class
  std::map<std::string, std::string> annotations;
  std::optional<IngressBackend> default_backend;
  std::vector<IngressRule> rules;
  std::vector<IngressTls> tls;

  // An annotation's value, or `fallback` when absent.
  std::string annotation(const std::string& key, const std::string& fallback = "") const {
    auto it = annotations.find(key);
    return it == annotations.end() ? fallback : it->second;
  }
};

struct IngressClassSpec {
  std::string name;
  std::string controller = "k8s.io/ingress-nginx";
  bool is_default = false;  // ingressclass.kubernetes.io/is-default-class: "true"
};

// The ingress-nginx annotation prefix.
inline constexpr const char* kNginxAnnotation = "nginx.ingress.kubernetes.io/";

}  // namespace kns::models
