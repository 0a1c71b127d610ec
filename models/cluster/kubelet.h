// The kubelets of all nodes: start pods, run readiness probes, shut pods down.
#pragma once

#include <map>
#include <memory>

#include "models/ids.h"
#include "sim/timer.h"

namespace kns::models {

class ClusterApi;

// One object plays every node's kubelet (they share nothing but code). Per pod it keeps three
// timers: start-up, the next readiness probe, and the end of graceful termination. A failed
// node's kubelet is dead: its timers stop, and pods deleted meanwhile stay Terminating until the
// node comes back.
class Kubelet {
 public:
  explicit Kubelet(ClusterApi& cluster);
  ~Kubelet();

  // The pod was bound and got its IP: its containers run after the template's start-up time.
  void podBound(PodId pod);
  // The pod got a deletionTimestamp: run preStop, send SIGTERM, remove it when it exits (at most
  // the grace period later).
  void podDeleted(PodId pod);
  void nodeFailed(NodeId node);
  // The kubelet is back: pods deleted while it was down are removed at once; the others restart
  // their containers (a node reboot) and must pass their readiness probe again.
  void nodeRecovered(NodeId node);

 private:
  struct Runtime;
  Runtime& runtime(PodId pod);
  void containersStarted(PodId pod);
  void probe(PodId pod);
  void finish(PodId pod);
  void forget(PodId pod);

  ClusterApi& cluster_;
  std::map<PodId, std::unique_ptr<Runtime>> runtimes_;
};

}  // namespace kns::models
