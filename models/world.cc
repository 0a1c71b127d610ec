// The cluster's state and the wiring between its actors.
#include "models/world.h"

#include <algorithm>
#include <stdexcept>

#include "models/cluster/kubelet.h"
#include "models/cluster/scheduler.h"
#include "models/controllers/endpoint_slice_controller.h"
#include "models/controllers/node_lifecycle_controller.h"
#include "models/controllers/workload_controllers.h"
#include "models/net/band_allocator.h"

namespace kns::models {

World::World(sim::Simulator& sim, ClusterConfig config, Telemetry* telemetry)
    : sim_(sim),
      config_(std::move(config)),
      telemetry_(telemetry != nullptr ? telemetry : &null_telemetry_),
      network_(config_.network, config_.zones),
      kubelet_(std::make_unique<Kubelet>(*this)),
      scheduler_(std::make_unique<Scheduler>(*this)),
      controllers_(std::make_unique<WorkloadControllers>(*this)),
      node_lifecycle_(std::make_unique<NodeLifecycleController>(*this)),
      endpoint_slices_(std::make_unique<EndpointSliceController>(*this)) {
  if (config_.zones.empty()) throw std::invalid_argument("a cluster needs at least one zone");
  std::set<std::string> unique(config_.zones.begin(), config_.zones.end());
  if (unique.size() != config_.zones.size()) throw std::invalid_argument("zone names repeat");
}

World::~World() = default;

// --- Building and acting.

NodeId World::addNode(NodeSpec spec) {
  NodeId id{static_cast<std::uint32_t>(nodes_.size())};
  std::optional<Cidr> pod_cidr = config_.cluster_cidr.subnet(config_.node_cidr_prefix, id.value);
  if (!pod_cidr) {
    throw std::invalid_argument("cluster CIDR " + config_.cluster_cidr.str() + " has no /" +
                                std::to_string(config_.node_cidr_prefix) + " left for node " +
                                spec.name);
  }
  if (id.value + 2 >= config_.node_network.size()) {
    throw std::invalid_argument("node network " + config_.node_network.str() + " is full");
  }
  if (findNode(spec.name).valid()) throw std::invalid_argument("duplicate node " + spec.name);
  VertexId vertex = network_.addNode(spec.name, spec.zone);
  Ipv4 ip = config_.node_network.at(id.value + 2);  // .1 is the network's gateway
  Node node{id,     std::move(spec),
            ip,     *pod_cidr,
            vertex, IpAllocator(*pod_cidr, config_.ip_reuse),
            true,   true,
            false,  {},
            0,      0,
            {}};
  node.zone_index = zoneIndex(node.spec.zone);
  node.labels = nodeLabels(node.spec);
  nodes_.push_back(std::move(node));
  telemetry_->onNodeEvent({now(), NodeEventKind::Ready, id});
  scheduler_->retryWaiting();
  return id;
}

std::vector<NodeId> World::addNodePool(const NodePoolSpec& pool) {
  std::vector<NodeId> ids;
  for (int i = 0; i < pool.count; ++i) {
    NodeSpec spec = pool.node;
    spec.name = pool.name_prefix + std::to_string(i);
    spec.zone = config_.zones[static_cast<std::size_t>(i) % config_.zones.size()];
    ids.push_back(addNode(std::move(spec)));
  }
  return ids;
}

WorkloadId World::createWorkload(WorkloadSpec spec) {
  if (spec.replicas < 0) throw std::invalid_argument("replicas must be >= 0");
  if (findWorkload(spec.name, spec.ns).valid()) {
    throw std::invalid_argument("duplicate workload " + spec.ns + "/" + spec.name);
  }
  WorkloadId id{static_cast<std::uint32_t>(workloads_.size())};
  workloads_.push_back(Workload{id, std::move(spec), WorkloadId{}, {}, now()});
  controllers_->enqueue(id);
  return id;
}

WorkloadId World::addChildWorkload(WorkloadId owner, WorkloadSpec spec) {
  WorkloadId id{static_cast<std::uint32_t>(workloads_.size())};
  workloads_.push_back(Workload{id, std::move(spec), owner, {}, now()});
  workloads_[owner.value].children.push_back(id);
  controllers_->enqueue(id);
  return id;
}

ServiceId World::createService(ServiceSpec spec) {
  if (findService(spec.name, spec.ns).valid()) {
    throw std::invalid_argument("duplicate Service " + spec.ns + "/" + spec.name);
  }
  ServiceId id{static_cast<std::uint32_t>(services_.size())};
  Service service{id, std::move(spec), std::nullopt, std::nullopt};
  allocateServiceAddresses(service);
  services_.push_back(std::move(service));
  indexSelector(services_.back());
  endpoint_slices_->serviceChanged(id);
  return id;
}

void World::allocateServiceAddresses(Service& service) {
  ServiceSpec& spec = service.spec;
  if (spec.type == ServiceType::ExternalName) return;  // DNS only: no IP, no ports
  sim::RandomStream& rng = sim_.stream("apiserver/allocators");
  if (!spec.headless) {
    const Cidr& range = config_.service_cidr;
    if (spec.cluster_ip) {
      if (!range.contains(*spec.cluster_ip) || used_cluster_ips_.count(spec.cluster_ip->value)) {
        throw std::invalid_argument("clusterIP " + spec.cluster_ip->str() + " of Service " +
                                    spec.name + " is outside " + range.str() + " or taken");
      }
      service.cluster_ip = spec.cluster_ip;
    } else {
      // The static band is the first min(max(16, size/16), 256) addresses; the network and
      // broadcast addresses are never given out.
      std::uint64_t band =
          std::min<std::uint64_t>(std::max<std::uint64_t>(16, range.size() / 16), 256);
      Bands bands{1, static_cast<std::int64_t>(range.size()) - 2,
                  static_cast<std::int64_t>(band) - 1};
      std::optional<std::int64_t> offset;
      if (used_cluster_ips_.size() + 2 < range.size()) {
        offset = allocateFromBands(
            bands,
            [&](std::int64_t at) {
              return used_cluster_ips_.count(range.at(static_cast<std::uint64_t>(at)).value) > 0;
            },
            rng);
      }
      if (!offset) {
        throw std::invalid_argument("service CIDR " + range.str() + " is full: every one of its " +
                                    std::to_string(range.size() - 2) +
                                    " addresses has a Service; use a larger CIDR");
      }
      Ipv4 ip = range.at(static_cast<std::uint64_t>(*offset));
      service.cluster_ip = ip;
    }
    used_cluster_ips_.insert(service.cluster_ip->value);
  }
  if (spec.type == ServiceType::NodePort || spec.type == ServiceType::LoadBalancer) {
    int static_band = std::min(std::max(16, config_.node_port_count / 32), 128);
    for (ServicePort& port : spec.ports) {
      if (port.node_port != 0) {
        int last = config_.node_port_base + config_.node_port_count - 1;
        if (port.node_port < config_.node_port_base || port.node_port > last) {
          // The API server's words (service registry's port allocator).
          throw NodePortRefused(
              port.node_port,
              "nodePort " + std::to_string(port.node_port) + " of Service " + spec.name +
                  ": provided port is not in the valid range. The range of "
                  "valid ports is " +
                  std::to_string(config_.node_port_base) + "-" + std::to_string(last));
        }
        if (used_node_ports_.count(port.node_port)) {
          throw NodePortRefused(port.node_port, "nodePort " + std::to_string(port.node_port) +
                                                    " of Service " + spec.name +
                                                    ": provided port is already allocated");
        }
      } else {
        Bands bands{config_.node_port_base, config_.node_port_base + config_.node_port_count - 1,
                    static_band};
        std::optional<std::int64_t> free = allocateFromBands(
            bands, [&](std::int64_t p) { return used_node_ports_.count(static_cast<int>(p)) > 0; },
            rng);
        if (!free) {
          throw std::invalid_argument(
              "node port range " + std::to_string(config_.node_port_base) + "-" +
              std::to_string(config_.node_port_base + config_.node_port_count - 1) +
              " is full: Service " + spec.name + " needs one more port; use a larger range");
        }
        port.node_port = static_cast<int>(*free);
      }
      used_node_ports_.insert(port.node_port);
    }
  }
  if (spec.type == ServiceType::LoadBalancer) {
    // One address per load balancer, in creation order.
    std::uint64_t index = 1;
    for (const Service& other : services_) index += other.external_ip.has_value();
    if (index + 1 >= config_.load_balancer_pool.size()) {
      throw std::invalid_argument("load balancer address pool is full");
    }
    service.external_ip = config_.load_balancer_pool.at(index);
  }
}

void World::updateService(ServiceId id, ServiceSpec next) {
  Service& current = services_.at(id.value);
  const ServiceSpec& old = current.spec;
  if (next.name != old.name || next.ns != old.ns) {
    throw std::invalid_argument("an update cannot rename Service " + old.ns + "/" + old.name);
  }
  if (next.headless != old.headless ||
      (next.cluster_ip && current.cluster_ip && *next.cluster_ip != *current.cluster_ip)) {
    throw std::invalid_argument("spec.clusterIP of Service " + old.name + " is immutable");
  }
  if ((next.type == ServiceType::ExternalName) != (old.type == ServiceType::ExternalName)) {
    throw std::invalid_argument("changing Service " + old.name +
                                " to or from ExternalName is not simulated");
  }
  for (ServicePort& port : next.ports) {
    for (const ServicePort& before : old.ports) {
      if (port.node_port == 0 && before.port == port.port) port.node_port = before.node_port;
    }
  }
  // Allocate again from the sets without this Service's own addresses; restore them on failure.
  auto cluster_ips = used_cluster_ips_;
  auto node_ports = used_node_ports_;
  if (current.cluster_ip) used_cluster_ips_.erase(current.cluster_ip->value);
  for (const ServicePort& port : old.ports) used_node_ports_.erase(port.node_port);
  next.cluster_ip = current.cluster_ip;
  Service updated{id, std::move(next), std::nullopt, std::nullopt};
  try {
    allocateServiceAddresses(updated);
  } catch (const std::invalid_argument&) {
    used_cluster_ips_ = std::move(cluster_ips);
    used_node_ports_ = std::move(node_ports);
    throw;
  }
  if (updated.spec.type == ServiceType::LoadBalancer && current.external_ip) {
    updated.external_ip = current.external_ip;
  }
  if (updated.spec.type != ServiceType::NodePort &&
      updated.spec.type != ServiceType::LoadBalancer) {
    for (ServicePort& port : updated.spec.ports) port.node_port = 0;
  }
  current = std::move(updated);
  indexSelector(current);
  endpoint_slices_->serviceChanged(id);
}

void World::indexSelector(const Service& service) {
  // A Service without a selector, or with an empty one, selects no pods (SEMANTICS §2.3).
  label_index_.setServiceSelector(service.id, service.spec.ns,
                                  service.spec.has_selector ? service.spec.selector : Labels{});
}

ServiceId World::findService(const std::string& name, const std::string& ns) const {
  for (const Service& s : services_) {
    if (s.spec.name == name && s.spec.ns == ns) return s.id;
  }
  return ServiceId{};
}

void World::scale(WorkloadId workload, int replicas) {
  if (replicas < 0) throw std::invalid_argument("replicas must be >= 0");
  workloads_.at(workload.value).spec.replicas = replicas;
  controllers_->enqueue(workload);
}

void World::rollout(WorkloadId workload, PodTemplate pod) {
  Workload& w = workloads_.at(workload.value);
  if (pod.revision == w.spec.pod.revision) {
    pod.revision = std::to_string(w.children.size() + 1 + std::stoul("0" + w.spec.pod.revision));
  }
  w.spec.pod = std::move(pod);
  controllers_->enqueue(workload);
}

void World::deletePod(PodId id) {
  Pod& pod = pods_.at(id.value);
  if (pod.gone || pod.deletion) return;
  markPodDeleted(id);
  kubelet_->podDeleted(id);
}

void World::setPodHealthy(PodId id, bool healthy) { pods_.at(id.value).healthy = healthy; }

void World::failNode(NodeId id) {
  Node& node = nodes_.at(id.value);
  if (!node.up) return;
  node.up = false;
  network_.topology().setVertexUp(node.vertex, false);
  telemetry_->onNodeEvent({now(), NodeEventKind::Failed, id});
  kubelet_->nodeFailed(id);
  node_lifecycle_->nodeFailed(id);
}

void World::recoverNode(NodeId id) {
  Node& node = nodes_.at(id.value);
  if (node.up) return;
  node.up = true;
  network_.topology().setVertexUp(node.vertex, true);
  telemetry_->onNodeEvent({now(), NodeEventKind::Recovered, id});
  node_lifecycle_->nodeRecovered(id);
  kubelet_->nodeRecovered(id);
}

void World::cordon(NodeId id, bool cordoned) {
  Node& node = nodes_.at(id.value);
  if (node.cordoned == cordoned) return;
  node.cordoned = cordoned;
  telemetry_->onNodeEvent(
      {now(), cordoned ? NodeEventKind::Cordoned : NodeEventKind::Uncordoned, id});
  if (!cordoned) scheduler_->retryWaiting();
}

void World::drain(NodeId id) {
  cordon(id, true);
  std::set<PodId> pods = nodes_.at(id.value).pods;
  for (PodId pod : pods) deletePod(pod);
}

void World::subscribe(EndpointsSubscriber* subscriber) { endpoint_slices_->subscribe(subscriber); }

// --- Queries.

NodeId World::findNode(const std::string& name) const {
  for (const Node& node : nodes_) {
    if (node.spec.name == name) return node.id;
  }
  return NodeId{};
}

std::int16_t World::zoneIndex(const std::string& zone) const {
  for (std::size_t i = 0; i < config_.zones.size(); ++i) {
    if (config_.zones[i] == zone) return static_cast<std::int16_t>(i);
  }
  return -1;
}

WorkloadId World::findWorkload(const std::string& name, const std::string& ns) const {
  for (const Workload& w : workloads_) {
    if (w.spec.name == name && w.spec.ns == ns && !w.owner.valid()) return w.id;
  }
  return WorkloadId{};
}

const std::set<PodId>& World::ownedPods(WorkloadId owner) const {
  static const std::set<PodId> kNone;
  auto it = owned_pods_.find(owner);
  return it == owned_pods_.end() ? kNone : it->second;
}

std::vector<PodId> World::podsOf(WorkloadId workload) const {
  std::vector<PodId> result;
  const Workload& w = workloads_.at(workload.value);
  for (PodId pod : ownedPods(workload)) result.push_back(pod);
  for (WorkloadId child : w.children) {
    for (PodId pod : ownedPods(child)) result.push_back(pod);
  }
  std::sort(result.begin(), result.end());
  return result;
}

EndpointsSnapshot World::endpoints(ServiceId service) const {
  return endpoint_slices_->current(service);
}

// --- Mutations for the actors.

PodId World::createPod(WorkloadId owner, const std::string& name, const PodTemplate& spec) {
  PodId id{static_cast<std::uint32_t>(pods_.size())};
  Pod pod;
  pod.id = id;
  pod.name = name;
  pod.ns = owner.valid() ? workloads_[owner.value].spec.ns : "default";
  pod.labels = spec.labels;
  pod.owner = owner;
  pod.spec = spec;
  pod.created = now();
  pods_.push_back(std::move(pod));
  if (owner.valid()) owned_pods_[owner].insert(id);
  live_pods_.insert(id);
  label_index_.addPod(id, pods_.back().ns, pods_.back().labels);
  telemetry_->onPodEvent({now(), PodEventKind::Created, id, NodeId{}, std::nullopt});
  scheduler_->enqueue(id);
  podChanged(id);
  return id;
}

void World::bindPod(PodId id, NodeId node_id, Ipv4 ip) {
  Pod& pod = pods_.at(id.value);
  Node& node = nodes_.at(node_id.value);
  pod.node = node_id;
  pod.ip = ip;
  ipOwnerSlot(ip) = id;
  node.pods.insert(id);
  node.cpu_requested += pod.spec.cpu_millicores;
  scheduler_->podBound(id);
  telemetry_->onPodEvent({now(), PodEventKind::Scheduled, id, node_id, ip});
  kubelet_->podBound(id);
  podChanged(id);
}

void World::setPodRunning(PodId id) {
  Pod& pod = pods_.at(id.value);
  pod.phase = PodPhase::Running;
  telemetry_->onPodEvent({now(), PodEventKind::Running, id, pod.node, pod.ip});
  podChanged(id);
}

void World::setPodReady(PodId id, bool ready) {
  Pod& pod = pods_.at(id.value);
  if (pod.ready == ready) return;
  pod.ready = ready;
  pod.ready_since = ready ? std::optional<sim::Time>(now()) : std::nullopt;
  telemetry_->onPodEvent(
      {now(), ready ? PodEventKind::Ready : PodEventKind::NotReady, id, pod.node, pod.ip});
  podChanged(id);
}

void World::markPodDeleted(PodId id) {
  Pod& pod = pods_.at(id.value);
  pod.deletion = now();
  scheduler_->podReleased(id);
  telemetry_->onPodEvent({now(), PodEventKind::Terminating, id, pod.node, pod.ip});
  podChanged(id);
}

void World::removePod(PodId id) {
  Pod& pod = pods_.at(id.value);
  if (pod.gone) return;
  pod.gone = true;
  if (!pod.deletion) pod.deletion = now();
  if (pod.node.valid()) {
    Node& node = nodes_.at(pod.node.value);
    node.pods.erase(id);
    node.cpu_requested -= pod.spec.cpu_millicores;
    if (pod.ip) {
      node.ips.release(*pod.ip);
      if (podAt(*pod.ip) == id) ipOwnerSlot(*pod.ip) = PodId{};
    }
  }
  if (pod.owner.valid()) owned_pods_[pod.owner].erase(id);
  live_pods_.erase(id);
  label_index_.removePod(id);
  scheduler_->podReleased(id);
  telemetry_->onPodEvent({now(), PodEventKind::Deleted, id, pod.node, pod.ip});
  podChanged(id);
  scheduler_->retryWaiting();  // room and an address were freed
}

void World::setNodeReady(NodeId id, bool ready) {
  Node& node = nodes_.at(id.value);
  if (node.ready == ready) return;
  node.ready = ready;
  telemetry_->onNodeEvent({now(), ready ? NodeEventKind::Ready : NodeEventKind::NotReady, id});
  if (ready) scheduler_->retryWaiting();
}

PodId World::podAt(Ipv4 ip) const {
  if (config_.cluster_cidr.contains(ip)) {
    std::uint32_t offset = ip.value - config_.cluster_cidr.base.value;
    return offset < ip_owner_in_cidr_.size() ? ip_owner_in_cidr_[offset] : PodId{};
  }
  auto it = ip_owner_elsewhere_.find(ip.value);
  return it == ip_owner_elsewhere_.end() ? PodId{} : it->second;
}

// Pod IPs come from the nodes' blocks in the cluster CIDR: a vector by offset there (grown to
// the highest address used, a few MB at 5,000 nodes) finds the owner with one index; an address
// elsewhere goes to a hash map.
PodId& World::ipOwnerSlot(Ipv4 ip) {
  if (config_.cluster_cidr.contains(ip)) {
    std::uint32_t offset = ip.value - config_.cluster_cidr.base.value;
    if (ip_owner_in_cidr_.size() <= offset) ip_owner_in_cidr_.resize(offset + 1);
    return ip_owner_in_cidr_[offset];
  }
  return ip_owner_elsewhere_[ip.value];
}

void World::podChanged(PodId id) {
  const Pod& pod = pods_[id.value];
  for (PodWatcher* watcher : pod_watchers_) watcher->onPodChanged(pod);
  if (pod.owner.valid()) {
    controllers_->enqueue(pod.owner);
    WorkloadId grand_owner = workloads_[pod.owner.value].owner;
    if (grand_owner.valid()) controllers_->enqueue(grand_owner);
  }
  endpoint_slices_->podChanged(id);
}

}  // namespace kns::models
