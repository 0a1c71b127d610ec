#include "gui/topology_scene.h"

#include <QPen>
#include <algorithm>
#include <cmath>

namespace kns::gui {
namespace {

constexpr double kPodGap = 8, kNodeHeader = 30, kNodeGap = 16, kZoneHeader = 36;
constexpr double kShapeWidth = 210, kShapeHeight = 54, kShapeGap = 16;
constexpr double kDotRadius = 5;
constexpr int kInternetKey = -1;

int lbKey(std::uint32_t service) { return -1000 - static_cast<int>(service); }

QColor sourceColor(std::uint32_t source) {
  static const QColor palette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28),
                                   QColor(0x94, 0x67, 0xbd), QColor(0x17, 0xbe, 0xcf),
                                   QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2)};
  return palette[source % 6];
}

QPointF lerp(QPointF a, QPointF b, double t) { return a + (b - a) * t; }

}  // namespace

TopologyScene::TopologyScene(QObject* parent) : QGraphicsScene(parent) {
  setItemIndexMethod(QGraphicsScene::NoIndex);  // dots move every frame
}

QGraphicsEllipseItem* TopologyScene::dotOf(std::uint64_t request) const {
  auto it = dot_of_.find(request);
  return it == dot_of_.end() ? nullptr : it->second;
}

PodItem* TopologyScene::podItem(std::uint32_t pod) const {
  auto it = pods_.find(pod);
  return it == pods_.end() ? nullptr : it->second;
}

BoxItem* TopologyScene::nodeItem(std::uint32_t node) const {
  auto it = nodes_.find(node);
  return it == nodes_.end() ? nullptr : it->second;
}

BoxItem* TopologyScene::serviceItem(std::uint32_t service) const {
  auto it = services_.find(service);
  return it == services_.end() ? nullptr : it->second;
}

QRectF TopologyScene::podRect(std::uint32_t pod) const {
  PodItem* item = podItem(pod);
  return item ? item->sceneBoundingRect() : QRectF();
}

void TopologyScene::show(const SnapshotPtr& snapshot) {
  if (!snapshot) return;
  const Snapshot& s = *snapshot;
  // Slots first: they decide whether nodes must grow.
  std::size_t most = 1;
  for (const NodeView& n : s.nodes) {
    NodeSlots& taken = slots_[n.id];
    for (auto it = taken.slot_of.begin(); it != taken.slot_of.end();) {
      if (!std::binary_search(n.pods.begin(), n.pods.end(), it->first)) {
        taken.used[static_cast<std::size_t>(it->second)] = false;
        it = taken.slot_of.erase(it);
      } else {
        ++it;
      }
    }
    for (std::uint32_t p : n.pods) {
      if (taken.slot_of.count(p)) continue;
      auto hole = std::find(taken.used.begin(), taken.used.end(), false);
      int slot = static_cast<int>(hole - taken.used.begin());
      if (hole == taken.used.end())
        taken.used.push_back(true);
      else
        *hole = true;
      taken.slot_of[p] = slot;
    }
    most = std::max(most, taken.used.size());
  }
  int columns = std::clamp(static_cast<int>(std::ceil(std::sqrt(static_cast<double>(most)))), 2, 6);
  int rows = static_cast<int>((most + static_cast<std::size_t>(columns) - 1) /
                              static_cast<std::size_t>(columns));
  bool coredns = std::any_of(s.services.begin(), s.services.end(),
                             [](const ServiceView& v) { return v.name == "kube-dns"; });
  std::size_t shapes =
      s.ingress_controllers.size() + (s.internet_clients ? 1 : 0) + (coredns ? 0 : 1);
  for (const ServiceView& v : s.services) shapes += v.type == "LoadBalancer";
  if (columns > pod_columns_ || rows > pod_rows_ || s.nodes.size() != layout_nodes_ ||
      s.services.size() != layout_services_ || shapes != layout_shapes_) {
    pod_columns_ = std::max(pod_columns_, columns);
    pod_rows_ = std::max(pod_rows_, rows);
    relayout(s);
  }
  updateShapes(s);
  updatePods(s);
  updateDots(s);
}

