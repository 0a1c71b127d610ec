// Manifest objects to World objects: workload specs, Services with resolved ports.
#include "scenarios/manifests/apply_manifests.h"

#include <stdexcept>

#include "models/controllers/endpoint_slice_controller.h"

namespace kns::scenarios {
namespace {

models::WorkloadKind workloadKind(const std::string& kind) {
  if (kind == "StatefulSet") return models::WorkloadKind::StatefulSet;
  if (kind == "ReplicaSet" || kind == "ReplicationController")
    return models::WorkloadKind::ReplicaSet;
  return models::WorkloadKind::Deployment;
}

}  // namespace

models::PodTemplate podTemplateOf(const WorkloadManifest& w) {
  models::PodTemplate pod;
  pod.labels = w.pod_labels;
  pod.cpu_millicores = w.cpu_millicores;
  // No readiness probe: Kubernetes marks the pod Ready once its containers run, which a probe
  // at start-up with no initial delay reproduces.
  if (w.readiness) pod.readiness = *w.readiness;
  pod.termination_grace = w.termination_grace;
  pod.node_name = w.node_name;
  pod.node_selector = w.node_selector;
  pod.node_affinity = w.node_affinity;
  return pod;
}

namespace {

// The port a named targetPort means: the containerPort of that name in the selected pods.
int resolveTargetPort(const ServiceManifest& s, const ServicePortManifest& port,
                      const Manifests& manifests, Diagnostics& diagnostics) {
  if (port.target.name.empty()) return port.target.number;
  models::LabelSelector selector{s.selector, {}};
  for (const WorkloadManifest& w : manifests.workloads) {
    if (w.ns != s.ns || !selector.matches(w.pod_labels)) continue;
    auto it = w.container_ports.find(port.target.name);
    if (it != w.container_ports.end()) return it->second;
  }
  diagnostics.warning(s.where, "spec.ports[" + port.name + "].targetPort",
                      "named port '" + port.target.name +
                          "' is declared by no container of the selected pods; connections to it "
                          "will be refused");
  return 0;
}

}  // namespace

models::ServiceSpec serviceSpecOf(const ServiceManifest& s, const Manifests& manifests,
                                  Diagnostics& diagnostics) {
  models::ServiceSpec spec;
  spec.name = s.name;
  spec.ns = s.ns;
  spec.type = s.type;
  spec.selector = s.selector;
  spec.has_selector = s.has_selector;
  spec.ports.clear();
  for (const ServicePortManifest& p : s.ports) {
    models::ServicePort port;
    port.name = p.name;
    port.protocol = p.protocol;
    port.port = p.port;
    port.target_port = resolveTargetPort(s, p, manifests, diagnostics);
    port.node_port = p.node_port;
    spec.ports.push_back(port);
  }
  spec.publish_not_ready_addresses = s.publish_not_ready_addresses;
  spec.headless = s.headless;
  spec.cluster_ip = s.cluster_ip;
  spec.external_traffic_policy = s.external_traffic_policy;
  spec.internal_traffic_policy = s.internal_traffic_policy;
  spec.session_affinity = s.session_affinity;
  spec.affinity_timeout = s.affinity_timeout;
  spec.traffic_distribution = s.traffic_distribution;
  spec.external_name = s.external_name;
  return spec;
}

AppliedManifests applyManifests(models::World& world, const Manifests& manifests,
                                Diagnostics& diagnostics, const PodCustomizer& customize) {
  AppliedManifests applied;
  for (const WorkloadManifest& w : manifests.workloads) {
    std::string key = w.ns + "/" + w.name;
    models::PodTemplate pod = podTemplateOf(w);
    if (customize) customize(pod);
    try {
      if (w.kind == "Pod") {
        if (applied.bare_pods.count(key)) throw std::invalid_argument("duplicate Pod " + key);
        applied.bare_pods[key] = world.createPod(models::WorkloadId{}, w.name, pod);
        world.mutablePod(applied.bare_pods[key]).ns = w.ns;
        continue;
      }
      models::WorkloadSpec spec;
      spec.kind = workloadKind(w.kind);
      spec.name = w.name;
      spec.ns = w.ns;
      spec.replicas = w.replicas;
      spec.selector = w.selector;
      spec.pod = pod;
      spec.max_surge = w.max_surge;
      spec.max_unavailable = w.max_unavailable;
      spec.min_ready = w.min_ready;
      spec.service_name = w.service_name;
      applied.workloads[key] = world.createWorkload(std::move(spec));
    } catch (const std::invalid_argument& e) {
      diagnostics.error(w.where, "metadata.name", e.what());
    }
  }
  for (const ServiceManifest& s : manifests.services) {
    models::ServiceSpec spec = serviceSpecOf(s, manifests, diagnostics);
    try {
      applied.services[s.ns + "/" + s.name] = world.createService(std::move(spec));
    } catch (const models::NodePortRefused& e) {
      for (std::size_t i = 0; i < s.ports.size(); ++i) {
        if (s.ports[i].node_port != e.node_port) continue;
        diagnostics.error(s.ports[i].node_port_where,
                          "spec.ports[" + std::to_string(i) + "].nodePort", e.what());
        break;
      }
    } catch (const std::invalid_argument& e) {
      diagnostics.error(s.where, "spec", e.what());
    }
  }
  // Hand-written EndpointSlices give a Service without a selector its endpoints (often
  // addresses outside the cluster: a database, a legacy service).
  std::map<models::ServiceId, std::vector<models::EndpointSlice>> manual;
  for (const EndpointSliceManifest& m : manifests.endpoint_slices) {
    if (m.service.empty()) continue;  // warned by the loader
    models::ServiceId id = world.findService(m.service, m.ns);
    if (!id.valid()) {
      diagnostics.warning(m.where, "metadata.labels",
                          "EndpointSlice " + m.name + " names Service '" + m.service +
                              "', which does not exist in namespace '" + m.ns + "'");
      continue;
    }
    if (world.service(id).spec.has_selector) {
      diagnostics.warning(m.where, "metadata.labels",
                          "Service " + m.service +
                              " has a selector: the EndpointSlice controller manages its "
                              "endpoints, and this hand-written slice is ignored");
      continue;
    }
    models::EndpointSlice slice{m.name, {}};
    for (const EndpointSliceManifest::Address& a : m.endpoints) {
      models::Endpoint e;
      e.address = a.ip;
      e.pod = world.podAt(a.ip);
      e.node = a.node.empty() ? models::NodeId{} : world.findNode(a.node);
      if (e.node.valid()) e.zone = world.zoneIndex(world.node(e.node).spec.zone);
      e.ready = e.serving = a.ready;
      slice.endpoints.push_back(e);
    }
    manual[id].push_back(std::move(slice));
  }
  for (auto& [id, slices] : manual) world.endpointSlices().setManual(id, std::move(slices));
  for (const AutoscalerManifest& hpa : manifests.autoscalers) {
    diagnostics.notice(
        hpa.where, "kind",
        "HorizontalPodAutoscaler " + hpa.name + " is kept; autoscaling is not simulated yet");
  }
  return applied;
}

}  // namespace kns::scenarios
