// A validated scenario as typed values: every unit parsed, every word mapped to its enum and
// every absent field given scenario.proto's default, once, at load. The simulation reads only
// these; the file's text stays in LoadedScenario::scenario for reports and tools.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/ingress/ingress_controller.h"
#include "models/labels.h"
#include "models/proxy/proxy_config.h"
#include "models/traffic/pod_server.h"
#include "models/traffic/traffic_spec.h"
#include "models/world.h"
#include "reports/slo.h"
#include "scenarios/diagnostics.h"
#include "sim/time.h"

namespace kns::scenarios {

// spec.workloads[i]: how the pods its selector matches serve, start and stop.
struct TypedWorkload {
  models::LabelSelector selector;
  models::ServingSpec serving;
  sim::Duration startup_delay{0};
  sim::Duration pre_stop{0};
};

// "https://shop.example.com:8443/cart?x=1" -> {https, "shop.example.com:8443", "/cart?x=1"}.
struct TargetUrl {
  bool https = false;
  std::string host;
  std::string path = "/";
};

// spec.traffic[i].to, split into what it names; the names are resolved against the cluster
// when the simulation is built.
struct TrafficTarget {
  enum class Kind { Service, LoadBalancer, NodePort, Url, Dns };
  Kind kind = Kind::Service;
  std::string service;   // Service, LoadBalancer, NodePort: the Service's name
  std::string ns;        // and namespace
  std::string node;      // NodePort: the node dialled
  TargetUrl url;         // Url: through the ingress controller serving its host
  std::string dns_name;  // Dns: the name the client resolves
};

// spec.traffic[i]: everything of the source but what depends on the built cluster (its
// Service's id, and for URLs which controller and entry carry it).
struct TypedTraffic {
  std::string path;  // "spec.traffic[2]", for errors
  SourceLocation where;
  models::TrafficSpec spec;
  TrafficTarget target;
};

// A parameter the timeline may change while the cluster runs (`set: path=value`).
enum class RuntimeSetting {
  MinSyncPeriod,
  SameNodeLatency,
  SameZoneLatency,
  CrossZoneLatency,
  InternetLatency
};

// spec.timeline[i]: one action at one time.
struct TypedTimelineEvent {
  enum class Action {
    Scale,
    Rollout,
    FailNode,
    RecoverNode,
    DrainNode,
    DeletePod,
    FailReadiness,
    PassReadiness,
    SetRate,
    SlowNode,
    Apply,
    Set
  };
  std::string path;  // "spec.timeline[3]", for errors
  SourceLocation where;
  sim::Time at;
  std::string label;  // "scale deployment/web to 5": what a chart marks at `at`
  Action action = Action::Scale;
  // The workload (Scale, Rollout), node (*Node) or pod (DeletePod, *Readiness) by name.
  std::string target;
  int replicas = 0;          // Scale
  std::uint32_t source = 0;  // SetRate: the traffic source's index
  double rate = 0;           // SetRate, per second
  sim::Duration value{0};    // SlowNode: the link's latency; Set: the setting's value
  RuntimeSetting setting = RuntimeSetting::MinSyncPeriod;  // Set
  int apply = 0;  // Apply: its index in LoadedScenario::timeline_manifests
};

struct TypedScenario {
  std::uint64_t seed = 0;
  sim::Duration duration{0};
  models::ClusterConfig cluster;
  models::NodePoolSpec nodes;
  models::KubeProxyConfig kube_proxy;
  std::vector<TypedWorkload> workloads;
  std::vector<models::IngressControllerConfig> ingress_controllers;
  std::vector<TypedTraffic> traffic;
  std::vector<TypedTimelineEvent> timeline;
  std::vector<reports::SloSpec> slos;
};

}  // namespace kns::scenarios
