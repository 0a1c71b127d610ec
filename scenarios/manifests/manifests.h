// Kubernetes objects as read from real manifests: the fields the simulator uses, with where
// each object came from. Loaded by manifest_loader.h, turned into a World by the builder.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/cluster/pod.h"
#include "models/cluster/service.h"
#include "models/cluster/workload.h"
#include "models/gateway/gateway_api.h"
#include "models/labels.h"
#include "models/net/ip.h"
#include "scenarios/diagnostics.h"

namespace kns::scenarios {

// A port number or a port name, as Kubernetes' IntOrString.
struct PortRef {
  int number = 0;    // used when name is empty
  std::string name;  // a named port, resolved against the pods' containerPorts
};

// Deployment, StatefulSet, ReplicaSet, ReplicationController or a bare Pod.
struct WorkloadManifest {
  std::string kind;
  std::string name;
  std::string ns = "default";
  SourceLocation where;
  int replicas = 1;  // unset replicas default to 1
  models::LabelSelector selector;
  models::Labels pod_labels;
  std::map<std::string, int> container_ports;  // named containerPorts of all containers
  int cpu_millicores = 0;                      // sum of containers' requests.cpu
  std::optional<models::ProbeSpec> readiness;  // the first container's readinessProbe
  sim::Duration termination_grace = std::chrono::seconds(30);
  models::IntOrPercent max_surge = models::IntOrPercent::percentage(25);
  models::IntOrPercent max_unavailable = models::IntOrPercent::percentage(25);
  sim::Duration min_ready{0};
  std::string service_name;                          // StatefulSet
  std::string node_name;                             // spec.nodeName of the pod (template)
  models::LabelSelector node_selector;               // nodeSelector
  std::vector<models::LabelSelector> node_affinity;  // required nodeSelectorTerms (ORed)
};

struct ServicePortManifest {
  std::string name;
  std::string protocol = "TCP";
  int port = 0;
  PortRef target;  // defaults to port
  int node_port = 0;
  SourceLocation node_port_where;  // where nodePort was written, for the API server's refusals
};

struct ServiceManifest {
  std::string name;
  std::string ns = "default";
  SourceLocation where;
  models::ServiceType type = models::ServiceType::ClusterIP;
  models::Labels selector;
  bool has_selector = false;
  std::vector<ServicePortManifest> ports;
  bool headless = false;
  std::optional<models::Ipv4> cluster_ip;
  models::TrafficPolicy external_traffic_policy = models::TrafficPolicy::Cluster;
  models::TrafficPolicy internal_traffic_policy = models::TrafficPolicy::Cluster;
  models::SessionAffinity session_affinity = models::SessionAffinity::None;
  sim::Duration affinity_timeout = std::chrono::hours(3);
  models::TrafficDistribution traffic_distribution = models::TrafficDistribution::None;
  std::string external_name;
  bool publish_not_ready_addresses = false;
};

struct IngressBackendManifest {
  std::string service;  // empty for a resource backend
  PortRef port;
};

struct IngressPathManifest {
  std::string path;
  std::string path_type = "ImplementationSpecific";
  IngressBackendManifest backend;
};

struct IngressRuleManifest {
  std::string host;  // empty: any host
  std::vector<IngressPathManifest> paths;
};

struct IngressManifest {
  std::string name;
  std::string ns = "default";
  SourceLocation where;
  std::string ingress_class;  // spec.ingressClassName, else the legacy annotation
  std::map<std::string, std::string> annotations;
  std::optional<IngressBackendManifest> default_backend;
  std::vector<IngressRuleManifest> rules;
  std::vector<std::pair<std::vector<std::string>, std::string>> tls;  // hosts, secretName
};

struct IngressClassManifest {
  std::string name;
  std::string controller;
  bool is_default = false;
  SourceLocation where;
};

// A hand-written EndpointSlice (discovery.k8s.io/v1), for a Service without a selector.
struct EndpointSliceManifest {
  std::string name;
  std::string ns = "default";
  SourceLocation where;
  std::string service;  // label kubernetes.io/service-name
  struct Address {
    models::Ipv4 ip;
    bool ready = true;  // conditions.ready; unset means ready
    std::string node;   // nodeName
  };
  std::vector<Address> endpoints;
};

struct AutoscalerManifest {  // HorizontalPodAutoscaler, kept for a later issue
  std::string name;
  std::string ns = "default";
  SourceLocation where;
  std::string target_kind;
  std::string target_name;
  int min_replicas = 1;
  int max_replicas = 1;
  int target_cpu_percent = 0;
};

struct Manifests {
  std::vector<WorkloadManifest> workloads;
  std::vector<ServiceManifest> services;
  std::vector<IngressManifest> ingresses;
  std::vector<IngressClassManifest> ingress_classes;
  std::vector<AutoscalerManifest> autoscalers;
  std::vector<EndpointSliceManifest> endpoint_slices;
  std::vector<std::string> namespaces;
  std::map<std::string, models::Labels> namespace_labels;  // of the Namespace objects given
  // The Gateway API's objects (gateway.networking.k8s.io), in load order; an HTTPRoute's
  // `created` is its place in that order (manifests carry no creationTimestamp to go by).
  models::GatewayApiObjects gateway_api;
  std::vector<SourceLocation> gateway_locations;  // by gateway_api.gateways
  std::vector<SourceLocation> route_locations;    // by gateway_api.routes
  std::map<std::string, int> skipped;             // kinds the simulator does not use, with counts
};

}  // namespace kns::scenarios
