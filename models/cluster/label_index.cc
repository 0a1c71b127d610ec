// Label interning and the pod and selector indexes.
#include "models/cluster/label_index.h"

#include <algorithm>

namespace kns::models {

LabelIndex::LabelId LabelIndex::intern(const std::string& ns, const std::string& key,
                                       const std::string& value) {
  std::string text;
  text.reserve(ns.size() + key.size() + value.size() + 2);
  // NUL separates the parts: no namespace, key or value holds one.
  text.append(ns).push_back('\0');
  text.append(key).push_back('\0');
  text.append(value);
  auto [it, added] = ids_.try_emplace(std::move(text), static_cast<LabelId>(ids_.size()));
  if (added) {
    live_pods_by_label_.emplace_back();
    services_by_anchor_.emplace_back();
  }
  return it->second;
}

std::vector<LabelIndex::LabelId> LabelIndex::internAll(const std::string& ns,
                                                       const Labels& labels) {
  std::vector<LabelId> ids;
  ids.reserve(labels.size());
  for (const auto& [key, value] : labels) ids.push_back(intern(ns, key, value));
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool LabelIndex::includes(const std::vector<LabelId>& all, const std::vector<LabelId>& wanted) {
  return std::includes(all.begin(), all.end(), wanted.begin(), wanted.end());
}

void LabelIndex::addPod(PodId pod, const std::string& ns, const Labels& labels) {
  if (pod_labels_.size() <= pod.value) pod_labels_.resize(pod.value + 1);
  pod_labels_[pod.value] = internAll(ns, labels);
  for (LabelId id : pod_labels_[pod.value]) live_pods_by_label_[id].insert(pod);
}

void LabelIndex::removePod(PodId pod) {
  if (pod.value >= pod_labels_.size()) return;
  for (LabelId id : pod_labels_[pod.value]) live_pods_by_label_[id].erase(pod);
}

void LabelIndex::setServiceSelector(ServiceId service, const std::string& ns,
                                    const Labels& selector) {
  if (service_selectors_.size() <= service.value) {
    service_selectors_.resize(service.value + 1);
    service_anchor_.resize(service.value + 1);
  }
  std::vector<LabelId>& current = service_selectors_[service.value];
  if (!current.empty()) {
    auto& filed = services_by_anchor_[service_anchor_[service.value]];
    filed.erase(std::remove(filed.begin(), filed.end(), service), filed.end());
  }
  current = internAll(ns, selector);
  if (current.empty()) return;
  // The anchor: the pair fewest live pods carry now (any pair would be correct).
  LabelId anchor = current.front();
  for (LabelId id : current) {
    if (live_pods_by_label_[id].size() < live_pods_by_label_[anchor].size()) anchor = id;
  }
  service_anchor_[service.value] = anchor;
  auto& filed = services_by_anchor_[anchor];
  filed.insert(std::lower_bound(filed.begin(), filed.end(), service), service);
}

void LabelIndex::servicesSelecting(PodId pod, std::vector<ServiceId>& out) const {
  out.clear();
  if (pod.value >= pod_labels_.size()) return;
  const std::vector<LabelId>& labels = pod_labels_[pod.value];
  for (LabelId id : labels) {
    for (ServiceId service : services_by_anchor_[id]) {
      if (includes(labels, service_selectors_[service.value])) out.push_back(service);
    }
  }
  // Each Service is filed under one anchor, so there are no repeats; only the order is mixed.
  std::sort(out.begin(), out.end());
}

void LabelIndex::podsSelectedBy(ServiceId service, std::vector<PodId>& out) const {
  out.clear();
  if (service.value >= service_selectors_.size()) return;
  const std::vector<LabelId>& selector = service_selectors_[service.value];
  if (selector.empty()) return;
  LabelId rarest = selector.front();
  for (LabelId id : selector) {
    if (live_pods_by_label_[id].size() < live_pods_by_label_[rarest].size()) rarest = id;
  }
  for (PodId pod : live_pods_by_label_[rarest]) {
    if (includes(pod_labels_[pod.value], selector)) out.push_back(pod);
  }
}

}  // namespace kns::models
