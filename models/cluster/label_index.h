// Pods and Service selectors indexed by label, as the controllers' informers index them, so
// that the EndpointSlice controller's work grows with the pods a Service selects, not with
// every pod times every Service.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/ids.h"
#include "models/labels.h"

namespace kns::models {

// Every (namespace, key, value) triple is interned to an integer once, when a pod or a selector
// is added; matching compares sorted integer lists, never strings. A Service is filed under one
// pair of its selector (its anchor): every pod it selects carries that pair, so a pod's change
// looks only at the Services filed under the pod's own pairs.
//
// Only for lookups: nothing iterates the hash map, so its order never reaches behaviour.
class LabelIndex {
 public:
  // A live pod: `labels` are its labels for life (pods' labels do not change here).
  void addPod(PodId pod, const std::string& ns, const Labels& labels);
  // The pod left the API. Its labels are kept, so servicesSelecting still answers for it.
  void removePod(PodId pod);
  // A Service's selector (matchLabels), replacing the previous one. An empty selector, or a
  // Service without one, selects nothing.
  void setServiceSelector(ServiceId service, const std::string& ns, const Labels& selector);

  // The Services whose selector holds for the pod (live or removed), in id order.
  void servicesSelecting(PodId pod, std::vector<ServiceId>& out) const;
  // The live pods the Service's selector holds for, in id order.
  void podsSelectedBy(ServiceId service, std::vector<PodId>& out) const;

 private:
  using LabelId = std::uint32_t;
  LabelId intern(const std::string& ns, const std::string& key, const std::string& value);
  std::vector<LabelId> internAll(const std::string& ns, const Labels& labels);
  static bool includes(const std::vector<LabelId>& all, const std::vector<LabelId>& wanted);

  std::unordered_map<std::string, LabelId> ids_;
  std::vector<std::set<PodId>> live_pods_by_label_;         // by LabelId
  std::vector<std::vector<ServiceId>> services_by_anchor_;  // by LabelId, sorted
  std::vector<std::vector<LabelId>> pod_labels_;            // by PodId, sorted
  std::vector<std::vector<LabelId>> service_selectors_;     // by ServiceId, sorted; empty: none
  std::vector<LabelId> service_anchor_;                     // by ServiceId (when selecting)
};

}  // namespace kns::models
