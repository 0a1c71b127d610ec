#include "gui/topology_view.h"

#include <QMouseEvent>
#include <QWheelEvent>

#include "gui/topology_items.h"

namespace kns::gui {

TopologyView::TopologyView(QWidget* parent) : QGraphicsView(parent), scene_(new TopologyScene(this)) {
  setScene(scene_);
  setRenderHint(QPainter::Antialiasing);
  setDragMode(QGraphicsView::ScrollHandDrag);
  setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
  setViewportUpdateMode(QGraphicsView::BoundingRectViewportUpdate);
  setBackgroundBrush(QColor(0xfb, 0xfb, 0xfd));
}

void TopologyView::fit() {
  if (!scene_->itemsBoundingRect().isEmpty())
    fitInView(scene_->itemsBoundingRect().adjusted(-20, -20, 20, 20), Qt::KeepAspectRatio);
}

void TopologyView::zoomBy(double factor) { scale(factor, factor); }

void TopologyView::wheelEvent(QWheelEvent* event) {
  zoomBy(event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15);
  event->accept();
}

void TopologyView::mousePressEvent(QMouseEvent* event) {
  // The topmost item that stands for something: dots over pods over nodes over zones.
  for (QGraphicsItem* item : items(event->position().toPoint())) {
    QVariant kind = item->data(kKindRole);
    if (!kind.isValid()) continue;
    Selection s;
    s.kind = static_cast<Selection::Kind>(kind.toInt());
    s.id = item->data(kIdRole).toULongLong();
    s.name = item->data(kNameRole).toString().toStdString();
    emit selected(s);
    break;
  }
  QGraphicsView::mousePressEvent(event);
}

}  // namespace kns::gui
