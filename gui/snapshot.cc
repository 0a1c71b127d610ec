#include "gui/snapshot.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace kns::gui {
namespace {

void digestRecord(const models::RequestRecord& r, std::string& out) {
  out += fmt::format("req {} src {} conn {} att {} out {} start {} end {} pod {} hops", r.id,
                     r.source, r.connection, r.attempt, static_cast<int>(r.outcome),
                     r.start.time_since_epoch().count(), r.end.time_since_epoch().count(),
                     r.pod.value, r.hop_count);
  for (int i = 0; i < r.hop_count; ++i) {
    const models::Hop& h = r.hops[static_cast<std::size_t>(i)];
    out += fmt::format(" {}/{}/{}/{}/{}/{}/{}/{}/{}", static_cast<int>(h.kind),
                       static_cast<int>(h.rule), h.arg, h.count, h.node.value, h.chosen.value,
                       h.pod.value, h.at.time_since_epoch().count(), h.spent.count());
  }
  out += "\n";
}

}  // namespace

const PodView* Snapshot::findPod(std::uint32_t id) const {
  int i = podIndex(id);
  return i < 0 ? nullptr : &pods[static_cast<std::size_t>(i)];
}

int Snapshot::podIndex(std::uint32_t id) const {
  auto it = std::lower_bound(pods.begin(), pods.end(), id,
                             [](const PodView& p, std::uint32_t v) { return p.id < v; });
  return it != pods.end() && it->id == id ? static_cast<int>(it - pods.begin()) : -1;
}

std::string Snapshot::digest() const {
  std::string out = fmt::format("{} {} seed {} t {} end {} events {} fp {} finished {}\n", scenario,
                                file, seed, time.time_since_epoch().count(),
                                end.time_since_epoch().count(), events, fingerprint, finished);
  for (const NodeView& n : nodes) {
    out += fmt::format("node {} {} {} {} {} {} {} pods", n.id, n.name, n.zone, n.ip, n.ready, n.up,
                       n.cordoned);
    for (std::uint32_t p : n.pods) out += fmt::format(" {}", p);
    out += "\n";
  }
  for (const PodView& p : pods) {
    out += fmt::format("pod {} {}/{} {} {} node {} {} {}\n", p.id, p.ns, p.name, p.ip, p.workload,
                       p.node, podStateName(p.state), p.ingress_controller);
  }
  for (const ServiceView& v : services) {
    out += fmt::format("svc {} {}/{} {} {} {} {}/{} pods", v.id, v.ns, v.name, v.type, v.cluster_ip,
                       v.external, v.ready, v.endpoints);
    for (std::uint32_t p : v.ready_pods) out += fmt::format(" {}", p);
    out += "\n";
  }
  for (const IngressControllerView& c : ingress_controllers) {
    out += fmt::format("ingress-controller {} {} {} {} pods {} ingresses {}\n", c.name,
                       c.ingress_class, c.cloud, c.address, c.pods.size(), c.ingresses.size());
  }
  out += fmt::format("in flight {} (drawn {})\n", in_flight_total, in_flight.size());
  for (const auto& r : in_flight) digestRecord(r, out);
  out += "recent\n";
  for (const auto& r : recent) digestRecord(r, out);
  for (const ErrorWindow& w : errors) {
    out += fmt::format("errors {}", w.start_s);
    for (std::uint64_t c : w.counts) out += fmt::format(" {}", c);
    out += "\n";
  }
  // The report is rebuilt at a lower rate than snapshots: only which moment it describes counts.
  if (report) out += fmt::format("report at {}\n", report->run().simulated_s());
  out += fmt::format("selection {} {} {}\n", static_cast<int>(selection.kind), selection.id,
                     selection.name);
  out += "inspector " + inspector.title + "\n";
  for (const Section& sec : inspector.sections) {
    out += "section " + sec.title + "\n";
    for (const auto& row : sec.rows) out += fmt::format("  {}\n", fmt::join(row, " | "));
    for (const auto& line : sec.lines) out += "  " + line + "\n";
  }
  out += "table " + table_kind + "\n";
  for (const auto& row : table.rows) out += fmt::format("  {}\n", fmt::join(row, " | "));
  return out;
}

}  // namespace kns::gui
