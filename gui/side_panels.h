// The small panels around the topology: the `kubectl get` table, the list of recent requests,
// and the lesson of an example scenario.
#pragma once

#include <QAbstractTableModel>
#include <QComboBox>
#include <QListWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QWidget>

#include "gui/lessons.h"
#include "gui/snapshot.h"

namespace kns::gui {

// A ResourceTable as a Qt model: replacing it is one reset, whatever the row count.
class ResourceTableModel : public QAbstractTableModel {
 public:
  void set(const scenarios::ResourceTable& table);
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  const scenarios::ResourceTable& table() const { return table_; }

 private:
  scenarios::ResourceTable table_;
};

// `kubectl get -A -o wide` of pods, svc, endpoints, ingress or nodes at the shown time.
class TablePanel : public QWidget {
  Q_OBJECT

 public:
  explicit TablePanel(QWidget* parent = nullptr);
  void show(const Snapshot& snapshot);
  const scenarios::ResourceTable& table() const { return model_->table(); }
  QComboBox* kind() const { return kind_; }

 signals:
  void kindChanged(const QString& kind);

 private:
  QComboBox* kind_;
  QTableView* view_;
  ResourceTableModel* model_;
  std::vector<std::size_t> sized_for_;  // the longest text per column when last sized
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
  // `warnings`: what loading the scenario warned about, shown under the lesson.
  void show(const Lesson& lesson, const std::string& description, const std::string& warnings);
};

}  // namespace kns::gui
