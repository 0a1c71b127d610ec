#include "gui/side_panels.h"

#include <QHeaderView>
#include <QLabel>
#include <QVBoxLayout>

namespace kns::gui {

TablePanel::TablePanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  kind_ = new QComboBox;
  for (const char* k : {"pods", "svc", "endpoints", "ingress", "nodes"})
    kind_->addItem(QStringLiteral("kubectl get %1 -A -o wide").arg(k), QString(k));
  table_ = new QTableWidget;
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->setFont(QFont("monospace", 9));
  layout->addWidget(kind_);
  layout->addWidget(table_);
  connect(kind_, &QComboBox::currentIndexChanged, this,
          [this](int i) { emit kindChanged(kind_->itemData(i).toString()); });
}

void TablePanel::show(const Snapshot& s) {
  if (s.table.header == shown_.header && s.table.rows == shown_.rows) return;
  shown_ = s.table;
  table_->setColumnCount(static_cast<int>(s.table.header.size()));
  QStringList header;
  for (const auto& h : s.table.header) header << QString::fromStdString(h);
  table_->setHorizontalHeaderLabels(header);
  table_->setRowCount(static_cast<int>(s.table.rows.size()));
  for (std::size_t r = 0; r < s.table.rows.size(); ++r) {
    for (std::size_t c = 0; c < s.table.rows[r].size(); ++c) {
      auto* item = table_->item(static_cast<int>(r), static_cast<int>(c));
      QString text = QString::fromStdString(s.table.rows[r][c]);
      if (!item) {
        table_->setItem(static_cast<int>(r), static_cast<int>(c), new QTableWidgetItem(text));
      } else if (item->text() != text) {
        item->setText(text);
      }
    }
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
  if (newest == newest_ && list_->count() == static_cast<int>(std::min<std::size_t>(s.recent.size(), 100)))
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

LessonPanel::LessonPanel(QWidget* parent) : QTextBrowser(parent) {
  setOpenExternalLinks(false);
}

void LessonPanel::show(const Lesson& lesson, const std::string& description) {
  auto esc = [](const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); };
  QString html = "<h3>" + esc(lesson.title.empty() ? description : lesson.title) + "</h3>";
  if (!lesson.what_to_watch.empty()) {
    html += "<div style='background:#fff6d6; padding:6px; border:1px solid #e8c860'><b>What to "
            "watch:</b> " +
            esc(lesson.what_to_watch) + "</div>";
  }
  for (const QString& p : QString::fromStdString(lesson.body).split("\n\n", Qt::SkipEmptyParts))
    html += "<p>" + p.toHtmlEscaped() + "</p>";
  if (!description.empty() && !lesson.title.empty()) html += "<p><i>" + esc(description) + "</i></p>";
  if (lesson.empty() && description.empty())
    html += "<p>This scenario has no lesson: its file starts without a comment block.</p>";
  setHtml(html);
}

}  // namespace kns::gui
