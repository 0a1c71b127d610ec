// Notices dead nodes late, marks them NotReady, and evicts their pods after the toleration.
#pragma once

#include <map>
#include <memory>

#include "models/ids.h"
#include "sim/timer.h"

namespace kns::models {

class ClusterApi;

// The node lifecycle controller's timeline for a node that dies at t:
//   t + node_monitor_grace      node NotReady; every pod on it Ready=False (MarkPodsNotReady);
//   that + not_ready_toleration its pods are evicted (deleted), and their owners replace them.
// Until the first step the control plane still believes the node and its pods are fine. Evicted
// pods stay Terminating while the kubelet is dead.
class NodeLifecycleController {
 public:
  explicit NodeLifecycleController(ClusterApi& cluster);
  ~NodeLifecycleController();
  void nodeFailed(NodeId node);
  void nodeRecovered(NodeId node);

 private:
  struct Watch;
  void markNotReady(NodeId node);
  void evict(NodeId node);

  ClusterApi& cluster_;
  std::map<NodeId, std::unique_ptr<Watch>> watches_;
};

}  // namespace kns::models
