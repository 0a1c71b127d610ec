// Kubernetes manifests to typed objects: workloads, Services, Ingresses, classes, autoscalers.
#include "scenarios/manifests/manifest_loader.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "reports/bounded_read.h"
#include "scenarios/manifests/yaml_reader.h"
#include "scenarios/manifests/yaml_syntax_check.h"

namespace kns::scenarios {
namespace {

using models::IntOrPercent;
using models::LabelSelector;

std::string indexed(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

class DocumentParser {
 public:
  DocumentParser(YamlReader& reader, Manifests& out) : r_(reader), out_(out) {}

  void parse(const YAML::Node& doc, std::set<std::string>& noticed_kinds) {
    if (!doc.IsMap()) {
      r_.error(doc, "", "a manifest document must be a mapping with apiVersion and kind");
      return;
    }
    std::optional<std::string> kind = r_.string(r_.child(doc, "kind", ""), "kind");
    std::optional<std::string> api = r_.string(r_.child(doc, "apiVersion", ""), "apiVersion");
    if (!kind) {
      r_.error(doc, "kind", "missing: every manifest needs a kind (e.g. Deployment, Service)");
      return;
    }
    if (!api) r_.warning(doc, "apiVersion", "missing; assuming the current version of " + *kind);
    const std::string& k = *kind;
    if (k == "Deployment" || k == "StatefulSet" || k == "ReplicaSet" ||
        k == "ReplicationController" || k == "Pod") {
      workload(doc, k);
    } else if (k == "Service") {
      service(doc);
    } else if (k == "Ingress") {
      ingress(doc, api.value_or(""));
    } else if (k == "IngressClass") {
      ingressClass(doc);
    } else if (k == "EndpointSlice") {
      endpointSlice(doc);
    } else if (k == "HorizontalPodAutoscaler") {
      autoscaler(doc);
    } else if (k == "Namespace") {
      if (auto name = metadataName(doc)) out_.namespaces.push_back(*name);
    } else {
      // Everything else (ServiceAccount, ConfigMap, PodDisruptionBudget, ...)
      // does not change traffic in the model: counted, noticed once per kind and file.
      ++out_.skipped[k];
      if (noticed_kinds.insert(k).second) {
        r_.diagnostics().notice(r_.at(doc), "kind",
                                k + " objects are not simulated and are skipped");
      }
    }
  }

 private:
  std::optional<std::string> metadataName(const YAML::Node& doc) {
    YAML::Node metadata = r_.child(doc, "metadata", "metadata");
    std::optional<std::string> name =
        r_.string(r_.child(metadata, "name", "metadata"), "metadata.name");
    if (!name || name->empty()) {
      r_.error(metadata ? metadata : doc, "metadata.name", "missing: every object needs a name");
      return std::nullopt;
    }
    return name;
  }
  std::string metadataNamespace(const YAML::Node& doc) {
    YAML::Node metadata = r_.child(doc, "metadata", "metadata");
    return r_.string(r_.child(metadata, "namespace", "metadata"), "metadata.namespace")
        .value_or("default");
  }

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

  IntOrPercent intOrPercent(const YAML::Node& node, const std::string& path,
                            IntOrPercent fallback) {
    std::optional<std::string> text = r_.string(node, path);
    if (!text) return fallback;
    if (!text->empty() && text->back() == '%') {
      int value = 0;
      auto [next, ec] = std::from_chars(text->data(), text->data() + text->size() - 1, value);
      if (ec != std::errc{} || next != text->data() + text->size() - 1 || value < 0) {
        r_.error(node, path, "'" + *text + "' is not a percentage; write e.g. '25%' or a count");
        return fallback;
      }
      return IntOrPercent::percentage(value);
    }
    std::optional<long long> count = r_.integer(node, path, 0, 1'000'000);
    return count ? IntOrPercent::count(static_cast<int>(*count)) : fallback;
  }

  PortRef portRef(const YAML::Node& node, const std::string& path) {
    PortRef ref;
    std::optional<std::string> text = r_.string(node, path);
    if (!text) return ref;
    int value = 0;
    auto [next, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec == std::errc{} && next == text->data() + text->size()) {
      if (value < 1 || value > 65535) r_.error(node, path, "port " + *text + " is not in 1-65535");
      ref.number = value;
    } else {
      ref.name = *text;  // a named port (IANA_SVC_NAME)
    }
    return ref;
  }

  LabelSelector selector(const YAML::Node& node, const std::string& path) {
    LabelSelector s;
    s.match_labels = r_.stringMap(r_.child(node, "matchLabels", path), path + ".matchLabels");
    YAML::Node exprs = r_.child(node, "matchExpressions", path);
    if (r_.expectSequence(exprs, path + ".matchExpressions")) {
      for (std::size_t i = 0; i < exprs.size(); ++i) {
        std::string p = indexed(path + ".matchExpressions", i);
        LabelSelector::Requirement req;
        req.key = r_.string(r_.child(exprs[i], "key", p), p + ".key").value_or("");
        using Op = LabelSelector::Operator;
        req.op = oneOf(exprs[i], "operator", p, Op::In,
                       {{"In", Op::In},
                        {"NotIn", Op::NotIn},
                        {"Exists", Op::Exists},
                        {"DoesNotExist", Op::DoesNotExist}});
        if (!r_.child(exprs[i], "operator", p)) {
          r_.error(exprs[i], p + ".operator", "missing: In, NotIn, Exists or DoesNotExist");
        }
        YAML::Node values = r_.child(exprs[i], "values", p);
        if (r_.expectSequence(values, p + ".values")) {
          for (std::size_t v = 0; v < values.size(); ++v) {
            if (auto value = r_.string(values[v], indexed(p + ".values", v)))
              req.values.push_back(*value);
          }
        }
        s.match_expressions.push_back(std::move(req));
      }
    }
    return s;
  }

  // The pod spec part: containers' named ports, CPU requests, the readiness probe, grace.
  void podSpec(const YAML::Node& spec, const std::string& path, WorkloadManifest& w) {
    YAML::Node containers = r_.child(spec, "containers", path);
    if (!r_.expectSequence(containers, path + ".containers")) {
      r_.error(spec ? spec : containers, path + ".containers", "missing: a pod needs containers");
      return;
    }
    for (std::size_t c = 0; c < containers.size(); ++c) {
      std::string p = indexed(path + ".containers", c);
      YAML::Node ports = r_.child(containers[c], "ports", p);
      if (r_.expectSequence(ports, p + ".ports")) {
        for (std::size_t i = 0; i < ports.size(); ++i) {
          std::string pp = indexed(p + ".ports", i);
          auto number =
              r_.integer(r_.child(ports[i], "containerPort", pp), pp + ".containerPort", 1, 65535);
          auto name = r_.string(r_.child(ports[i], "name", pp), pp + ".name");
          if (name && number) w.container_ports[*name] = static_cast<int>(*number);
        }
      }
      YAML::Node requests =
          r_.child(r_.child(containers[c], "resources", p), "requests", p + ".resources");
      if (auto cpu = r_.string(r_.child(requests, "cpu", p), p + ".resources.requests.cpu")) {
        if (auto millis = parseCpuMillicores(*cpu)) {
          w.cpu_millicores += *millis;
        } else {
          r_.error(r_.child(requests, "cpu", p), p + ".resources.requests.cpu",
                   "'" + *cpu + "' is not a CPU quantity; write e.g. '250m' or '0.5'");
        }
      }
      YAML::Node probe = r_.child(containers[c], "readinessProbe", p);
      if (probe && !w.readiness) {
        std::string pp = p + ".readinessProbe";
        models::ProbeSpec spec_probe;
        auto seconds = [&](const char* key, sim::Duration fallback, long long min) {
          auto v = r_.integer(r_.child(probe, key, pp), pp + "." + key, min, 86400);
          return v ? sim::Duration{std::chrono::seconds(*v)} : fallback;
        };
        spec_probe.initial_delay = seconds("initialDelaySeconds", spec_probe.initial_delay, 0);
        spec_probe.period = seconds("periodSeconds", spec_probe.period, 1);
        auto count = [&](const char* key, int fallback) {
          auto v = r_.integer(r_.child(probe, key, pp), pp + "." + key, 1, 1000);
          return v ? static_cast<int>(*v) : fallback;
        };
        spec_probe.failure_threshold = count("failureThreshold", spec_probe.failure_threshold);
        spec_probe.success_threshold = count("successThreshold", spec_probe.success_threshold);
        w.readiness = spec_probe;
      }
    }
    if (auto grace = r_.integer(r_.child(spec, "terminationGracePeriodSeconds", path),
                                path + ".terminationGracePeriodSeconds", 0, 86400 * 365)) {
      w.termination_grace = std::chrono::seconds(*grace);
    }
  }

  void workload(const YAML::Node& doc, const std::string& kind) {
    WorkloadManifest w;
    w.kind = kind;
    if (!readHeader(doc, w)) return;
    YAML::Node spec = r_.child(doc, "spec", "spec");
    if (kind == "Pod") {
      w.pod_labels = r_.stringMap(r_.child(r_.child(doc, "metadata", ""), "labels", "metadata"),
                                  "metadata.labels");
      podSpec(spec, "spec", w);
      out_.workloads.push_back(std::move(w));
      return;
    }
    if (auto replicas =
            r_.integer(r_.child(spec, "replicas", "spec"), "spec.replicas", 0, 1'000'000)) {
      w.replicas = static_cast<int>(*replicas);
    }
    YAML::Node tmpl = r_.child(spec, "template", "spec");
    w.pod_labels = r_.stringMap(
        r_.child(r_.child(tmpl, "metadata", "spec.template"), "labels", "spec.template.metadata"),
        "spec.template.metadata.labels");
    podSpec(r_.child(tmpl, "spec", "spec.template"), "spec.template.spec", w);
    YAML::Node sel = r_.child(spec, "selector", "spec");
    if (kind == "ReplicationController") {
      // A plain label map; absent, it defaults to the template's labels.
      w.selector.match_labels = r_.stringMap(sel, "spec.selector");
      if (w.selector.empty()) w.selector.match_labels = w.pod_labels;
    } else if (sel) {
      w.selector = selector(sel, "spec.selector");
    } else {
      r_.error(spec ? spec : doc, "spec.selector",
               "missing: apps/v1 " + kind + "s need a selector");
    }
    if (!w.selector.empty() && !w.selector.matches(w.pod_labels)) {
      r_.error(sel ? sel : doc, "spec.selector",
               "does not match spec.template.metadata.labels; Kubernetes rejects this " + kind);
    }
    YAML::Node rolling =
        r_.child(r_.child(spec, "strategy", "spec"), "rollingUpdate", "spec.strategy");
    w.max_surge = intOrPercent(r_.child(rolling, "maxSurge", "spec.strategy.rollingUpdate"),
                               "spec.strategy.rollingUpdate.maxSurge", w.max_surge);
    w.max_unavailable =
        intOrPercent(r_.child(rolling, "maxUnavailable", "spec.strategy.rollingUpdate"),
                     "spec.strategy.rollingUpdate.maxUnavailable", w.max_unavailable);
    if (auto min_ready = r_.integer(r_.child(spec, "minReadySeconds", "spec"),
                                    "spec.minReadySeconds", 0, 86400 * 365)) {
      w.min_ready = std::chrono::seconds(*min_ready);
    }
    w.service_name =
        r_.string(r_.child(spec, "serviceName", "spec"), "spec.serviceName").value_or("");
    out_.workloads.push_back(std::move(w));
  }

  void service(const YAML::Node& doc) {
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
        port.protocol =
            r_.string(r_.child(ports[i], "protocol", p), p + ".protocol").value_or("TCP");
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

  IngressBackendManifest ingressBackend(const YAML::Node& node, const std::string& path) {
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

  void ingress(const YAML::Node& doc, const std::string& api) {
    IngressManifest ing;
    if (!readHeader(doc, ing)) return;
    if (api != "networking.k8s.io/v1") {
      r_.error(
          doc, "apiVersion",
          "Ingress " + api + " is not served since Kubernetes 1.22; write networking.k8s.io/v1");
      return;
    }
    ing.annotations = r_.stringMap(
        r_.child(r_.child(doc, "metadata", ""), "annotations", "metadata"), "metadata.annotations");
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
            path.path = r_.string(r_.child(paths[j], "path", pp), pp + ".path").value_or("/");
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

  void ingressClass(const YAML::Node& doc) {
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

  void endpointSlice(const YAML::Node& doc) {
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
      if (!addresses || !r_.expectSequence(addresses, path + ".addresses") ||
          addresses.size() == 0) {
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

  void autoscaler(const YAML::Node& doc) {
    AutoscalerManifest a;
    if (!readHeader(doc, a)) return;
    YAML::Node spec = r_.child(doc, "spec", "spec");
    YAML::Node target = r_.child(spec, "scaleTargetRef", "spec");
    a.target_kind =
        r_.string(r_.child(target, "kind", "spec.scaleTargetRef"), "spec.scaleTargetRef.kind")
            .value_or("");
    a.target_name =
        r_.string(r_.child(target, "name", "spec.scaleTargetRef"), "spec.scaleTargetRef.name")
            .value_or("");
    a.min_replicas = static_cast<int>(
        r_.integer(r_.child(spec, "minReplicas", "spec"), "spec.minReplicas", 0, 1'000'000)
            .value_or(1));
    a.max_replicas = static_cast<int>(
        r_.integer(r_.child(spec, "maxReplicas", "spec"), "spec.maxReplicas", 1, 1'000'000)
            .value_or(1));
    a.target_cpu_percent =
        static_cast<int>(r_.integer(r_.child(spec, "targetCPUUtilizationPercentage", "spec"),
                                    "spec.targetCPUUtilizationPercentage", 1, 10'000)
                             .value_or(0));
    out_.autoscalers.push_back(std::move(a));
  }

  YamlReader& r_;
  Manifests& out_;
};

}  // namespace

std::optional<int> parseCpuMillicores(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (text.back() == 'm') {
    int value = 0;
    auto [next, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, value);
    if (ec != std::errc{} || next != text.data() + text.size() - 1 || value < 0)
      return std::nullopt;
    return value;
  }
  // Whole or decimal cores, exact to the millicore.
  std::size_t dot = text.find('.');
  std::string whole = text.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if ((whole.empty() && fraction.empty()) || fraction.size() > 3) return std::nullopt;
  int cores = 0, thousandths = 0;
  if (!whole.empty()) {
    auto [next, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), cores);
    if (ec != std::errc{} || next != whole.data() + whole.size() || cores < 0 ||
        cores > 1'000'000) {
      return std::nullopt;
    }
  }
  for (std::size_t i = 0; i < 3; ++i) {
    char c = i < fraction.size() ? fraction[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    thousandths = thousandths * 10 + (c - '0');
  }
  return cores * 1000 + thousandths;
}

void loadManifestText(const std::string& text, const std::string& name, Manifests& out,
                      Diagnostics& diagnostics) {
  if (text.size() > kMaxManifestBytes) {
    diagnostics.error({name, 0, 0}, "",
                      "file is " + std::to_string(text.size() / (1024 * 1024)) +
                          " MiB; manifests larger than 16 MiB are refused");
    return;
  }
  if (text.find('\0') != std::string::npos) {
    diagnostics.error({name, 0, 0}, "", "file contains NUL bytes: it is not YAML text");
    return;
  }
  if (!checkYamlSyntax(text, name, diagnostics)) return;
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    diagnostics.error(
        {name, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1},
        "", "not valid YAML: " + e.msg);
    return;
  }
  YamlReader reader(name, diagnostics);
  DocumentParser parser(reader, out);
  std::set<std::string> noticed;
  for (const YAML::Node& doc : documents) {
    if (!doc || doc.IsNull()) continue;  // empty documents (a trailing ---) are fine
    parser.parse(doc, noticed);
  }
}

void loadManifestFile(const std::string& path, Manifests& out, Diagnostics& diagnostics) {
  std::string text, error;
  if (!reports::readBoundedFile(path, kMaxManifestBytes, text, error)) {
    diagnostics.error({path, 0, 0}, "", "the file " + error);
    return;
  }
  loadManifestText(text, path, out, diagnostics);
}

}  // namespace kns::scenarios
