// The topology's view: wheel to zoom (about the cursor), drag to pan, "fit" to see everything;
// a click on a pod, node, Service, load balancer, ingress controller or request dot selects it.
#pragma once

#include <QGraphicsView>
#include <QLabel>

#include "gui/snapshot.h"
#include "gui/topology_scene.h"

namespace kns::gui {

class TopologyView : public QGraphicsView {
  Q_OBJECT

 public:
  explicit TopologyView(QWidget* parent = nullptr);
  TopologyScene* topology() const { return scene_; }
  // Shows everything; later layouts and resizes keep fitting until the user zooms or pans.
  void fit();
  void zoomBy(double factor);
  // Fits again unless the user has zoomed or panned since the last fit.
  void keepFitted();
  // A line of text over the empty view ("" hides it): what to do when there is no cluster.
  void setNotice(const QString& text);

 signals:
  void selected(const Selection& selection);

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  TopologyScene* scene_;
  QLabel* legend_ = nullptr;
  QLabel* notice_ = nullptr;
  bool user_moved_ = false;
};

}  // namespace kns::gui
