#include "gui/side_panels.h"

#include <QHeaderView>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>

namespace kns::gui {

void ResourceTableModel::set(const scenarios::ResourceTable& table) {
  if (table.header == table_.header && table.rows == table_.rows) return;
  beginResetModel();
  table_ = table;
  endResetModel();
}

int ResourceTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(table_.rows.size());
}

int ResourceTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(table_.header.size());
}

QVariant ResourceTableModel::data(const QModelIndex& index, int role) const {
  if (role != Qt::DisplayRole || !index.isValid()) return {};
  const auto& row = table_.rows[static_cast<std::size_t>(index.row())];
  auto column = static_cast<std::size_t>(index.column());
  return column < row.size() ? QString::fromStdString(row[column]) : QString();
}

QVariant ResourceTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
  return QString::fromStdString(table_.header[static_cast<std::size_t>(section)]);
}

TablePanel::TablePanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  kind_ = new QComboBox;
  for (const char* k : {"pods", "svc", "endpoints", "ingress", "nodes"})
    kind_->addItem(QStringLiteral("kubectl get %1 -A -o wide").arg(k), QString(k));
  model_ = new ResourceTableModel;
  model_->setParent(this);
  view_ = new QTableView;
  view_->setModel(model_);
  view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  view_->verticalHeader()->hide();
  view_->verticalHeader()->setDefaultSectionSize(20);
  // Column widths from a sample of rows: measuring 500 pods on every frame would freeze the UI.
  view_->horizontalHeader()->setResizeContentsPrecision(40);
  view_->setFont(QFont("monospace", 9));
  layout->addWidget(kind_);
  layout->addWidget(view_);
  connect(kind_, &QComboBox::currentIndexChanged, this,
          [this](int i) { emit kindChanged(kind_->itemData(i).toString()); });
}

void TablePanel::show(const Snapshot& s) {
  model_->set(s.table);
  // Columns are sized again when some text got longer than what they were sized for (a pod
  // going from Running to ContainerCreating), not on every frame.
  std::vector<std::size_t> longest(s.table.header.size(), 0);
  for (std::size_t c = 0; c < longest.size(); ++c) longest[c] = s.table.header[c].size();
  for (const auto& row : s.table.rows)
    for (std::size_t c = 0; c < row.size() && c < longest.size(); ++c)
      longest[c] = std::max(longest[c], row[c].size());
  bool grew = longest.size() != sized_for_.size();
  for (std::size_t c = 0; !grew && c < longest.size(); ++c) grew = longest[c] > sized_for_[c];
  if (grew) {
    view_->resizeColumnsToContents();
    sized_for_ = longest;
  }
}

RequestsPanel::RequestsPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  list_ = new QListWidget;
  list_->setFont(QFont("monospace", 9));
  layout->addWidget(new QLabel("Finished requests (newest first); click one for its journey"));
  layout->addWidget(list_);
  connect(list_, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
    Selection s;
    s.kind = Selection::Kind::Request;
    s.id = item->data(Qt::UserRole).toULongLong();
    emit selected(s);
  });
}

void RequestsPanel::show(const Snapshot& s) {
  std::uint64_t newest = s.recent.empty() ? ~0ull : s.recent.back().id;
  if (newest == newest_ &&
      list_->count() == static_cast<int>(std::min<std::size_t>(s.recent.size(), 100)))
    return;
  newest_ = newest;
  list_->clear();
  int shown = 0;
  for (auto it = s.recent.rbegin(); it != s.recent.rend() && shown < 100; ++it, ++shown) {
    const models::RequestRecord& r = *it;
    QString source = r.source < s.sources.size() ? QString::fromStdString(s.sources[r.source]) : "";
    auto* item = new QListWidgetItem(
        QStringLiteral("#%1  %2  %3  %4 ms  %5 hops")
            .arg(r.id)
            .arg(source, -10)
            .arg(QString(models::outcomeName(r.outcome)), -18)
            .arg(std::chrono::duration<double, std::milli>(r.latency()).count(), 8, 'f', 3)
            .arg(r.hop_count));
    item->setData(Qt::UserRole, static_cast<qulonglong>(r.id));
    if (r.outcome != models::RequestOutcome::Ok) item->setForeground(QColor(0xc0, 0x20, 0x20));
    list_->addItem(item);
  }
}

LessonPanel::LessonPanel(QWidget* parent) : QTextBrowser(parent) { setOpenExternalLinks(false); }

void LessonPanel::show(const Lesson& lesson, const std::string& description,
                       const std::string& warnings) {
  auto esc = [](const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); };
  QString html = "<h3>" + esc(lesson.title.empty() ? description : lesson.title) + "</h3>";
  if (!lesson.what_to_watch.empty()) {
    html +=
        "<div style='background:#fff6d6; padding:6px; border:1px solid #e8c860'><b>What to "
        "watch:</b> " +
        esc(lesson.what_to_watch) + "</div>";
  }
  for (const QString& p : QString::fromStdString(lesson.body).split("\n\n", Qt::SkipEmptyParts))
    html += "<p>" + p.toHtmlEscaped() + "</p>";
  if (!description.empty() && !lesson.title.empty())
    html += "<p><i>" + esc(description) + "</i></p>";
  if (lesson.empty() && description.empty())
    html += "<p>This scenario has no lesson: its file starts without a comment block.</p>";
  if (!warnings.empty()) {
    html += "<p><b>Warnings while loading</b></p><pre style='white-space:pre-wrap'>" +
            esc(warnings) + "</pre>";
  }
  setHtml(html);
}

}  // namespace kns::gui
