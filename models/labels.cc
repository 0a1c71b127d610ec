// Label selector matching and printing.
#include "models/labels.h"

#include <algorithm>

namespace kns::models {

bool LabelSelector::matches(const Labels& labels) const {
  for (const auto& [key, value] : match_labels) {
    auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  for (const Requirement& r : match_expressions) {
    auto it = labels.find(r.key);
    bool has = it != labels.end();
    bool listed = has && std::find(r.values.begin(), r.values.end(), it->second) != r.values.end();
    switch (r.op) {
      case Operator::In:
        if (!listed) return false;
        break;
      case Operator::NotIn:
        if (listed) return false;  // a missing key satisfies NotIn, as in Kubernetes
        break;
      case Operator::Exists:
        if (!has) return false;
        break;
      case Operator::DoesNotExist:
        if (has) return false;
        break;
    }
  }
  return true;
}

std::string LabelSelector::str() const {
  std::string out;
  auto add = [&out](const std::string& part) {
    if (!out.empty()) out += ',';
    out += part;
  };
  for (const auto& [key, value] : match_labels) add(key + "=" + value);
  for (const Requirement& r : match_expressions) {
    std::string values;
    for (const std::string& v : r.values) values += (values.empty() ? "" : ",") + v;
    switch (r.op) {
      case Operator::In:
        add(r.key + " in (" + values + ")");
        break;
      case Operator::NotIn:
        add(r.key + " notin (" + values + ")");
        break;
      case Operator::Exists:
        add(r.key);
        break;
      case Operator::DoesNotExist:
        add("!" + r.key);
        break;
    }
  }
  return out;
}

}  // namespace kns::models
