// A pod and the template workloads stamp pods from.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/distribution.h"
#include "models/ids.h"
#include "models/labels.h"
#include "models/net/ip.h"
#include "sim/time.h"

namespace kns::models {

// A readiness probe's timing (Kubernetes defaults: period 10 s, success 1, failure 3, no initial
// delay). Probes run at start + initialDelay, then every period.
struct ProbeSpec {
  sim::Duration initial_delay{0};
  sim::Duration period = std::chrono::seconds(10);
  int success_threshold = 1;
  int failure_threshold = 3;
};

// The part of a pod template the simulation uses, plus how the app behaves (which manifests do
// not say: the scenario's `workloads` section supplies it).
struct PodTemplate {
  Labels labels;
  int cpu_millicores = 100;  // resources.requests.cpu, for scheduling
  // From binding to the containers running: sandbox, image pull, start.
  DurationDistribution startup = DurationDistribution::constant(std::chrono::seconds(1));
  ProbeSpec readiness;
  sim::Duration termination_grace = std::chrono::seconds(30);  // terminationGracePeriodSeconds
  sim::Duration pre_stop{0};                                   // a preStop sleep
  // How long the app takes to exit after SIGTERM. The pod is gone after
  // min(pre_stop + shutdown, termination_grace).
  sim::Duration shutdown{0};
  // The template's identity: a rollout is a template with a new revision.
  std::string revision = "1";
  // Placement: spec.nodeName binds the pod at creation (the scheduler skips it); otherwise the
  // scheduler takes only nodes whose labels match nodeSelector and one of the required
  // nodeAffinity terms (none: any node).
  std::string node_name;
  LabelSelector node_selector;
  std::vector<LabelSelector> node_affinity;
};

enum class PodPhase { Pending, Running, Succeeded, Failed };

struct Pod {
  PodId id;
  std::string name;
  std::string ns = "default";
  Labels labels;
  WorkloadId owner;  // the ReplicaSet or StatefulSet; invalid for a bare pod
  PodTemplate spec;
  NodeId node;             // invalid until scheduled
  std::optional<Ipv4> ip;  // set when the sandbox is created at binding
  PodPhase phase = PodPhase::Pending;
  bool ready = false;   // the Ready condition
  bool healthy = true;  // whether the app would pass its readiness probe now
  sim::Time created;
  std::optional<sim::Time> ready_since;
  std::optional<sim::Time> deletion;  // deletionTimestamp: terminating from then on
  bool gone = false;                  // deleted from the API: kept only as history

  bool terminating() const { return deletion.has_value() && !gone; }
  bool active() const {
    return !gone && !deletion && phase != PodPhase::Succeeded && phase != PodPhase::Failed;
  }
  // Ready for at least min_ready (the Deployment's minReadySeconds) at `now`.
  bool available(sim::Time now, sim::Duration min_ready) const {
    return ready && !deletion && ready_since && now - *ready_since >= min_ready;
  }
};

}  // namespace kns::models
