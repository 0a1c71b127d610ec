// A map from a dense id (PodId, ServiceId, NodeId) to a value, found in O(1).
#pragma once

#include <map>
#include <vector>

namespace kns::reports {

// A std::map, so that iteration stays in id order (the report's layout relies on it), with a
// vector of pointers beside it so that finding an entry costs an index instead of a walk down
// the tree: the recorder looks up a pod, a node and a Service on every request, among tens of
// thousands. Copies rebuild the index (std::map's nodes are new); moves keep it (they are not).
template <typename Id, typename Value>
class IdMap {
 public:
  IdMap() = default;
  IdMap(const IdMap& other) : map_(other.map_) { reindex(); }
  IdMap& operator=(const IdMap& other) {
    if (this != &other) {
      map_ = other.map_;
      reindex();
    }
    return *this;
  }
  IdMap(IdMap&&) noexcept = default;
  IdMap& operator=(IdMap&&) noexcept = default;

  // The entry for `id`, made (value-initialised) if missing.
  Value& operator[](Id id) {
    if (Value* found = find(id)) return *found;
    Value& value = map_[id];
    if (index_.size() <= id.value) index_.resize(id.value + 1, nullptr);
    index_[id.value] = &value;
    return value;
  }
  Value* find(Id id) { return id.value < index_.size() ? index_[id.value] : nullptr; }
  const Value* find(Id id) const { return id.value < index_.size() ? index_[id.value] : nullptr; }

  const std::map<Id, Value>& map() const { return map_; }
  auto begin() { return map_.begin(); }
  auto end() { return map_.end(); }
  auto begin() const { return map_.begin(); }
  auto end() const { return map_.end(); }

 private:
  void reindex() {
    index_.clear();
    for (auto& [id, value] : map_) {
      if (index_.size() <= id.value) index_.resize(id.value + 1, nullptr);
      index_[id.value] = &value;
    }
  }

  std::map<Id, Value> map_;
  std::vector<Value*> index_;  // by id value; null where the map has no entry
};

}  // namespace kns::reports
