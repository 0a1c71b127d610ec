#include "gui/topology_view.h"

#include <QLabel>
#include <QMouseEvent>
#include <QWheelEvent>

#include "gui/topology_items.h"

namespace kns::gui {

TopologyView::TopologyView(QWidget* parent)
    : QGraphicsView(parent), scene_(new TopologyScene(this)) {
  setScene(scene_);
  setRenderHint(QPainter::Antialiasing);
  setDragMode(QGraphicsView::ScrollHandDrag);
  setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
  setViewportUpdateMode(QGraphicsView::BoundingRectViewportUpdate);
  setBackgroundBrush(QColor(0xfb, 0xfb, 0xfd));
  // Drag to pan: scroll bars would only take room from the picture.
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  // What the colours mean, in a corner of the view.
  legend_ = new QLabel(this);
  QLabel* legend = legend_;
  QString html = "<span style='background:#ffffffd0'>&nbsp;pods: ";
  for (PodState s :
       {PodState::Ready, PodState::Pending, PodState::NotReady, PodState::Terminating}) {
    html += QStringLiteral("<span style='color:%1; font-size:14px'>&#9632;</span> %2 &nbsp;")
                .arg(podStateColor(s).name(), podStateName(s));
  }
  html +=
      "<span style='color:#e08010'>&#9633;</span> ingress &nbsp; "
      "<span style='color:#1f77b4'>&#9679;</span> request&nbsp;</span>";
  legend->setText(html);
  legend->setAttribute(Qt::WA_TransparentForMouseEvents);
  legend->adjustSize();
  // The legend has a strip of its own under the picture, so it never covers the cluster.
  setViewportMargins(0, 0, 0, legend->height() + 6);
}

void TopologyView::fit() {
  user_moved_ = false;
  if (!scene_->itemsBoundingRect().isEmpty())
    fitInView(scene_->itemsBoundingRect().adjusted(-20, -20, 20, 20), Qt::KeepAspectRatio);
}

void TopologyView::zoomBy(double factor) { scale(factor, factor); }

void TopologyView::setNotice(const QString& text) {
  if (!notice_) {
    notice_ = new QLabel(this);
    notice_->setAlignment(Qt::AlignCenter);
    notice_->setWordWrap(true);
    notice_->setAttribute(Qt::WA_TransparentForMouseEvents);
  }
  notice_->setText(text);
  notice_->setGeometry(rect().adjusted(40, 40, -40, -40));
  notice_->setVisible(!text.isEmpty());
}

void TopologyView::keepFitted() {
  if (!user_moved_) fit();
}

void TopologyView::resizeEvent(QResizeEvent* event) {
  QGraphicsView::resizeEvent(event);
  legend_->move(6, height() - legend_->height() - 4);  // in the strip under the picture
  if (notice_) notice_->setGeometry(rect().adjusted(40, 40, -40, -40));
  keepFitted();
}

void TopologyView::mouseMoveEvent(QMouseEvent* event) {
  if (event->buttons() & Qt::LeftButton) user_moved_ = true;
  QGraphicsView::mouseMoveEvent(event);
}

void TopologyView::wheelEvent(QWheelEvent* event) {
  user_moved_ = true;
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
