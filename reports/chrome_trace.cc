#include "reports/chrome_trace.h"

#include <fmt/format.h>

#include <map>

#include "reports/hop_text.h"

namespace kns::reports {
namespace {

// A JSON string literal.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// Microseconds with nanosecond digits: the trace format's unit.
std::string micros(std::int64_t nanoseconds) {
  return fmt::format("{}.{:03d}", nanoseconds / 1000, static_cast<int>(nanoseconds % 1000));
}

// Tracks are "threads" of one process; ids are handed out in first-use order (deterministic).
class Tracks {
 public:
  int id(const std::string& name) {
    auto [it, added] = ids_.emplace(name, static_cast<int>(ids_.size()) + 1);
    if (added) order_.push_back(name);
    return it->second;
  }
  std::string metadata() const {
    std::string out;
    for (std::size_t i = 0; i < order_.size(); ++i) {
      out += fmt::format(
          ",\n{{\"ph\":\"M\",\"pid\":1,\"tid\":{},\"name\":\"thread_name\",\"args\":{{\"name\":{}}}"
          "}}"
          ",\n{{\"ph\":\"M\",\"pid\":1,\"tid\":{},\"name\":\"thread_sort_index\",\"args\":{{"
          "\"sort_index\":{}}}}}",
          i + 1, quoted(order_[i]), i + 1, i + 1);
    }
    return out;
  }

 private:
  std::map<std::string, int> ids_;
  std::vector<std::string> order_;
};

}  // namespace

std::string chromeTraceJson(const std::vector<models::RequestRecord>& requests,
                            const ClusterFacts* facts, const std::vector<std::string>& sources,
                            const std::vector<std::vector<std::string>>* ingress_routes) {
  auto nodeName = [&](models::NodeId node) {
    if (!node.valid()) return std::string("internet");
    const NodeFacts* n = facts != nullptr ? facts->node(node) : nullptr;
    return n != nullptr ? n->name : "node-" + std::to_string(node.value);
  };
  auto podName = [&](models::PodId pod) {
    if (!pod.valid()) return std::string("(cloud load balancer edge)");
    const PodFacts* p = facts != nullptr ? facts->pod(pod) : nullptr;
    return p != nullptr ? p->name : "pod-" + std::to_string(pod.value);
  };
  Tracks tracks;
  std::string events =
      "{\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":\"kubenetsim\"}}";
  for (const models::RequestRecord& r : requests) {
    std::string source = r.source < sources.size() ? sources[r.source] : "source";
    int client = tracks.id("client " + source);
    events += fmt::format(
        ",\n{{\"ph\":\"X\",\"pid\":1,\"tid\":{},\"ts\":{},\"dur\":{},\"name\":{},\"args\":{{"
        "\"request\":{},\"attempt\":{},\"outcome\":{},\"connection\":{},\"newConnection\":{},"
        "\"client\":{},\"sourceAtPod\":{}}}}}",
        client, micros(r.start.time_since_epoch().count()), micros((r.end - r.start).count()),
        quoted(std::string("request ") + models::outcomeName(r.outcome)), r.id, r.attempt,
        quoted(models::outcomeName(r.outcome)), r.connection, r.new_connection ? "true" : "false",
        quoted(r.client_ip.str()), quoted(r.source_ip_at_pod.str()));
    // Flow arrows from the client's slice through each hop, in order.
    if (r.hop_count == 0) continue;
    events += fmt::format(
        ",\n{{\"ph\":\"s\",\"pid\":1,\"tid\":{},\"ts\":{},\"id\":{},\"name\":\"request\","
        "\"cat\":\"request\"}}",
        client, micros(r.start.time_since_epoch().count()), r.id);
    for (int i = 0; i < r.hop_count; ++i) {
      const models::Hop& h = r.hops[static_cast<std::size_t>(i)];
      std::string track;
      std::string detail;
      std::string route;
      switch (h.kind) {
        case models::HopKind::PodQueue:
        case models::HopKind::PodService:
          track = "pod " + podName(h.pod);
          break;
        case models::HopKind::KubeProxy:
          track = "kube-proxy " + nodeName(h.node);
          break;
        case models::HopKind::Conntrack:
          track = "kube-proxy " + nodeName(h.node);
          break;
        case models::HopKind::Network:
          track = "network";
          detail = nodeName(h.node) + " -> " + nodeName(h.to_node);
          break;
        case models::HopKind::LoadBalancer:
          track = "cloud load balancer";
          break;
        case models::HopKind::Dns:
          track = "dns";
          break;
        case models::HopKind::ExternalHost:
          track = "external host";
          break;
        case models::HopKind::TlsHandshake:
          track = "pod " + podName(h.pod);
          break;
        case models::HopKind::Ingress: {
          track = "pod " + podName(h.pod);
          route = "route " + std::to_string(h.arg);
          if (ingress_routes != nullptr && r.ingress_controller < ingress_routes->size() &&
              h.arg < (*ingress_routes)[r.ingress_controller].size()) {
            route = (*ingress_routes)[r.ingress_controller][h.arg];
          }
          break;
        }
      }
      if (detail.empty()) detail = hopExplanation(h, facts, route);
      int tid = tracks.id(track);
      std::int64_t ts = h.at.time_since_epoch().count();
      events += fmt::format(
          ",\n{{\"ph\":\"X\",\"pid\":1,\"tid\":{},\"ts\":{},\"dur\":{},\"name\":{},\"args\":{{"
          "\"request\":{},\"detail\":{}}}}}",
          tid, micros(ts), micros(h.spent.count()), quoted(hopKindName(h.kind)), r.id,
          quoted(detail));
      events += fmt::format(
          ",\n{{\"ph\":\"{}\",\"pid\":1,\"tid\":{},\"ts\":{},\"id\":{},\"name\":\"request\","
          "\"cat\":\"request\",\"bp\":\"e\"}}",
          i + 1 == r.hop_count ? "f" : "t", tid, micros(ts), r.id);
    }
  }
  return "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n" + events + tracks.metadata() + "\n]}\n";
}

}  // namespace kns::reports
