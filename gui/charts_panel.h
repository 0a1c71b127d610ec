// Charts of the run so far (or of an opened report.json): latency p50/p99 over time with the
// timeline's events marked, requests per pod of a Service with Jain's fairness index, and
// failures by cause over time. Each chart exports to PNG or SVG.
#pragma once

#include <QChartView>
#include <QComboBox>
#include <QTabWidget>
#include <QWidget>
#include <array>
#include <memory>

#include "gui/snapshot.h"

namespace kns::gui {

class ChartsPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ChartsPanel(QWidget* parent = nullptr);
  // Redraws when the report changed (snapshots share a report until it is rebuilt).
  void show(const std::shared_ptr<const reports::proto::Report>& report,
            const std::vector<ErrorWindow>& errors);
  // Writes the chart on screen as PNG or SVG (by the file's extension); false on failure.
  bool exportChart(const QString& path) const;
  // Jain's index as the bar chart shows it ("0.9873"), for the chosen Service.
  QString fairnessText() const { return fairness_text_; }
  QComboBox* serviceChooser() const { return service_; }
  QTabWidget* tabs() const { return tabs_; }

 private:
  void drawCurrent();
  QString fairnessOf(const QString& service) const;
  void drawLatency();
  void drawBars();
  void drawErrors();

  QTabWidget* tabs_;
  QChartView* latency_;
  QChartView* bars_;
  QChartView* errors_view_;
  QComboBox* service_;
  std::shared_ptr<const reports::proto::Report> report_;
  std::vector<ErrorWindow> errors_;
  QString fairness_text_;
  std::array<bool, 3> dirty_{true, true, true};
};

}  // namespace kns::gui
