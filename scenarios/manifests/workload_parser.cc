// Workloads (Deployment, StatefulSet, ReplicaSet, ReplicationController, Pod), their pod
// templates, and HorizontalPodAutoscalers.
#include <charconv>

#include "scenarios/manifests/document_parser.h"

namespace kns::scenarios {

void DocumentParser::podSpec(const YAML::Node& spec, const std::string& path, WorkloadManifest& w) {
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
  // Placement: nodeName, nodeSelector, and the required node affinity terms (matchExpressions
  // on node labels; the preferred ones do not bind and are not modelled).
  w.node_name = r_.string(r_.child(spec, "nodeName", path), path + ".nodeName").value_or("");
  w.node_selector.match_labels =
      r_.stringMap(r_.child(spec, "nodeSelector", path), path + ".nodeSelector");
  std::string ap = path + ".affinity.nodeAffinity";
  YAML::Node required =
      r_.child(r_.child(r_.child(spec, "affinity", path), "nodeAffinity", path + ".affinity"),
               "requiredDuringSchedulingIgnoredDuringExecution", ap);
  std::string rp = ap + ".requiredDuringSchedulingIgnoredDuringExecution";
  YAML::Node terms = r_.child(required, "nodeSelectorTerms", rp);
  if (terms && r_.expectSequence(terms, rp + ".nodeSelectorTerms")) {
    for (std::size_t i = 0; i < terms.size(); ++i) {
      w.node_affinity.push_back(selector(terms[i], indexed(rp + ".nodeSelectorTerms", i)));
    }
  }
}

void DocumentParser::workload(const YAML::Node& doc, const std::string& kind) {
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
    r_.error(spec ? spec : doc, "spec.selector", "missing: apps/v1 " + kind + "s need a selector");
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
  if (auto min_ready = r_.integer(r_.child(spec, "minReadySeconds", "spec"), "spec.minReadySeconds",
                                  0, 86400 * 365)) {
    w.min_ready = std::chrono::seconds(*min_ready);
  }
  w.service_name =
      r_.string(r_.child(spec, "serviceName", "spec"), "spec.serviceName").value_or("");
  out_.workloads.push_back(std::move(w));
}

void DocumentParser::autoscaler(const YAML::Node& doc) {
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

}  // namespace kns::scenarios
