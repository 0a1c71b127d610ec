// The inspector: the selected object's state as titled tables and text, from the snapshot.
#pragma once

#include <QTextBrowser>

#include "gui/snapshot.h"

namespace kns::gui {

class InspectorPanel : public QTextBrowser {
  Q_OBJECT

 public:
  explicit InspectorPanel(QWidget* parent = nullptr);
  // Redraws only when the content changed (keeps the scroll position while playing).
  void show(const Inspector& inspector);
  static QString html(const Inspector& inspector);

 private:
  QString shown_;
};

}  // namespace kns::gui
