#include "reports/report_builder.h"

#include <cmath>

namespace kns::reports {
namespace {

double round6(double value) { return std::round(value * 1e6) / 1e6; }
double seconds(sim::Time t) {
  return round6(static_cast<double>(t.time_since_epoch().count()) * 1e-9);
}

void fillLatency(const LatencyHistogram& h, proto::Latency& out) {
  out.set_mean_ms(std::round(h.mean() / 1e3) / 1e3);
  out.set_p50_ms(toMilliseconds(h.quantile(0.5)));
  out.set_p90_ms(toMilliseconds(h.quantile(0.9)));
  out.set_p99_ms(toMilliseconds(h.quantile(0.99)));
  out.set_p999_ms(toMilliseconds(h.quantile(0.999)));
  out.set_max_ms(toMilliseconds(h.max()));
  out.set_min_ms(toMilliseconds(h.min()));
}

void fillStats(const ScopeStats& s, proto::Scope& out) {
  out.set_requests(s.requests);
  out.set_ok(s.ok());
  out.set_errors(s.errors());
  out.set_error_ratio(
      s.requests == 0 ? 0
                      : round6(static_cast<double>(s.errors()) / static_cast<double>(s.requests)));
  out.set_retries(s.retries);
  if (s.not_sent > 0) out.set_not_sent(s.not_sent);
  if (s.requests > 0 && s.last_end > s.first_start) {
    double span = static_cast<double>((s.last_end - s.first_start).count()) * 1e-9;
    out.set_rps(round6(static_cast<double>(s.requests) / span));
  }
  fillLatency(s.latency, *out.mutable_latency());
  for (int i = 1; i < models::kRequestOutcomeCount; ++i) {
    if (s.outcomes[static_cast<std::size_t>(i)] == 0) continue;
    proto::ErrorCount* e = out.add_errors_by_cause();
    e->set_cause(models::outcomeName(static_cast<models::RequestOutcome>(i)));
    e->set_count(s.outcomes[static_cast<std::size_t>(i)]);
  }
  out.set_stale_endpoint_requests(
      s.outcomes[static_cast<std::size_t>(models::RequestOutcome::StaleEndpoint)]);
}

void fillWindows(const Series& series, sim::Duration window, proto::Scope& out) {
  double window_s = static_cast<double>(window.count()) * 1e-9;
  for (std::size_t i = 0; i < series.windows.size(); ++i) {
    const WindowStats& w = series.windows[i];
    proto::Window* row = out.add_windows();
    row->set_start_s(round6(window_s * static_cast<double>(i)));
    row->set_requests(w.requests);
    row->set_errors(w.errors);
    row->set_rps(round6(static_cast<double>(w.requests) / window_s));
    row->set_p50_ms(toMilliseconds(w.p50));
    row->set_p90_ms(toMilliseconds(w.p90));
    row->set_p99_ms(toMilliseconds(w.p99));
    row->set_max_ms(toMilliseconds(w.max));
    row->set_jain(w.jain < 0 ? -1 : round6(w.jain));
  }
}

}  // namespace

const char* kubenetsimVersion() { return KNS_VERSION; }  // the CMake project version

double toMilliseconds(std::int64_t nanoseconds) {
  return static_cast<double>(std::llround(static_cast<double>(nanoseconds) / 1e3)) / 1e3;
}

proto::Report buildReport(const Recorder& recorder, const RunMetadata& run,
                          const std::vector<SloSpec>& slos) {
  proto::Report report;
  const ClusterFacts* facts = recorder.facts();  // null: scopes by id only
  proto::RunInfo& info = *report.mutable_run();
  info.set_scenario(run.scenario);
  info.set_file(run.file);
  info.set_seed(run.seed);
  info.set_replication(run.replication);
  info.set_version(kubenetsimVersion());
  info.set_duration_s(seconds(sim::Time{run.duration}));
  info.set_simulated_s(seconds(run.simulated));
  info.set_window_s(seconds(sim::Time{recorder.window()}));
  info.set_fingerprint(run.fingerprint);
  info.set_events(run.events);
  info.set_interrupted(run.interrupted);
  info.set_stopped_by(run.stopped_by);
  for (const std::string& o : run.overrides) info.add_overrides(o);

  proto::Scope& whole = *report.add_scopes();
  whole.set_kind("run");
  whole.set_name("run");
  fillStats(recorder.run(), whole);
  fillWindows(recorder.runSeries(), recorder.window(), whole);

  const auto& names = recorder.config().source_names;
  for (std::size_t i = 0; i < recorder.sources().size(); ++i) {
    proto::Scope& s = *report.add_scopes();
    s.set_kind("traffic");
    s.set_name(i < names.size() ? names[i] : "source-" + std::to_string(i));
    fillStats(recorder.sources()[i], s);
    fillWindows(recorder.sourceSeries()[i], recorder.window(), s);
  }

  auto podName = [&](models::PodId pod) {
    const PodFacts* p = facts != nullptr ? facts->pod(pod) : nullptr;
    return p != nullptr ? p->name : "pod-" + std::to_string(pod.value);
  };
  auto podIp = [&](models::PodId pod) {
    auto ip = recorder.podIps().find(pod);
    return ip != recorder.podIps().end() ? ip->second.str() : std::string();
  };
  auto podGone = [&](models::PodId pod) {
    const PodFacts* p = facts != nullptr ? facts->pod(pod) : nullptr;
    return p != nullptr && p->gone;
  };

  for (const auto& [id, service] : recorder.services()) {
    if (service.stats.requests == 0 && service.propagation.empty()) continue;
    proto::Scope& s = *report.add_scopes();
    s.set_kind("service");
    const ServiceFacts* named = facts != nullptr ? facts->service(id) : nullptr;
    s.set_name(named != nullptr ? named->name + "." + named->ns
                                : "service-" + std::to_string(id.value));
    fillStats(service.stats, s);
    Fairness f = recorder.runFairness(id);
    proto::Fairness& fair = *s.mutable_fairness();
    fair.set_endpoints(static_cast<std::uint32_t>(f.endpoints));
    fair.set_jain(round6(f.jain));
    fair.set_cov(round6(f.cov));
    fair.set_max_over_mean(round6(f.max_over_mean));
    if (!service.window_jain.empty()) {
      double sum = 0, least = 1;
      for (double j : service.window_jain) {
        sum += j;
        least = std::min(least, j);
      }
      fair.set_mean_window_jain(round6(sum / static_cast<double>(service.window_jain.size())));
      fair.set_min_window_jain(round6(least));
    } else {
      fair.set_mean_window_jain(1);
      fair.set_min_window_jain(1);
    }
    for (const auto& [pod, count] : service.per_pod) {
      proto::EndpointLoad* e = s.add_endpoints();
      e->set_pod(podName(pod));
      e->set_ip(podIp(pod));
      e->set_requests(count);
      e->set_gone(podGone(pod));
    }
    fillLatency(service.propagation, *s.mutable_endpoint_propagation());
    auto series = recorder.serviceSeries().find(id);
    if (series != recorder.serviceSeries().end()) {
      fillWindows(series->second, recorder.window(), s);
    }
  }
  // Ingresses, then their routes (host and path): what the controllers proxied there.
  auto fillIngress = [&](proto::Scope& s, const IngressRecord& record) {
    fillStats(record.stats, s);
    Fairness f = recorder.fairnessOf(record);
    proto::Fairness& fair = *s.mutable_fairness();
    fair.set_endpoints(static_cast<std::uint32_t>(f.endpoints));
    fair.set_jain(round6(f.jain));
    fair.set_cov(round6(f.cov));
    fair.set_max_over_mean(round6(f.max_over_mean));
    for (const auto& [pod, count] : record.per_pod) {
      proto::EndpointLoad* e = s.add_endpoints();
      e->set_pod(podName(pod));
      e->set_ip(podIp(pod));
      e->set_requests(count);
      e->set_gone(podGone(pod));
    }
  };
  for (const auto& [name, record] : recorder.ingresses()) {
    proto::Scope& s = *report.add_scopes();
    s.set_kind("ingress");
    s.set_name(name);
    fillIngress(s, record);
  }
  for (const auto& [key, record] : recorder.ingressRoutes()) {
    proto::Scope& s = *report.add_scopes();
    s.set_kind("ingress-path");
    std::string name = IngressNames::at(recorder.ingressNames().routes, key.first, key.second);
    s.set_name(!name.empty() ? name
                             : "controller-" + std::to_string(key.first) + " route-" +
                                   std::to_string(key.second));
    fillIngress(s, record);
  }
  for (const auto& [pod, stats] : recorder.pods()) {
    proto::Scope& s = *report.add_scopes();
    s.set_kind("pod");
    s.set_name(podName(pod));
    s.set_ip(podIp(pod));
    s.set_gone(podGone(pod));
    const PodFacts* p = facts != nullptr ? facts->pod(pod) : nullptr;
    if (p != nullptr && p->node.valid()) {
      const NodeFacts* n = facts->node(p->node);
      s.set_node(n != nullptr ? n->name : "node-" + std::to_string(p->node.value));
    }
    fillStats(stats, s);
  }
  for (const auto& [node, stats] : recorder.nodes()) {
    proto::Scope& s = *report.add_scopes();
    s.set_kind("node");
    const NodeFacts* n = facts != nullptr ? facts->node(node) : nullptr;
    s.set_name(n != nullptr ? n->name : "node-" + std::to_string(node.value));
    fillStats(stats, s);
  }
  for (const auto& [zone, stats] : recorder.zones()) {
    proto::Scope& s = *report.add_scopes();
    s.set_kind("zone");
    static const std::vector<std::string> kNoZones;
    const std::vector<std::string>& zones = facts != nullptr ? facts->zones : kNoZones;
    s.set_name(zone >= 0 && static_cast<std::size_t>(zone) < zones.size()
                   ? zones[static_cast<std::size_t>(zone)]
                   : "zone-" + std::to_string(zone));
    fillStats(stats, s);
  }

  for (const auto& [at, event] : run.timeline) {
    proto::TimelineMark* mark = report.add_timeline();
    mark->set_at_s(seconds(at));
    mark->set_event(event);
  }
  const ClusterCounts& c = recorder.cluster();
  proto::ClusterCounts& counts = *report.mutable_cluster();
  counts.set_pods_created(c.pods_created);
  counts.set_pods_ready(c.pods_ready);
  counts.set_pods_deleted(c.pods_deleted);
  counts.set_scheduling_failures(c.scheduling_failures);
  counts.set_node_failures(c.node_failures);
  counts.set_endpoint_versions(c.endpoint_versions);
  counts.set_proxy_syncs(c.proxy_syncs);
  fillLatency(recorder.propagation(), *counts.mutable_endpoint_propagation());

  evaluateSlos(report, slos);
  return report;
}

}  // namespace kns::reports