QPointF TopologyScene::slotPosition(std::uint32_t node, int slot) const {
  QPointF origin = node_pos_.at(node);
  int col = slot % pod_columns_, row = slot / pod_columns_;
  return origin + QPointF(kPodGap + col * (PodItem::kWidth + kPodGap),
                          kNodeHeader + row * (PodItem::kHeight + kPodGap));
}

void TopologyScene::relayout(const Snapshot& s) {
  layout_nodes_ = s.nodes.size();
  layout_services_ = s.services.size();
  node_size_ = QSizeF(kPodGap + pod_columns_ * (PodItem::kWidth + kPodGap),
                      kNodeHeader + pod_rows_ * (PodItem::kHeight + kPodGap) + 2);
  // Zones side by side, each a grid of its nodes (as square as the node count allows).
  std::vector<std::vector<const NodeView*>> by_zone(std::max<std::size_t>(s.zones.size(), 1));
  for (const NodeView& n : s.nodes) {
    std::size_t z = std::min<std::size_t>(static_cast<std::size_t>(std::max(n.zone_index, 0)),
                                          by_zone.size() - 1);
    by_zone[z].push_back(&n);
  }
  for (BoxItem* z : zones_) delete z;
  zones_.clear();
  // Each zone a grid of its nodes (as square as the count allows); the zones themselves in a
  // grid whose shape suits a wide window.
  std::vector<QSizeF> sizes;
  std::vector<int> zone_columns;
  for (const auto& members : by_zone) {
    int cols =
        std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(members.size())))));
    int rows = static_cast<int>((members.size() + static_cast<std::size_t>(cols) - 1) /
                                static_cast<std::size_t>(cols));
    zone_columns.push_back(cols);
    sizes.emplace_back(kNodeGap + cols * (node_size_.width() + kNodeGap),
                       kZoneHeader + std::max(rows, 1) * (node_size_.height() + kNodeGap));
  }
  QSizeF cell;
  for (const QSizeF& z : sizes) cell = cell.expandedTo(z);
  int zones_across = 1;
  double best = 1e9;
  for (int across = 1; across <= static_cast<int>(sizes.size()); ++across) {
    int down = static_cast<int>((sizes.size() + static_cast<std::size_t>(across) - 1) /
                                static_cast<std::size_t>(across));
    double aspect = across * (cell.width() + 24) / (down * (cell.height() + 24));
    double misfit = std::abs(std::log(aspect / 1.6));
    if (misfit < best - 1e-9) {
      best = misfit;
      zones_across = across;
    }
  }
  double x = 0;
  for (std::size_t z = 0; z < by_zone.size(); ++z) {
    const auto& members = by_zone[z];
    int cols = zone_columns[z];
    QPointF origin((static_cast<int>(z) % zones_across) * (cell.width() + 24),
                   (static_cast<int>(z) / zones_across) * (cell.height() + 24));
    auto* zone = new BoxItem(BoxItem::Style::Zone, cell);
    zone->setPos(origin);
    zone->setText(QStringLiteral("zone %1").arg(
                      z < s.zones.size() ? QString::fromStdString(s.zones[z]) : "?"),
                  QStringLiteral("%1 node(s)").arg(members.size()));
    addItem(zone);
    zones_.push_back(zone);
    for (std::size_t i = 0; i < members.size(); ++i) {
      int col = static_cast<int>(i) % cols, row = static_cast<int>(i) / cols;
      node_pos_[members[i]->id] =
          origin + QPointF(kNodeGap + col * (node_size_.width() + kNodeGap),
                           kZoneHeader + row * (node_size_.height() + kNodeGap));
    }
    x = std::max(x, origin.x() + cell.width() + 24);
  }
  double width = x - 24;
  for (const NodeView& n : s.nodes) {
    BoxItem*& item = nodes_[n.id];
    if (!item) {
      item = new BoxItem(BoxItem::Style::Node, node_size_);
      item->setData(kKindRole, static_cast<int>(Selection::Kind::Node));
      item->setData(kIdRole, static_cast<qulonglong>(n.id));
      item->setFlag(QGraphicsItem::ItemIsSelectable);
      addItem(item);
    }
    item->setSize(node_size_);
    item->setPos(node_pos_[n.id]);
  }
  // Above the cluster: the internet, load balancers and ingress controllers; then Services.
  std::vector<BoxItem*> top;
  if (s.internet_clients) {
    if (!internet_) {
      internet_ = new BoxItem(BoxItem::Style::Internet, QSizeF(kShapeWidth, kShapeHeight));
      addItem(internet_);
    }
    internet_->setText("internet clients", "outside the cluster");
    top.push_back(internet_);
  }
  for (const ServiceView& v : s.services) {
    if (v.type != "LoadBalancer") continue;
    BoxItem*& lb = load_balancers_[v.id];
    if (!lb) {
      lb = new BoxItem(BoxItem::Style::LoadBalancer, QSizeF(kShapeWidth, kShapeHeight));
      lb->setData(kKindRole, static_cast<int>(Selection::Kind::Service));
      lb->setData(kIdRole, static_cast<qulonglong>(v.id));
      lb->setFlag(QGraphicsItem::ItemIsSelectable);
      addItem(lb);
    }
    top.push_back(lb);
  }
  for (std::size_t i = 0; i < s.ingress_controllers.size(); ++i) {
    if (ingress_.size() <= i) {
      auto* box = new BoxItem(BoxItem::Style::Ingress, QSizeF(kShapeWidth, kShapeHeight));
      box->setData(kKindRole, static_cast<int>(Selection::Kind::Ingress));
      box->setData(kIdRole, static_cast<qulonglong>(i));
      box->setFlag(QGraphicsItem::ItemIsSelectable);
      addItem(box);
      ingress_.push_back(box);
    }
    top.push_back(ingress_[i]);
  }
  // The cluster DNS: kube-dns's Service when the scenario runs CoreDNS pods, else a shape of its
  // own (lookups then take a fixed time, as docs/model.md says).
  bool coredns = std::any_of(s.services.begin(), s.services.end(),
                             [](const ServiceView& v) { return v.name == "kube-dns"; });
  if (!coredns) {
    if (!dns_) {
      dns_ = new BoxItem(BoxItem::Style::Dns, QSizeF(kShapeWidth, kShapeHeight));
      addItem(dns_);
    }
    dns_->setText("cluster DNS", "no CoreDNS pods in this scenario:\nlookups take a fixed time");
    top.push_back(dns_);
  }
  layout_shapes_ = top.size();
  auto placeRow = [&](const std::vector<BoxItem*>& row, double y) {
    double row_width = static_cast<double>(row.size()) * (kShapeWidth + kShapeGap) - kShapeGap;
    // Rows wider than the cluster wrap onto further lines.
    // Up to the cluster's width, but never fewer than five shapes a line.
    double room = std::max(width, std::min(row_width, 5 * (kShapeWidth + kShapeGap) - kShapeGap));
    int per_line = std::max(1, static_cast<int>((room + kShapeGap) / (kShapeWidth + kShapeGap)));
    int lines = static_cast<int>((row.size() + static_cast<std::size_t>(per_line) - 1) /
                                 static_cast<std::size_t>(per_line));
    for (std::size_t i = 0; i < row.size(); ++i) {
      int line = static_cast<int>(i) / per_line, col = static_cast<int>(i) % per_line;
      std::size_t in_line =
          std::min<std::size_t>(static_cast<std::size_t>(per_line),
                                row.size() - static_cast<std::size_t>(line * per_line));
      double line_width = static_cast<double>(in_line) * (kShapeWidth + kShapeGap) - kShapeGap;
      double left = (width - line_width) / 2;
      row[i]->setPos(left + col * (kShapeWidth + kShapeGap),
                     y - (lines - 1 - line) * (kShapeHeight + kShapeGap));
    }
    return lines;
  };
  std::vector<BoxItem*> service_row;
  for (const ServiceView& v : s.services) {
    BoxItem*& box = services_[v.id];
    if (!box) {
      BoxItem::Style style = v.name == "kube-dns"       ? BoxItem::Style::Dns
                             : v.type == "ExternalName" ? BoxItem::Style::External
                                                        : BoxItem::Style::Service;
      box = new BoxItem(style, QSizeF(kShapeWidth, kShapeHeight));
      box->setData(kKindRole, static_cast<int>(Selection::Kind::Service));
      box->setData(kIdRole, static_cast<qulonglong>(v.id));
      box->setFlag(QGraphicsItem::ItemIsSelectable);
      addItem(box);
      if (v.name == "kube-dns") {
        delete dns_;  // the stand-in shape, if there was one
        dns_ = box;
      }
    }
    service_row.push_back(box);
  }
  int service_lines = placeRow(service_row, -kShapeHeight - 40);
  placeRow(top, -kShapeHeight - 40 - service_lines * (kShapeHeight + kShapeGap) - 30);
  setSceneRect(itemsBoundingRect().adjusted(-40, -40, 40, 40));
  ++layouts_;
}

