#include "reports/recorder.h"

#include <algorithm>

namespace kns::reports {
namespace {

constexpr std::size_t kVersionsKept = 64;  // endpoint versions remembered per Service

std::uint64_t splitMix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

Recorder::Recorder(RecorderConfig config) : config_(std::move(config)) {
  // Whole multiples of the asked window, so that the run has at most max_windows of them.
  std::int64_t base = std::max<std::int64_t>(config_.window.count(), 1);
  std::int64_t span = std::max<std::int64_t>(config_.end.time_since_epoch().count(), base);
  std::int64_t max_windows =
      static_cast<std::int64_t>(std::max<std::size_t>(config_.max_windows, 1));
  std::int64_t multiple = (span / base + max_windows - 1) / max_windows;
  window_ = sim::Duration{base * std::max<std::int64_t>(multiple, 1)};
  window_end_ = sim::Time{window_};
  sources_.resize(config_.source_names.size());
  source_series_.resize(config_.source_names.size());
}

bool Recorder::traced(std::uint64_t request_id) const {
  if (config_.trace_fraction <= 0 || traces_.size() >= config_.trace_limit) return false;
  // The top 53 bits of a hash of the id, as a fraction: the same requests on every run.
  double u = static_cast<double>(splitMix64(request_id) >> 11) * 0x1.0p-53;
  return u < config_.trace_fraction;
}

void Recorder::onRequestNotSent(sim::Time, std::uint32_t source) {
  ++run_.not_sent;
  if (source < sources_.size()) ++sources_[source].not_sent;
}

void Recorder::onRequest(const models::RequestRecord& r) {
  flush(r.end);
  last_event_ = std::max(last_event_, r.end);
  if (traced(r.id)) traces_.push_back(r);

  // Components see each attempt.
  if (r.service.valid()) {
    ServiceRecord& s = services_[r.service];
    s.stats.add(r.outcome, r.start, r.end);
    service_series_[r.service].current.add(r.outcome, r.start, r.end);
    if (r.pod.valid()) {
      ++s.per_pod[r.pod];
      ++s.window_per_pod[r.pod];
    }
  }
  if (r.ingress_controller != 0xFF) {
    auto add = [&](IngressRecord& record) {
      record.stats.add(r.outcome, r.start, r.end);
      if (r.pod.valid()) ++record.per_pod[r.pod];
      if (r.service.valid()) record.service = r.service;
    };
    add(ingress_routes_[{r.ingress_controller, r.ingress_route}]);
    std::string ingress =
        IngressNames::at(ingress_names_.ingresses, r.ingress_controller, r.ingress_route);
    if (!ingress.empty()) add(ingresses_[ingress]);
  }
  if (r.pod.valid()) {
    pods_[r.pod].add(r.outcome, r.start, r.end);
    const PodFacts* pod = facts_ ? facts_->pod(r.pod) : nullptr;
    if (pod != nullptr && pod->node.valid()) {
      nodes_[pod->node].add(r.outcome, r.start, r.end);
      const NodeFacts* node = facts_->node(pod->node);
      zones_[node != nullptr ? node->zone : std::int16_t{-1}].add(r.outcome, r.start, r.end);
    }
  }

  // The user sees one request: the last attempt decides, timed from the first one's start.
  if (r.retried) {
    ++run_.retries;
    if (r.source < sources_.size()) ++sources_[r.source].retries;
    return;
  }
  run_.add(r.outcome, r.first_start, r.end);
  run_series_.current.add(r.outcome, r.first_start, r.end);
  if (r.source < sources_.size()) {
    sources_[r.source].add(r.outcome, r.first_start, r.end);
    source_series_[r.source].current.add(r.outcome, r.first_start, r.end);
  }
}

void Recorder::keepIngressNames() {
  auto keep = [](const std::vector<const std::vector<std::string>*>& from,
                 std::vector<std::vector<std::string>>& to) {
    to.clear();
    for (const auto* list : from)
      to.push_back(list != nullptr ? *list : std::vector<std::string>{});
  };
  ClusterFacts& facts = recordFacts();
  keep(ingress_names_.routes, facts.ingress_routes);
  keep(ingress_names_.ingresses, facts.ingress_names);
  IngressNames kept;
  for (const auto& list : facts.ingress_routes) kept.routes.push_back(&list);
  for (const auto& list : facts.ingress_names) kept.ingresses.push_back(&list);
  ingress_names_ = std::move(kept);
}

void Recorder::flush(sim::Time now) {
  while (now >= window_end_) closeWindow();
}

std::vector<std::uint64_t> Recorder::endpointLoads(
    models::ServiceId id, const std::map<models::PodId, std::uint64_t>& loads,
    std::map<models::PodId, bool>* seen) const {
  std::map<models::PodId, std::uint64_t> all = loads;
  if (const ServiceFacts* service = facts_ ? facts_->service(id) : nullptr) {
    for (models::PodId pod : service->ready_pods) {
      all.emplace(pod, 0);
      if (seen != nullptr) (*seen)[pod] = true;
    }
  }
  std::vector<std::uint64_t> out;
  out.reserve(all.size());
  for (const auto& [pod, count] : all) out.push_back(count);
  return out;
}

void Recorder::closeWindow() {
  run_series_.windows.push_back(WindowStats::of(run_series_.current));
  run_series_.current = ScopeStats{};
  for (Series& s : source_series_) {
    s.windows.push_back(WindowStats::of(s.current));
    s.current = ScopeStats{};
  }
  for (auto& [id, series] : service_series_) {
    ServiceRecord& service = services_[id];
    WindowStats w = WindowStats::of(series.current);
    std::vector<std::uint64_t> loads =
        endpointLoads(id, service.window_per_pod, &endpoint_pods_[id]);
    if (!loads.empty()) {
      w.jain = reports::fairnessOf(loads).jain;
      service.window_jain.push_back(w.jain);
    }
    // A Service first seen after some windows gets empty rows for them, so rows line up.
    series.windows.resize(run_series_.windows.size() - 1);
    series.windows.push_back(w);
    series.current = ScopeStats{};
    service.window_per_pod.clear();
  }
  window_end_ += window_;
}

Fairness Recorder::runFairness(models::ServiceId id) const {
  const ServiceRecord* service = services_.find(id);
  if (service == nullptr) return {};
  std::map<models::PodId, std::uint64_t> all = service->per_pod;
  auto ever = endpoint_pods_.find(id);
  if (ever != endpoint_pods_.end()) {
    for (const auto& [pod, ready] : ever->second) all.emplace(pod, 0);
  }
  std::vector<std::uint64_t> loads;
  for (const auto& [pod, count] : all) loads.push_back(count);
  return reports::fairnessOf(loads);
}

Fairness Recorder::fairnessOf(const IngressRecord& record) const {
  if (!record.service.valid()) return reports::fairnessOf(std::vector<std::uint64_t>{});
  std::map<models::PodId, std::uint64_t> all = record.per_pod;
  auto ever = endpoint_pods_.find(record.service);
  if (ever != endpoint_pods_.end()) {
    for (const auto& [pod, ready] : ever->second) all.emplace(pod, 0);
  }
  std::vector<std::uint64_t> loads;
  for (const auto& [pod, count] : all) loads.push_back(count);
  return reports::fairnessOf(loads);
}

void Recorder::onPodEvent(const models::PodEvent& e) {
  switch (e.kind) {
    case models::PodEventKind::Created:
      ++cluster_.pods_created;
      break;
    case models::PodEventKind::Scheduled:
      if (e.ip) pod_ips_[e.pod] = *e.ip;
      break;
    case models::PodEventKind::Ready:
      ++cluster_.pods_ready;
      break;
    case models::PodEventKind::Deleted:
      ++cluster_.pods_deleted;
      break;
    default:
      break;
  }
}

void Recorder::onSchedulingFailed(const models::SchedulingFailedEvent&) {
  ++cluster_.scheduling_failures;
}

void Recorder::onNodeEvent(const models::NodeEvent& e) {
  if (e.kind == models::NodeEventKind::Failed) ++cluster_.node_failures;
}

void Recorder::onEndpointsEvent(const models::EndpointsEvent& e) {
  if (e.kind != models::EndpointsEventKind::Written) return;
  ++cluster_.endpoint_versions;
  auto& written = services_[e.service].written;
  written.emplace_back(e.version, e.time);
  if (written.size() > kVersionsKept) written.pop_front();
}

void Recorder::onProxySynced(sim::Time time, models::NodeId, models::ServiceId service,
                             std::uint64_t version) {
  ++cluster_.proxy_syncs;
  ServiceRecord* record = services_.find(service);
  if (record == nullptr) return;
  for (const auto& [v, written] : record->written) {
    if (v != version) continue;
    record->propagation.add((time - written).count());
    propagation_.add((time - written).count());
    return;
  }
}

}  // namespace kns::reports
