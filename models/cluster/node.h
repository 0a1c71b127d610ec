// A Kubernetes node: where pods run, with a pod CIDR, capacity and a health state.
#pragma once

#include <set>
#include <string>

#include "models/cluster/ip_allocator.h"
#include "models/ids.h"
#include "models/labels.h"
#include "models/net/ip.h"
#include "models/net/topology.h"

namespace kns::models {

struct NodeSpec {
  std::string name;
  std::string zone;
  int max_pods = 110;         // kubelet's default --max-pods
  int cpu_millicores = 4000;  // allocatable CPU
};

// The labels every node carries (the kubelet sets them): kubernetes.io/hostname, os and arch
// (linux, amd64; also the beta.kubernetes.io ones) and, when the node has a zone,
// topology.kubernetes.io/zone. What nodeSelector and nodeAffinity match.
Labels nodeLabels(const NodeSpec& node);

// What the control plane believes (Ready/NotReady) is kept apart from what is true (up): a node
// that dies is still Ready for the node-monitor grace period. That gap is part of the model.
struct Node {
  NodeId id;
  NodeSpec spec;
  Ipv4 ip;          // InternalIP, from the node network
  Cidr pod_cidr;    // this node's slice of the cluster CIDR
  VertexId vertex;  // where it sits in the topology
  IpAllocator ips;
  bool up = true;         // the machine and its kubelet are running
  bool ready = true;      // the Ready condition the control plane sees
  bool cordoned = false;  // spec.unschedulable
  std::set<PodId> pods;   // pods bound here and not yet deleted
  int cpu_requested = 0;
  std::int16_t zone_index = 0;  // spec.zone's position in ClusterConfig::zones
  Labels labels;                // nodeLabels(spec), worked out once when the node is added

  bool schedulable() const { return ready && !cordoned; }
};

}  // namespace kns::models
