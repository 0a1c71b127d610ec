// Kubernetes labels and label selectors (matchLabels and matchExpressions).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kns::models {

// Ordered, so that anything printed or iterated from labels is deterministic.
using Labels = std::map<std::string, std::string>;

// A selector as Deployments, ReplicaSets and Services use them. A Service's selector is
// matchLabels only; an empty selector matches everything for workloads, but a Service with no
// selector selects no pods (its endpoints are managed by hand), which callers decide.
struct LabelSelector {
  enum class Operator { In, NotIn, Exists, DoesNotExist };
  struct Requirement {
    std::string key;
    Operator op = Operator::In;
    std::vector<std::string> values;
  };
  Labels match_labels;
  std::vector<Requirement> match_expressions;

  bool empty() const { return match_labels.empty() && match_expressions.empty(); }
  // True when every matchLabels pair and every expression holds for `labels`.
  bool matches(const Labels& labels) const;
  // "app=web,tier in (a,b)", as kubectl prints selectors.
  std::string str() const;
};

}  // namespace kns::models
