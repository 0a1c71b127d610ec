// Pod start-up, readiness probing and graceful termination on the nodes.
#include "models/cluster/kubelet.h"

#include <algorithm>

#include "models/cluster/cluster_api.h"

namespace kns::models {

struct Kubelet::Runtime {
  Runtime(sim::Simulator& sim, Kubelet& kubelet, PodId pod)
      : start(
            sim, [&kubelet, pod] { kubelet.containersStarted(pod); }, sim::eventTag("pod.start")),
        next_probe(
            sim, [&kubelet, pod] { kubelet.probe(pod); }, sim::eventTag("pod.probe")),
        exit(
            sim, [&kubelet, pod] { kubelet.finish(pod); }, sim::eventTag("pod.exit")) {}
  sim::Timer start;
  sim::Timer next_probe;
  sim::Timer exit;
  int successes = 0;
  int failures = 0;
};

Kubelet::Kubelet(ClusterApi& cluster) : cluster_(cluster) {}
Kubelet::~Kubelet() = default;

Kubelet::Runtime& Kubelet::runtime(PodId pod) {
  auto& slot = runtimes_[pod];
  if (!slot) slot = std::make_unique<Runtime>(cluster_.simulator(), *this, pod);
  return *slot;
}

void Kubelet::forget(PodId pod) { runtimes_.erase(pod); }

void Kubelet::podBound(PodId id) {
  const Pod& pod = cluster_.pod(id);
  // Start-up times are drawn from the pod's own stream: adding a pod elsewhere does not change
  // this pod's start-up.
  sim::RandomStream& rng = cluster_.simulator().stream("kubelet/" + pod.ns + "/" + pod.name);
  runtime(id).start.armAfter(pod.spec.startup.sample(rng));
}

void Kubelet::containersStarted(PodId id) {
  cluster_.setPodRunning(id);
  Runtime& rt = runtime(id);
  rt.successes = rt.failures = 0;
  rt.next_probe.armAfter(cluster_.pod(id).spec.readiness.initial_delay);
}

// One readiness probe. Ready after success_threshold passes in a row, NotReady after
// failure_threshold failures in a row (SEMANTICS §1.10: period 10 s x 3 by default).
void Kubelet::probe(PodId id) {
  const Pod& pod = cluster_.pod(id);
  Runtime& rt = runtime(id);
  if (pod.healthy) {
    rt.failures = 0;
    ++rt.successes;
    if (!pod.ready && rt.successes >= pod.spec.readiness.success_threshold) {
      cluster_.setPodReady(id, true);
    }
  } else {
    rt.successes = 0;
    ++rt.failures;
    if (pod.ready && rt.failures >= pod.spec.readiness.failure_threshold) {
      cluster_.setPodReady(id, false);
    }
  }
  // Readiness probes keep running while the pod terminates, so `serving` stays truthful.
  rt.next_probe.armAfter(cluster_.pod(id).spec.readiness.period);
}

void Kubelet::podDeleted(PodId id) {
  const Pod& pod = cluster_.pod(id);
  if (!pod.node.valid()) {  // never scheduled: nothing runs, the pod goes at once
    cluster_.removePod(id);
    return;
  }
  if (!cluster_.node(pod.node).up) return;  // a dead kubelet cannot act; see nodeRecovered
  Runtime& rt = runtime(id);
  if (pod.phase != PodPhase::Running) {
    // Containers not started yet: nothing to stop gracefully.
    rt.start.disarm();
    rt.exit.armAfter(sim::Duration::zero());
    return;
  }
  // preStop runs first, then SIGTERM; the app exits `shutdown` later, but never after the grace
  // period (then SIGKILL).
  sim::Duration lifetime =
      std::min(pod.spec.pre_stop + pod.spec.shutdown, pod.spec.termination_grace);
  rt.exit.armAfter(lifetime);
}

void Kubelet::finish(PodId id) {
  forget(id);
  cluster_.removePod(id);
}

void Kubelet::nodeFailed(NodeId node) {
  for (PodId id : cluster_.node(node).pods) forget(id);  // every timer of its pods stops
}

void Kubelet::nodeRecovered(NodeId node) {
  std::set<PodId> pods = cluster_.node(node).pods;  // copy: removal edits the node's set
  for (PodId id : pods) {
    const Pod& pod = cluster_.pod(id);
    if (pod.deletion) {
      cluster_.removePod(id);
      continue;
    }
    // The machine rebooted: containers start again and must pass their probes again.
    if (pod.ready) cluster_.setPodReady(id, false);
    podBound(id);
  }
}

}  // namespace kns::models
