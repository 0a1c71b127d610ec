// How a cluster is set up: its network, address ranges, control-plane delays and node pools.
#pragma once

#include <string>
#include <vector>

#include "models/cluster/ip_allocator.h"
#include "models/cluster/node.h"
#include "models/net/ip.h"
#include "models/net/topology.h"
#include "sim/time.h"

namespace kns::models {

// Delays of the control plane's hops. Each hop is an event of its own; the defaults are those of
// a quiet cluster (SEMANTICS §1.10 and §2.2), and every one can be set.
struct ControlPlaneConfig {
  // API watch plus work-queue latency before a workload controller (ReplicaSet, Deployment,
  // StatefulSet) reacts to a change. Not in SEMANTICS: 0 unless set.
  sim::Duration controller_delay{0};
  // Scheduler latency from a pod's creation to its binding.
  sim::Duration scheduling_delay{0};
  // --endpointslice-updates-batch-period: default 0, no batching (SEMANTICS §2.2).
  sim::Duration endpoint_batch_period{0};
  // Watch latency from a written EndpointSlice to its subscribers (kube-proxy, DNS, ingress).
  sim::Duration endpoint_propagation{0};
  // --max-endpoints-per-slice: default 100 (SEMANTICS §2.1).
  int max_endpoints_per_slice = 100;
  // --node-monitor-grace-period: a silent node is marked NotReady after this (50 s since
  // Kubernetes 1.32, 40 s before).
  sim::Duration node_monitor_grace = std::chrono::seconds(50);
  // DefaultTolerationSeconds for node.kubernetes.io/not-ready and unreachable: pods on a
  // NotReady node are evicted this long after it became NotReady.
  sim::Duration not_ready_toleration = std::chrono::seconds(300);
};

struct ClusterConfig {
  NetworkConfig network;
  std::vector<std::string> zones{"zone-a"};
  Cidr cluster_cidr = *Cidr::parse("10.244.0.0/16");  // --cluster-cidr
  int node_cidr_prefix = 24;                          // --node-cidr-mask-size
  Cidr node_network = *Cidr::parse("10.0.0.0/16");    // node InternalIPs
  IpReusePolicy ip_reuse = IpReusePolicy::NextAfterLast;
  // --service-cluster-ip-range (kubeadm's default); the lower 256 addresses are the static band
  // for fixed clusterIPs, dynamic ones are drawn from the rest (SEMANTICS §3.2).
  Cidr service_cidr = *Cidr::parse("10.96.0.0/12");
  // --service-node-port-range 30000-32767; dynamic ports come from above the static band
  // 30000-30085 (SEMANTICS §1.8).
  int node_port_base = 30000;
  int node_port_count = 2768;
  // Where cloud load balancers get their EXTERNAL-IP (TEST-NET-3, a documentation range).
  Cidr load_balancer_pool = *Cidr::parse("203.0.113.0/24");
  ControlPlaneConfig control_plane;
};

// Nodes as the scenario format describes them: `count` nodes named <prefix>0, <prefix>1, ...
// placed on the zones round-robin (node 0 in the first zone, node 1 in the second, ...).
struct NodePoolSpec {
  int count = 1;
  std::string name_prefix = "node-";
  NodeSpec node;  // name and zone are filled in per node
};

}  // namespace kns::models