void TopologyScene::updateShapes(const Snapshot& s) {
  for (const NodeView& n : s.nodes) {
    BoxItem* item = nodes_[n.id];
    // A dead machine the control plane has not noticed yet still says Ready there.
    QString status = !n.up     ? (n.ready ? "down (API: still Ready)" : "down (API: NotReady)")
                     : n.ready ? "Ready"
                               : "NotReady";
    if (n.cordoned) status += ", cordoned";
    QColor border = !n.up || !n.ready ? QColor(0xd0, 0x30, 0x30) : QColor();
    item->setDashed(n.cordoned);
    item->setText(QString::fromStdString(n.name + "  " + n.ip), status, border);
  }
  for (const ServiceView& v : s.services) {
    QString sub =
        v.type == "ExternalName"
            ? QString::fromStdString(v.external)
            : QStringLiteral("%1 %2\n%3 of %4 endpoints ready")
                  .arg(QString::fromStdString(v.type),
                       QString::fromStdString(v.cluster_ip.empty() ? "None" : v.cluster_ip))
                  .arg(v.ready)
                  .arg(v.endpoints);
    services_[v.id]->setText(QString::fromStdString("svc/" + v.name), sub);
    if (auto lb = load_balancers_.find(v.id); lb != load_balancers_.end()) {
      lb->second->setText("cloud load balancer",
                          QString::fromStdString((v.external.empty() ? "<pending>" : v.external) +
                                                 "\nfor svc/" + v.name));
    }
  }
  for (std::size_t i = 0; i < s.ingress_controllers.size() && i < ingress_.size(); ++i) {
    const IngressControllerView& c = s.ingress_controllers[i];
    ingress_[i]->setData(kNameRole, QString::fromStdString(c.name));
    ingress_[i]->setText(QString::fromStdString(c.name),
                         QStringLiteral("IngressClass %1\n%2 Ingress(es)%3")
                             .arg(QString::fromStdString(c.ingress_class))
                             .arg(c.ingresses.size())
                             .arg(c.cloud ? " · cloud L7" : ""));
  }
}

