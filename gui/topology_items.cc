#include "gui/topology_items.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace kns::gui {

QColor podStateColor(PodState state) {
  switch (state) {
    case PodState::Pending:
      return QColor(0xf2, 0xc1, 0x4e);  // amber: not running yet
    case PodState::Ready:
      return QColor(0x6c, 0xc0, 0x6f);  // green: an endpoint that takes traffic
    case PodState::NotReady:
      return QColor(0xe5, 0x73, 0x73);  // red: running, failing readiness
    case PodState::Terminating:
      return QColor(0xa8, 0xa8, 0xb8);  // grey: on its way out
  }
  return Qt::gray;
}

PodItem::PodItem(std::uint32_t id) {
  setData(kKindRole, static_cast<int>(Selection::Kind::Pod));
  setData(kIdRole, static_cast<qulonglong>(id));
  setZValue(2);
}

QRectF PodItem::boundingRect() const { return QRectF(0, 0, kWidth, kHeight); }

bool PodItem::set(const PodView& pod) {
  QString name = QString::fromStdString(pod.name);
  QString ip = pod.ip.empty() ? QStringLiteral("(no IP yet)") : QString::fromStdString(pod.ip);
  if (name == name_ && ip == ip_ && state_ == pod.state && ingress_ == pod.ingress_controller)
    return false;
  name_ = name;
  ip_ = ip;
  state_ = pod.state;
  ingress_ = pod.ingress_controller;
  setData(kNameRole, name_);
  setToolTip(QStringLiteral("%1\n%2\n%3").arg(name_, ip_, podStateName(state_)));
  update();
  return true;
}

void PodItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*) {
  double lod = option->levelOfDetailFromTransform(p->worldTransform());
  QRectF r = boundingRect().adjusted(1, 1, -1, -1);
  QPen pen(ingress_ ? QColor(0xe0, 0x80, 0x10) : QColor(0x30, 0x30, 0x30), ingress_ ? 2.5 : 1);
  if (state_ == PodState::Terminating) pen.setStyle(Qt::DashLine);
  if (isSelected()) pen = QPen(QColor(0x10, 0x60, 0xd0), 3);
  p->setPen(pen);
  p->setBrush(podStateColor(state_));
  p->drawRoundedRect(r, 5, 5);
  if (lod < 0.45) return;  // too small to read: colour only
  p->setPen(Qt::black);
  QFont f = p->font();
  f.setPixelSize(11);
  p->setFont(f);
  QFontMetrics m(f);
  p->drawText(r.adjusted(5, 2, -4, 0), Qt::AlignLeft | Qt::AlignTop,
              m.elidedText(name_, Qt::ElideMiddle, static_cast<int>(r.width() - 9)));
  f.setPixelSize(10);
  p->setFont(f);
  p->drawText(r.adjusted(5, 0, -4, -3), Qt::AlignLeft | Qt::AlignBottom, ip_);
}

BoxItem::BoxItem(Style style, QSizeF size) : style_(style), size_(size) {
  setZValue(style == Style::Zone ? 0 : style == Style::Node ? 1 : 2);
}

QRectF BoxItem::boundingRect() const { return QRectF(QPointF(), size_).adjusted(-2, -2, 2, 2); }

void BoxItem::setSize(QSizeF size) {
  if (size == size_) return;
  prepareGeometryChange();
  size_ = size;
}

bool BoxItem::setText(const QString& title, const QString& subtitle, QColor border) {
  if (title == title_ && subtitle == subtitle_ && border == border_) return false;
  title_ = title;
  subtitle_ = subtitle;
  border_ = border;
  setData(kNameRole, title);
  setToolTip(subtitle.isEmpty() ? title : title + "\n" + subtitle);
  update();
  return true;
}

void BoxItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*) {
  double lod = option->levelOfDetailFromTransform(p->worldTransform());
  QRectF r(QPointF(), size_);
  QColor fill, line(0x50, 0x50, 0x50);
  switch (style_) {
    case Style::Zone:
      fill = QColor(0xf4, 0xf6, 0xfa);
      line = QColor(0x9a, 0xa6, 0xba);
      break;
    case Style::Node:
      fill = QColor(0xff, 0xff, 0xff);
      break;
    case Style::Service:
      fill = QColor(0xd8, 0xe8, 0xfb);
      line = QColor(0x2a, 0x6c, 0xc0);
      break;
    case Style::LoadBalancer:
      fill = QColor(0xe6, 0xdc, 0xf7);
      line = QColor(0x6a, 0x3d, 0xb0);
      break;
    case Style::Internet:
      fill = QColor(0xee, 0xee, 0xee);
      break;
    case Style::Ingress:
      fill = QColor(0xfd, 0xe9, 0xd2);
      line = QColor(0xe0, 0x80, 0x10);
      break;
    case Style::Dns:
      fill = QColor(0xe0, 0xf2, 0xe9);
      line = QColor(0x2e, 0x8b, 0x57);
      break;
    case Style::External:
      fill = QColor(0xf5, 0xf5, 0xdc);
      break;
  }
  if (border_.isValid()) line = border_;
  QPen pen(line, style_ == Style::Zone ? 1.5 : 2);
  if (dashed_) pen.setStyle(Qt::DashLine);
  if (isSelected()) pen = QPen(QColor(0x10, 0x60, 0xd0), 3);
  p->setPen(pen);
  p->setBrush(fill);
  if (style_ == Style::Internet) {
    p->drawEllipse(r);
  } else if (style_ == Style::LoadBalancer) {
    double c = std::min(16.0, r.height() / 2);
    QPolygonF hex({QPointF(c, 0), QPointF(r.width() - c, 0), QPointF(r.width(), r.height() / 2),
                   QPointF(r.width() - c, r.height()), QPointF(c, r.height()),
                   QPointF(0, r.height() / 2)});
    p->drawPolygon(hex);
  } else {
    p->drawRoundedRect(r, style_ == Style::Zone ? 10 : 6, style_ == Style::Zone ? 10 : 6);
  }
  if (lod < 0.3) return;
  QFont f = p->font();
  f.setPixelSize(style_ == Style::Zone ? 14 : 12);
  f.setBold(true);
  p->setFont(f);
  p->setPen(Qt::black);
  bool box_top = style_ == Style::Zone || style_ == Style::Node;
  QRectF text = r.adjusted(10, 4, -8, -4);
  QFontMetrics m(f);
  if (box_top) {
    p->drawText(text, Qt::AlignLeft | Qt::AlignTop,
                m.elidedText(title_, Qt::ElideRight, static_cast<int>(text.width())));
    f.setBold(false);
    f.setPixelSize(11);
    p->setFont(f);
    p->drawText(text, Qt::AlignRight | Qt::AlignTop, subtitle_);
  } else {
    p->drawText(text, Qt::AlignHCenter | Qt::AlignTop,
                m.elidedText(title_, Qt::ElideMiddle, static_cast<int>(text.width())));
    f.setBold(false);
    f.setPixelSize(11);
    p->setFont(f);
    QFontMetrics small(f);
    double y = text.top() + m.height() + 1;
    for (const QString& line : subtitle_.split('\n')) {
      p->drawText(QRectF(text.left(), y, text.width(), small.height()), Qt::AlignHCenter,
                  small.elidedText(line, Qt::ElideMiddle, static_cast<int>(text.width())));
      y += small.height();
    }
  }
}

}  // namespace kns::gui
