// What the GUI draws at one moment: an immutable copy of the simulation's state, made on the
// simulation's thread and handed to the UI (which never touches the live simulation). Plain data,
// no Qt, so the builder and the replay logic are tested without a display.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/traffic/request.h"
#include "reports/report.pb.h"
#include "scenarios/kubectl_get.h"
#include "sim/time.h"

namespace kns::gui {

// The colours of the topology view: kubectl's STATUS, folded to what matters for traffic.
enum class PodState { Pending, Ready, NotReady, Terminating };
const char* podStateName(PodState state);

struct PodView {
  std::uint32_t id = 0;
  std::string name;
  std::string ns;
  std::string ip;  // "" before the sandbox has one
  std::string workload;
  int node = -1;  // index into Snapshot::nodes, -1 while Pending
  PodState state = PodState::Pending;
  bool ingress_controller = false;  // one of an ingress controller's pods
};

struct NodeView {
  std::uint32_t id = 0;
  std::string name;
  std::string zone;
  std::string ip;
  int zone_index = 0;
  bool ready = true;  // what the control plane believes
  bool up = true;     // what is true
  bool cordoned = false;
  std::vector<std::uint32_t> pods;  // ids of live pods bound here, in id order
};

struct ServiceView {
  std::uint32_t id = 0;
  std::string name;
  std::string ns;
  std::string type;  // ClusterIP, NodePort, LoadBalancer, ExternalName, Headless
  std::string cluster_ip;
  std::string external;  // LoadBalancer EXTERNAL-IP or ExternalName target
  std::size_t endpoints = 0;
  std::size_t ready = 0;
  std::vector<std::uint32_t> ready_pods;  // pods of ready endpoints (the controller's view)
};

struct IngressControllerView {
  std::string name;
  std::string ingress_class;
  bool cloud = false;
  std::string address;                 // its load balancer's address, if any
  std::vector<std::uint32_t> pods;     // controller pods (none for a cloud L7)
  std::vector<std::string> ingresses;  // "ns/name" it serves
};

// A titled block of the inspector: a table, or lines of text (or both).
struct Section {
  std::string title;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> lines;
};

// What the user clicked. Requests are by request id, the rest by model id (ingresses by the
// controller index and the Ingress's "ns/name").
struct Selection {
  enum class Kind { None, Pod, Node, Service, Ingress, Request };
  Kind kind = Kind::None;
  std::uint64_t id = 0;
  std::string name;
  bool operator==(const Selection&) const = default;
};

struct Inspector {
  std::string title;
  std::vector<Section> sections;
};

// Requests that failed, by cause, per report window.
struct ErrorWindow {
  double start_s = 0;
  std::array<std::uint64_t, models::kRequestOutcomeCount> counts{};
};

struct Snapshot {
  std::uint64_t serial = 0;  // increases with every snapshot the session makes
  std::string scenario;
  std::string file;
  std::uint64_t seed = 1;
  sim::Time time{};
  sim::Time end{};
  std::uint64_t events = 0;
  std::string fingerprint;  // of every event executed so far (sim::Fingerprint)
  bool finished = false;

  std::vector<std::string> zones;
  std::vector<NodeView> nodes;
  std::vector<PodView> pods;  // live pods in id order
  std::vector<ServiceView> services;
  std::vector<IngressControllerView> ingress_controllers;
  std::vector<std::string> sources;  // traffic sources by index
  bool internet_clients = false;     // some traffic comes from outside the cluster

  // Requests in flight with their hops so far (a deterministic sample when there are many).
  std::vector<models::RequestRecord> in_flight;
  std::uint64_t in_flight_total = 0;
  std::vector<models::RequestRecord> recent;  // the last finished requests, oldest first

  // Report of the run so far (rebuilt at a lower rate than snapshots; shared between them).
  std::shared_ptr<const reports::proto::Report> report;
  std::vector<ErrorWindow> errors;
  std::vector<std::pair<double, std::string>> timeline;  // marks, seconds

  Selection selection;
  Inspector inspector;
  // The `kubectl get` table the table panel shows.
  std::string table_kind = "pods";
  scenarios::ResourceTable table;

  const PodView* findPod(std::uint32_t id) const;
  int podIndex(std::uint32_t id) const;
  // Every field but `serial` in one canonical text: equal digests mean equal states (what
  // stepping back is tested with).
  std::string digest() const;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

}  // namespace kns::gui
