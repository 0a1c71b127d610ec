// The small panels around the topology: the `kubectl get` table, the list of recent requests,
// and the lesson of an example scenario.
#pragma once

#include <QComboBox>
#include <QListWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QWidget>

#include "gui/lessons.h"
#include "gui/snapshot.h"

namespace kns::gui {

// `kubectl get -A -o wide` of pods, svc, endpoints, ingress or nodes at the shown time.
class TablePanel : public QWidget {
  Q_OBJECT

 public:
  explicit TablePanel(QWidget* parent = nullptr);
  void show(const Snapshot& snapshot);
  QTableWidget* table() const { return table_; }
  QComboBox* kind() const { return kind_; }

 signals:
  void kindChanged(const QString& kind);

 private:
  QComboBox* kind_;
  QTableWidget* table_;
  scenarios::ResourceTable shown_;
};

// The last finished requests (newest first) and how many are in flight; a click selects one.
class RequestsPanel : public QWidget {
  Q_OBJECT

 public:
  explicit RequestsPanel(QWidget* parent = nullptr);
  void show(const Snapshot& snapshot);
  QListWidget* list() const { return list_; }

 signals:
  void selected(const Selection& selection);

 private:
  QListWidget* list_;
  std::uint64_t newest_ = ~0ull;
};

class LessonPanel : public QTextBrowser {
  Q_OBJECT

 public:
  explicit LessonPanel(QWidget* parent = nullptr);
  void show(const Lesson& lesson, const std::string& description);
};

}  // namespace kns::gui
