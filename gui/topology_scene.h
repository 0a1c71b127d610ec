// The cluster as a picture: zones holding nodes holding pods, the Services, load balancers,
// ingress controllers, DNS and the internet above them, and a dot for each request in flight
// (a sample when there are many) at the hop it is in. The layout is computed from the snapshot
// and stays put from frame to frame: a pod keeps its slot in its node until it goes.
#pragma once

#include <QGraphicsEllipseItem>
#include <QGraphicsLineItem>
#include <QGraphicsScene>
#include <map>
#include <vector>

#include "gui/snapshot.h"
#include "gui/topology_items.h"

namespace kns::gui {

class TopologyScene : public QGraphicsScene {
  Q_OBJECT

 public:
  explicit TopologyScene(QObject* parent = nullptr);
  // Shows `snapshot`: moves nothing that did not change.
  void show(const SnapshotPtr& snapshot);
  // Where the request's dot is now, or null when it is not drawn.
  QGraphicsEllipseItem* dotOf(std::uint64_t request) const;
  PodItem* podItem(std::uint32_t pod) const;
  BoxItem* nodeItem(std::uint32_t node) const;
  BoxItem* serviceItem(std::uint32_t service) const;
  std::size_t dotCount() const { return visible_dots_; }
  // How many times the layout was computed (the view fits itself to a new layout).
  int layouts() const { return layouts_; }
  // Where a pod's tile would be (its slot); for the layout test.
  QRectF podRect(std::uint32_t pod) const;

 private:
  struct NodeSlots {
    std::map<std::uint32_t, int> slot_of;  // pod -> slot
    std::vector<bool> used;
  };
  void relayout(const Snapshot& s);
  void updateShapes(const Snapshot& s);
  void updatePods(const Snapshot& s);
  void updateDots(const Snapshot& s);
  QPointF slotPosition(std::uint32_t node, int slot) const;
  QPointF placeOf(models::NodeId node) const;
  QPointF dotPosition(const Snapshot& s, const models::RequestRecord& r) const;
  void lightLink(QPointF a, QPointF b, std::map<std::pair<int, int>, int>& counts, int ka, int kb);

  std::vector<BoxItem*> zones_;
  std::map<std::uint32_t, BoxItem*> nodes_;
  std::map<std::uint32_t, NodeSlots> slots_;
  std::map<std::uint32_t, PodItem*> pods_;
  std::map<std::uint32_t, BoxItem*> services_;
  std::map<std::uint32_t, BoxItem*> load_balancers_;  // by Service id
  std::vector<BoxItem*> ingress_;
  BoxItem* internet_ = nullptr;
  BoxItem* dns_ = nullptr;
  std::vector<QGraphicsEllipseItem*> dots_;
  std::map<std::uint64_t, QGraphicsEllipseItem*> dot_of_;
  std::size_t visible_dots_ = 0;
  std::map<std::pair<int, int>, QGraphicsLineItem*> links_;
  // Layout parameters, grown (never shrunk) as the cluster grows, so frames stay stable.
  int pod_columns_ = 2;
  int pod_rows_ = 1;
  std::size_t layout_nodes_ = 0;
  std::size_t layout_services_ = 0;
  std::size_t layout_shapes_ = 0;
  int layouts_ = 0;
  QSizeF node_size_;
  std::map<std::uint32_t, QPointF> node_pos_;
};

}  // namespace kns::gui