void TopologyScene::updatePods(const Snapshot& s) {
  for (auto it = pods_.begin(); it != pods_.end();) {
    if (s.podIndex(it->first) < 0 || s.findPod(it->first)->node < 0) {
      delete it->second;
      it = pods_.erase(it);
    } else {
      ++it;
    }
  }
  for (const PodView& p : s.pods) {
    if (p.node < 0) continue;  // Pending without a node: listed in the table, not drawn
    auto node = static_cast<std::uint32_t>(p.node);
    PodItem*& item = pods_[p.id];
    if (!item) {
      item = new PodItem(p.id);
      item->setFlag(QGraphicsItem::ItemIsSelectable);
      addItem(item);
    }
    item->set(p);
    QPointF pos = slotPosition(node, slots_[node].slot_of[p.id]);
    if (item->pos() != pos) item->setPos(pos);
  }
}

QPointF TopologyScene::placeOf(models::NodeId node) const {
  if (!node.valid()) return internet_ ? internet_->center() : QPointF(0, -300);
  auto it = nodes_.find(node.value);
  return it == nodes_.end() ? QPointF() : it->second->topCenter();
}

QPointF TopologyScene::dotPosition(const Snapshot& s, const models::RequestRecord& r) const {
  int current = -1;
  for (int i = 0; i < r.hop_count; ++i) {
    if (r.hops[static_cast<std::size_t>(i)].at <= s.time) current = i;
  }
  if (current < 0) return placeOf(r.client_node);
  const models::Hop& h = r.hops[static_cast<std::size_t>(current)];
  double progress = 1;
  if (h.spent.count() > 0) {
    progress = std::clamp(
        static_cast<double>((s.time - h.at).count()) / static_cast<double>(h.spent.count()), 0.0,
        1.0);
  }
  auto podCenter = [&](models::PodId pod) {
    PodItem* item = pod.valid() ? podItem(pod.value) : nullptr;
    return item ? item->sceneBoundingRect().center() : placeOf(h.node);
  };
  switch (h.kind) {
    case models::HopKind::LoadBalancer: {
      auto lb = load_balancers_.find(r.service.value);
      QPointF from = lb != load_balancers_.end() ? lb->second->center() : placeOf({});
      return lerp(from, placeOf(h.to_node), progress);
    }
    case models::HopKind::KubeProxy:
    case models::HopKind::Conntrack:
      return placeOf(h.node);
    case models::HopKind::Network:
      // A request first travels from its client to the entry node (half the way, drawn),
      // then on to the pod's node.
      if (current > 0 && !h.node.valid() &&
          r.hops[static_cast<std::size_t>(current - 1)].kind == models::HopKind::LoadBalancer) {
        // From the internet through the cloud load balancer to the node it picked.
        auto lb = load_balancers_.find(r.service.value);
        if (lb != load_balancers_.end()) {
          QPointF via = lb->second->center();
          return progress < 0.5 ? lerp(placeOf({}), via, progress * 2)
                                : lerp(via, placeOf(h.to_node), progress * 2 - 1);
        }
      }
      if (h.arg == 0 && r.client_node != h.node) {
        return progress < 0.5 ? lerp(placeOf(r.client_node), placeOf(h.node), progress * 2)
                              : lerp(placeOf(h.node), placeOf(h.to_node), progress * 2 - 1);
      }
      return lerp(placeOf(h.node), placeOf(h.to_node), progress);
    case models::HopKind::PodQueue:
    case models::HopKind::PodService:
    case models::HopKind::TlsHandshake:
    case models::HopKind::Ingress:
      return podCenter(h.pod);
    case models::HopKind::Dns:
      return dns_ ? dns_->center() : placeOf(h.node);
    case models::HopKind::ExternalHost: {
      // The ExternalName Service's box stands for the host outside.
      BoxItem* external = serviceItem(r.service.value);
      return external ? external->center() : placeOf({});
    }
  }
  return QPointF();
}

