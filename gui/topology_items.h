// The shapes of the topology view: pods, nodes, zones and the boxes for Services, load
// balancers, ingress controllers, DNS and the internet. Each knows what it stands for (for
// clicks) and draws its own label, hiding text when zoomed out too far to read it.
#pragma once

#include <QColor>
#include <QGraphicsItem>
#include <QString>

#include "gui/snapshot.h"

namespace kns::gui {

// What an item stands for, stored in the item's data: role 0 = kind, 1 = id, 2 = name.
enum ItemData { kKindRole = 0, kIdRole = 1, kNameRole = 2 };

QColor podStateColor(PodState state);

class PodItem : public QGraphicsItem {
 public:
  static constexpr double kWidth = 136, kHeight = 34;
  explicit PodItem(std::uint32_t id);
  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) override;
  // True when something visible changed.
  bool set(const PodView& pod);
  const QString& name() const { return name_; }

 private:
  QString name_, ip_;
  PodState state_ = PodState::Pending;
  bool ingress_ = false;
};

// A labelled box: nodes, zones and the shapes above the cluster.
class BoxItem : public QGraphicsItem {
 public:
  enum class Style { Zone, Node, Service, LoadBalancer, Internet, Ingress, Dns, External };
  BoxItem(Style style, QSizeF size);
  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) override;
  void setSize(QSizeF size);
  // True when something visible changed.
  bool setText(const QString& title, const QString& subtitle, QColor border = QColor());
  void setDashed(bool dashed) { dashed_ = dashed; }
  QPointF center() const { return mapToScene(QRectF(QPointF(), size_).center()); }
  // Where requests arrive at a node: the middle of its top edge, clear of its title.
  QPointF topCenter() const { return mapToScene(QPointF(size_.width() / 2, 0)); }

 private:
  Style style_;
  QSizeF size_;
  QString title_, subtitle_;
  QColor border_;
  bool dashed_ = false;
};

}  // namespace kns::gui
