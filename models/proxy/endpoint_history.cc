// The shared delivery log, its lookups and its pruning.
#include "models/proxy/endpoint_history.h"

#include <algorithm>

#include "models/proxy/kube_proxy.h"

namespace kns::models {

EndpointHistory::Seq EndpointHistory::oldestPosition() const {
  return positions_.empty() ? latest_ : positions_.begin()->first;
}

// Keeps the newest version at or before the slowest node's position (what that node has
// programmed) and every newer one.
void EndpointHistory::prune(std::vector<Version>& versions) const {
  Seq oldest = oldestPosition();
  std::size_t drop = 0;
  while (drop + 1 < versions.size() && versions[drop + 1].seq <= oldest) ++drop;
  versions.erase(versions.begin(), versions.begin() + static_cast<std::ptrdiff_t>(drop));
}

void EndpointHistory::deliver(const EndpointsSnapshot& snapshot) {
  Seq seq = ++latest_;
  std::uint32_t service = snapshot->service.value;
  if (by_service_.size() <= service) by_service_.resize(service + 1);
  std::vector<Version>& versions = by_service_[service];
  versions.push_back({seq, categorize(snapshot)});
  // Nodes only ever move to the latest number, so the previous version stays needed only if a
  // node sits between it and this one (it is what that node has programmed).
  if (versions.size() >= 2) {
    auto at = positions_.lower_bound(versions[versions.size() - 2].seq);
    if (at == positions_.end() || at->first >= seq) versions.erase(versions.end() - 2);
  }
  prune(versions);
  log_.emplace_back(seq, snapshot->service);
}

const std::shared_ptr<const EndpointCategories>& EndpointHistory::programmed(ServiceId service,
                                                                             Seq through) const {
  static const std::shared_ptr<const EndpointCategories> kNothing;
  if (service.value >= by_service_.size()) return kNothing;
  const std::vector<Version>& versions = by_service_[service.value];
  auto after = std::upper_bound(versions.begin(), versions.end(), through,
                                [](Seq s, const Version& v) { return s < v.seq; });
  return after == versions.begin() ? kNothing : std::prev(after)->categories;
}

bool EndpointHistory::pendingAfter(ServiceId service, Seq through) const {
  return service.value < by_service_.size() && !by_service_[service.value].empty() &&
         by_service_[service.value].back().seq > through;
}

void EndpointHistory::deliveredSince(Seq from, std::vector<ServiceId>& out) const {
  out.clear();
  if (from >= latest_) return;
  if (log_.empty() || from + 1 < log_.front().first) {
    // Older than the log (a node that joined late): every Service delivered so far.
    for (std::uint32_t s = 0; s < by_service_.size(); ++s) {
      if (!by_service_[s].empty()) out.push_back(ServiceId{s});
    }
    return;
  }
  // Sequence numbers are consecutive, so `from`'s successor is found by arithmetic.
  auto first = log_.begin() + static_cast<std::ptrdiff_t>(from + 1 - log_.front().first);
  for (auto it = first; it != log_.end(); ++it) out.push_back(it->second);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

std::size_t EndpointHistory::versionsKept() const {
  std::size_t n = 0;
  for (const std::vector<Version>& versions : by_service_) n += versions.size();
  return n;
}

void EndpointHistory::join() { ++positions_[0]; }

void EndpointHistory::moved(Seq from, Seq to) {
  auto it = positions_.find(from);
  if (it != positions_.end() && --it->second == 0) positions_.erase(it);
  ++positions_[to];
  Seq oldest = oldestPosition();
  while (!log_.empty() && log_.front().first <= oldest) log_.pop_front();
}

}  // namespace kns::models