void TopologyScene::lightLink(QPointF a, QPointF b, std::map<std::pair<int, int>, int>& counts,
                              int ka, int kb) {
  if (ka == kb) return;
  auto key = std::minmax(ka, kb);
  if (!counts.count(key)) {
    QGraphicsLineItem*& line = links_[key];
    if (!line) {
      line = new QGraphicsLineItem();
      line->setZValue(1.5);
      addItem(line);
    }
    line->setLine(QLineF(a, b));
  }
  ++counts[key];
}

void TopologyScene::updateDots(const Snapshot& s) {
  while (dots_.size() < s.in_flight.size()) {
    auto* dot = new QGraphicsEllipseItem(-kDotRadius, -kDotRadius, 2 * kDotRadius, 2 * kDotRadius);
    dot->setZValue(5);
    dot->setData(kKindRole, static_cast<int>(Selection::Kind::Request));
    dot->setFlag(QGraphicsItem::ItemIsSelectable);
    addItem(dot);
    dots_.push_back(dot);
  }
  dot_of_.clear();
  std::map<std::pair<int, int>, int> counts;
  for (std::size_t i = 0; i < dots_.size(); ++i) {
    QGraphicsEllipseItem* dot = dots_[i];
    if (i >= s.in_flight.size()) {
      dot->setVisible(false);
      continue;
    }
    const models::RequestRecord& r = s.in_flight[i];
    // A small offset by id keeps dots at the same place apart.
    QPointF jitter((static_cast<int>(r.id * 37 % 13) - 6) * 1.5,
                   (static_cast<int>(r.id * 53 % 11) - 5) * 1.5);
    dot->setPos(dotPosition(s, r) + jitter);
    bool selected = s.selection.kind == Selection::Kind::Request && s.selection.id == r.id;
    dot->setBrush(selected ? QColor(0xff, 0xd7, 0x00) : sourceColor(r.source));
    dot->setPen(QPen(selected ? Qt::black : Qt::white, selected ? 2 : 1));
    dot->setData(kIdRole, static_cast<qulonglong>(r.id));
    dot->setToolTip(QStringLiteral("request #%1 (%2)")
                        .arg(r.id)
                        .arg(r.source < s.sources.size()
                                 ? QString::fromStdString(s.sources[r.source])
                                 : QString()));
    dot->setVisible(true);
    dot_of_[r.id] = dot;
    // Light the link the request is on.
    for (int h = r.hop_count - 1; h >= 0; --h) {
      const models::Hop& hop = r.hops[static_cast<std::size_t>(h)];
      if (hop.at > s.time) continue;
      bool via_lb = h > 0 && !hop.node.valid() &&
                    r.hops[static_cast<std::size_t>(h - 1)].kind == models::HopKind::LoadBalancer;
      if (hop.kind == models::HopKind::Network && via_lb) {
        // The way in through the cloud load balancer: light the balancer's link to the node.
        auto lb = load_balancers_.find(r.service.value);
        if (lb != load_balancers_.end())
          lightLink(lb->second->center(), placeOf(hop.to_node), counts, lbKey(r.service.value),
                    static_cast<int>(hop.to_node.value));
      } else if (hop.kind == models::HopKind::Network) {
        int a = hop.node.valid() ? static_cast<int>(hop.node.value) : kInternetKey;
        int b = hop.to_node.valid() ? static_cast<int>(hop.to_node.value) : kInternetKey;
        lightLink(placeOf(hop.node), placeOf(hop.to_node), counts, a, b);
      } else if (hop.kind == models::HopKind::LoadBalancer) {
        auto lb = load_balancers_.find(r.service.value);
        if (lb != load_balancers_.end())
          lightLink(lb->second->center(), placeOf(hop.to_node), counts, lbKey(r.service.value),
                    static_cast<int>(hop.to_node.value));
      }
      break;
    }
  }
  visible_dots_ = s.in_flight.size();
  for (auto& [key, line] : links_) {
    auto c = counts.find(key);
    if (c == counts.end()) {
      line->setVisible(false);
      continue;
    }
    int n = std::min(c->second, 12);
    line->setPen(
        QPen(QColor(0xff, 0x8c, 0x00, 70 + 15 * n), 1.5 + 0.6 * n, Qt::SolidLine, Qt::RoundCap));
    line->setVisible(true);
  }
}

}  // namespace kns::gui
