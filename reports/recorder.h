// Records a run's telemetry into bounded per-scope statistics, fairness and time series, from
// which report_builder.h makes the Report.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/telemetry.h"
#include "reports/cluster_facts.h"
#include "reports/fairness.h"
#include "reports/id_map.h"
#include "reports/scope_stats.h"

namespace kns::reports {

struct RecorderConfig {
  sim::Duration window = std::chrono::seconds(1);
  // Windows are widened (whole multiples of `window`) so that a run has at most this many:
  // memory stays bounded whatever the run length.
  std::size_t max_windows = 3600;
  sim::Time end = sim::Time{std::chrono::seconds(60)};  // the run's planned end
  std::vector<std::string> source_names;                // traffic sources by index
  // Requests kept whole for the trace: a deterministic sample by request id, and a cap.
  double trace_fraction = 0;
  std::size_t trace_limit = 2000;
};

// Per Service: what its endpoints received and how fast its endpoint changes propagated.
struct ServiceRecord {
  ScopeStats stats;
  std::map<models::PodId, std::uint64_t> per_pod;         // the whole run
  std::map<models::PodId, std::uint64_t> window_per_pod;  // the current window
  std::vector<double> window_jain;                        // closed windows with endpoints
  LatencyHistogram propagation;  // EndpointSlice written -> a kube-proxy programmed it
  std::deque<std::pair<std::uint64_t, sim::Time>> written;  // recent versions, oldest first
};

// Per Ingress route (host and path) or per Ingress: what the controller proxied there.
struct IngressRecord {
  ScopeStats stats;
  std::map<models::PodId, std::uint64_t> per_pod;
  models::ServiceId service;  // the backend, for fairness over its ready endpoints
};

// Names of the ingress controllers' routes: (*routes[controller])[route] and the Ingress of each.
// Pointers to the controllers' own lists, which grow when Ingresses change during a run.
struct IngressNames {
  std::vector<const std::vector<std::string>*> routes;
  std::vector<const std::vector<std::string>*> ingresses;
  // The route's name, or "" when unknown.
  static std::string at(const std::vector<const std::vector<std::string>*>& names,
                        std::uint8_t controller, std::uint16_t route) {
    if (controller >= names.size() || names[controller] == nullptr) return "";
    const std::vector<std::string>& list = *names[controller];
    return route < list.size() ? list[route] : "";
  }
};

// A time series: the windows closed so far and the one being filled.
struct Series {
  std::vector<WindowStats> windows;
  ScopeStats current;
};

struct ClusterCounts {
  std::uint64_t pods_created = 0, pods_ready = 0, pods_deleted = 0, scheduling_failures = 0;
  std::uint64_t node_failures = 0, endpoint_versions = 0, proxy_syncs = 0;
};

class Recorder final : public models::Telemetry {
 public:
  explicit Recorder(RecorderConfig config);

  // Names, nodes, zones and endpoint sets come from the cluster's facts, which the run's
  // FactRecorder fills as events happen (scenarios/fact_recorder.h). Without them scopes are by
  // id only and fairness counts only endpoints that served.
  ClusterFacts& recordFacts() {
    if (!facts_) facts_ = std::make_shared<ClusterFacts>();
    return *facts_;
  }
  const ClusterFacts* facts() const { return facts_.get(); }
  // Names of ingress routes, before the run (records through a controller are kept by route).
  void setIngressNames(IngressNames names) { ingress_names_ = std::move(names); }
  const IngressNames& ingressNames() const { return ingress_names_; }
  // Copies the route names into the facts and reads them there from now on, so the run's
  // controllers may go (called when the run ends; copies share the facts, so they stay valid).
  void keepIngressNames();

  void onPodEvent(const models::PodEvent& e) override;
  void onSchedulingFailed(const models::SchedulingFailedEvent&) override;
  void onNodeEvent(const models::NodeEvent& e) override;
  void onEndpointsEvent(const models::EndpointsEvent& e) override;
  void onRequest(const models::RequestRecord& r) override;
  void onRequestNotSent(sim::Time time, std::uint32_t source) override;
  void onProxySynced(sim::Time time, models::NodeId, models::ServiceId service,
                     std::uint64_t version) override;

  // Closes every window up to `now` (call once at the end, or before reading mid-run).
  void flush(sim::Time now);

  const RecorderConfig& config() const { return config_; }
  sim::Duration window() const { return window_; }

  // User requests (one per request, after its retries): latency from the first try's start.
  const ScopeStats& run() const { return run_; }
  const Series& runSeries() const { return run_series_; }
  const std::vector<ScopeStats>& sources() const { return sources_; }
  const std::vector<Series>& sourceSeries() const { return source_series_; }
  // Attempts, as the components saw them.
  const std::map<models::ServiceId, ServiceRecord>& services() const { return services_.map(); }
  const std::map<models::ServiceId, Series>& serviceSeries() const { return service_series_.map(); }
  const std::map<std::pair<std::uint8_t, std::uint16_t>, IngressRecord>& ingressRoutes() const {
    return ingress_routes_;
  }
  const std::map<std::string, IngressRecord>& ingresses() const { return ingresses_; }
  const std::map<models::PodId, ScopeStats>& pods() const { return pods_.map(); }
  const std::map<models::NodeId, ScopeStats>& nodes() const { return nodes_.map(); }
  const std::map<std::int16_t, ScopeStats>& zones() const { return zones_; }
  const std::map<models::PodId, models::Ipv4>& podIps() const { return pod_ips_; }
  const LatencyHistogram& propagation() const { return propagation_; }
  const ClusterCounts& cluster() const { return cluster_; }
  const std::vector<models::RequestRecord>& traces() const { return traces_; }
  sim::Time lastEvent() const { return last_event_; }

  // Fairness over a Service's endpoints for the whole run: every pod that was a ready endpoint
  // at a window's close or served a request counts, with what it received.
  Fairness runFairness(models::ServiceId service) const;
  // The same over what one Ingress route or Ingress sent (its backend's ready endpoints count).
  Fairness fairnessOf(const IngressRecord& record) const;

 private:
  void closeWindow();
  std::vector<std::uint64_t> endpointLoads(models::ServiceId id,
                                           const std::map<models::PodId, std::uint64_t>& loads,
                                           std::map<models::PodId, bool>* seen) const;
  bool traced(std::uint64_t request_id) const;

  RecorderConfig config_;
  sim::Duration window_;
  sim::Time window_end_;
  // Shared by copies: the GUI copies the recorder for each live report, and the facts (a row
  // per pod) are only ever added to, on the simulation's thread.
  std::shared_ptr<ClusterFacts> facts_;

  ScopeStats run_;
  Series run_series_;
  std::vector<ScopeStats> sources_;
  std::vector<Series> source_series_;
  IdMap<models::ServiceId, ServiceRecord> services_;
  IdMap<models::ServiceId, Series> service_series_;
  std::map<models::ServiceId, std::map<models::PodId, bool>> endpoint_pods_;  // ever ready
  IngressNames ingress_names_;
  std::map<std::pair<std::uint8_t, std::uint16_t>, IngressRecord> ingress_routes_;
  std::map<std::string, IngressRecord> ingresses_;
  IdMap<models::PodId, ScopeStats> pods_;
  IdMap<models::NodeId, ScopeStats> nodes_;
  std::map<std::int16_t, ScopeStats> zones_;
  std::map<models::PodId, models::Ipv4> pod_ips_;
  LatencyHistogram propagation_;
  ClusterCounts cluster_;
  std::vector<models::RequestRecord> traces_;
  sim::Time last_event_{};
};

}  // namespace kns::reports
