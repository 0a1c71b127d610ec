// A manifest document: its kind dispatched, metadata, and the fields several kinds share
// (selectors, int-or-percent values, port references).
#include "scenarios/manifests/document_parser.h"

#include <charconv>

namespace kns::scenarios {

void DocumentParser::parse(const YAML::Node& doc, std::set<std::string>& noticed_kinds) {
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
  } else if (api && api->rfind("gateway.networking.k8s.io/", 0) == 0) {
    gatewayApi(doc, k, *api);
  } else if (k == "Namespace") {
    if (auto name = metadataName(doc)) {
      out_.namespaces.push_back(*name);
      out_.namespace_labels[*name] = r_.stringMap(
          r_.child(r_.child(doc, "metadata", ""), "labels", "metadata"), "metadata.labels");
    }
  } else {
    // Everything else (ServiceAccount, ConfigMap, PodDisruptionBudget, ...)
    // does not change traffic in the model: counted, noticed once per kind and file.
    ++out_.skipped[k];
    if (noticed_kinds.insert(k).second) {
      r_.diagnostics().notice(r_.at(doc), "kind", k + " objects are not simulated and are skipped");
    }
  }
}

std::optional<std::string> DocumentParser::metadataName(const YAML::Node& doc) {
  YAML::Node metadata = r_.child(doc, "metadata", "metadata");
  std::optional<std::string> name =
      r_.string(r_.child(metadata, "name", "metadata"), "metadata.name");
  if (!name || name->empty()) {
    r_.error(metadata ? metadata : doc, "metadata.name", "missing: every object needs a name");
    return std::nullopt;
  }
  return name;
}

std::string DocumentParser::metadataNamespace(const YAML::Node& doc) {
  YAML::Node metadata = r_.child(doc, "metadata", "metadata");
  return r_.string(r_.child(metadata, "namespace", "metadata"), "metadata.namespace")
      .value_or("default");
}

IntOrPercent DocumentParser::intOrPercent(const YAML::Node& node, const std::string& path,
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

PortRef DocumentParser::portRef(const YAML::Node& node, const std::string& path) {
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

LabelSelector DocumentParser::selector(const YAML::Node& node, const std::string& path) {
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

}  // namespace kns::scenarios
