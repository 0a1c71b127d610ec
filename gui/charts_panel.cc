#include "gui/charts_panel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QPushButton>
#include <QSvgGenerator>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace kns::gui {
namespace {

QChartView* newChartView() {
  auto* view = new QChartView(new QChart);
  view->setRenderHint(QPainter::Antialiasing);
  view->chart()->legend()->setAlignment(Qt::AlignBottom);
  view->chart()->setMargins(QMargins(4, 4, 4, 4));
  return view;
}

// Small fonts: the charts share the window with the topology and must stay legible small.
void styleAxes(QChart* chart) {
  QFont labels;
  labels.setPixelSize(10);
  for (QAbstractAxis* axis : chart->axes()) {
    axis->setLabelsFont(labels);
    axis->setTitleFont(labels);
  }
  QFont title;
  title.setPixelSize(12);
  title.setBold(true);
  chart->setTitleFont(title);
  chart->legend()->setFont(labels);
}

void clear(QChart* chart) {
  chart->removeAllSeries();
  for (QAbstractAxis* axis : chart->axes()) {
    chart->removeAxis(axis);
    delete axis;
  }
}

// A time axis from 0 to the run's end with round ticks (1, 2 or 5 times a power of ten).
QValueAxis* timeAxis(double end) {
  auto* x = new QValueAxis;
  x->setTitleText("simulated time (s)");
  x->setRange(0, end);
  x->setLabelFormat("%g");
  double raw = end / 6, step = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * step >= raw) {
      step *= m;
      break;
    }
  }
  x->setTickType(QValueAxis::TicksDynamic);
  x->setTickAnchor(0);
  x->setTickInterval(step);
  return x;
}

const reports::proto::Scope* runScope(const reports::proto::Report& report) {
  for (const auto& s : report.scopes())
    if (s.kind() == "run") return &s;
  return nullptr;
}

}  // namespace

ChartsPanel::ChartsPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  auto* bar = new QHBoxLayout;
  service_ = new QComboBox;
  service_->setToolTip("The Service whose endpoints the bar chart shows");
  auto* export_button = new QPushButton("Export chart…");
  bar->addWidget(service_, 1);
  bar->addWidget(export_button);
  layout->addLayout(bar);
  tabs_ = new QTabWidget;
  latency_ = newChartView();
  bars_ = newChartView();
  errors_view_ = newChartView();
  tabs_->addTab(latency_, "Latency over time");
  tabs_->addTab(bars_, "Requests per pod");
  tabs_->addTab(errors_view_, "Errors by cause");
  layout->addWidget(tabs_, 1);
  connect(service_, &QComboBox::currentIndexChanged, this, [this] {
    fairness_text_ = fairnessOf(service_->currentText());
    dirty_[1] = true;
    drawCurrent();
  });
  connect(tabs_, &QTabWidget::currentChanged, this, [this] { drawCurrent(); });
  connect(export_button, &QPushButton::clicked, this, [this] {
    QString path = QFileDialog::getSaveFileName(this, "Export chart", "chart.png",
                                                "PNG image (*.png);;SVG drawing (*.svg)");
    if (!path.isEmpty()) exportChart(path);
  });
}

void ChartsPanel::show(const std::shared_ptr<const reports::proto::Report>& report,
                       const std::vector<ErrorWindow>& errors) {
  if (report == report_) return;
  report_ = report;
  errors_ = errors;
  // Services that received traffic, busiest first; the choice survives a refresh.
  QString chosen = service_->currentText();
  std::vector<std::pair<std::uint64_t, QString>> services;
  if (report_) {
    for (const auto& s : report_->scopes()) {
      if (s.kind() == "service" && s.endpoints_size() > 0)
        services.emplace_back(s.requests(), QString::fromStdString(s.name()));
    }
  }
  std::stable_sort(services.begin(), services.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  QStringList names;
  for (const auto& [n, name] : services) names << name;
  QStringList current;
  for (int i = 0; i < service_->count(); ++i) current << service_->itemText(i);
  if (current != names) {
    QSignalBlocker block(service_);
    service_->clear();
    service_->addItems(names);
    int i = service_->findText(chosen);
    service_->setCurrentIndex(i >= 0 ? i : 0);
  }
  fairness_text_ = fairnessOf(service_->currentText());
  // Only the chart on screen is drawn now (a chart costs ~10 ms); the others when shown.
  dirty_ = {true, true, true};
  drawCurrent();
}

QString ChartsPanel::fairnessOf(const QString& service) const {
  if (!report_) return QString();
  for (const auto& s : report_->scopes()) {
    if (s.kind() == "service" && QString::fromStdString(s.name()) == service)
      return QString::number(s.fairness().jain(), 'f', 4);
  }
  return QString();
}

void ChartsPanel::drawCurrent() {
  int tab = tabs_->currentIndex();
  if (tab < 0 || !dirty_[static_cast<std::size_t>(tab)]) return;
  dirty_[static_cast<std::size_t>(tab)] = false;
  if (tab == 0) drawLatency();
  if (tab == 1) drawBars();
  if (tab == 2) drawErrors();
}

void ChartsPanel::drawLatency() {
  QChart* chart = latency_->chart();
  clear(chart);
  chart->setTitle("User-facing latency per window (ms, log scale)");
  if (!report_) return;
  const reports::proto::Scope* run = runScope(*report_);
  if (!run) return;
  auto* p50 = new QLineSeries;
  auto* p99 = new QLineSeries;
  p50->setName("p50");
  p99->setName("p99");
  double lo = 1e9, hi = 0, t_max = std::max(1.0, report_->run().duration_s());
  for (const auto& w : run->windows()) {
    if (w.requests() == 0) continue;
    double t = w.start_s() + report_->run().window_s() / 2;
    p50->append(t, std::max(w.p50_ms(), 1e-3));
    p99->append(t, std::max(w.p99_ms(), 1e-3));
    lo = std::min(lo, std::max(w.p50_ms(), 1e-3));
    hi = std::max(hi, w.p99_ms());
  }
  if (hi <= 0) {
    lo = 0.1;
    hi = 10;
  }
  QValueAxis* x = timeAxis(t_max);
  auto* y = new QLogValueAxis;
  y->setTitleText("ms");
  y->setBase(10);
  y->setLabelFormat("%g");
  y->setRange(std::pow(10, std::floor(std::log10(lo))),
              std::pow(10, std::ceil(std::log10(hi * 1.01))));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  for (QLineSeries* s : {p50, p99}) {
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
  }
  p99->setPen(QPen(QColor(0xd6, 0x27, 0x28), 2));
  p50->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 2));
  // The timeline's events as dashed vertical lines, named in the legend.
  int shown = 0;
  for (const auto& mark : report_->timeline()) {
    if (++shown > 6) break;
    auto* line = new QLineSeries;
    line->setName(
        QStringLiteral("%1 s: %2").arg(mark.at_s()).arg(QString::fromStdString(mark.event())));
    line->append(mark.at_s(), y->min());
    line->append(mark.at_s(), y->max());
    line->setPen(QPen(QColor(0x70, 0x70, 0x70), 1.5, Qt::DashLine));
    chart->addSeries(line);
    line->attachAxis(x);
    line->attachAxis(y);
  }
  styleAxes(chart);
}

void ChartsPanel::drawBars() {
  QChart* chart = bars_->chart();
  clear(chart);
  chart->setTitle("Requests per endpoint pod");
  if (!report_) return;
  const reports::proto::Scope* scope = nullptr;
  for (const auto& s : report_->scopes()) {
    if (s.kind() == "service" && QString::fromStdString(s.name()) == service_->currentText())
      scope = &s;
  }
  if (!scope) return;
  chart->setTitle(QStringLiteral("svc %1: requests per endpoint pod — Jain's fairness index %2 "
                                 "over %3 endpoints (1 = even)")
                      .arg(QString::fromStdString(scope->name()), fairness_text_)
                      .arg(scope->fairness().endpoints()));
  auto* set = new QBarSet("requests");
  auto* gone = new QBarSet("requests (pod since deleted)");
  QStringList categories;
  std::uint64_t most = 1;
  for (const auto& e : scope->endpoints()) {
    categories << QString::fromStdString(e.pod());
    *set << (e.gone() ? 0 : static_cast<double>(e.requests()));
    *gone << (e.gone() ? static_cast<double>(e.requests()) : 0);
    most = std::max<std::uint64_t>(most, e.requests());
  }
  auto* series = new QBarSeries;
  series->append(set);
  series->append(gone);
  series->setBarWidth(0.8);
  chart->addSeries(series);
  auto* x = new QBarCategoryAxis;
  x->append(categories);
  x->setLabelsAngle(categories.size() > 6 ? -60 : 0);
  auto* y = new QValueAxis;
  y->setRange(0, static_cast<double>(most) * 1.1);
  y->setLabelFormat("%.0f");
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(x);
  series->attachAxis(y);
  styleAxes(chart);
}

void ChartsPanel::drawErrors() {
  QChart* chart = errors_view_->chart();
  clear(chart);
  chart->setTitle("Failed requests per window, by cause");
  if (!report_) return;
  double t_max = std::max(1.0, report_->run().duration_s());
  double window = std::max(report_->run().window_s(), 1e-3);
  QValueAxis* x = timeAxis(t_max);
  auto* y = new QValueAxis;
  y->setLabelFormat("%.0f");
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  std::uint64_t most = 1;
  for (int cause = 1; cause < models::kRequestOutcomeCount; ++cause) {
    bool any = false;
    for (const ErrorWindow& w : errors_) any = any || w.counts[static_cast<std::size_t>(cause)] > 0;
    if (!any) continue;
    auto* s = new QLineSeries;
    s->setName(models::outcomeName(static_cast<models::RequestOutcome>(cause)));
    // Zero between windows with failures, so a burst shows as a spike, not a ramp.
    double last = -1;
    for (const ErrorWindow& w : errors_) {
      std::uint64_t c = w.counts[static_cast<std::size_t>(cause)];
      if (c == 0) continue;
      if (w.start_s - last > window * 1.5) {
        s->append(std::max(0.0, w.start_s - window / 2), 0);
      }
      s->append(w.start_s + window / 2, static_cast<double>(c));
      last = w.start_s;
      most = std::max(most, c);
    }
    s->append(last + window * 1.5, 0);
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
  }
  if (chart->series().isEmpty()) {
    // A report.json has no causes per window: its failures per window, all causes together.
    if (const reports::proto::Scope* run = runScope(*report_)) {
      auto* all = new QLineSeries;
      all->setName("failed, all causes (by cause: the Inspector's summary)");
      for (const auto& w : run->windows()) {
        all->append(w.start_s() + window / 2, static_cast<double>(w.errors()));
        most = std::max<std::uint64_t>(most, w.errors());
      }
      if (errors_.empty() && run->errors() > 0) {
        chart->addSeries(all);
        all->attachAxis(x);
        all->attachAxis(y);
      } else {
        delete all;
      }
    }
  }
  y->setRange(0, static_cast<double>(most) * 1.1);
  if (chart->series().isEmpty()) chart->setTitle("Failed requests per window: none so far");
  styleAxes(chart);
}

bool ChartsPanel::exportChart(const QString& path) const {
  auto* view = static_cast<QChartView*>(tabs_->currentWidget());
  if (path.endsWith(".svg", Qt::CaseInsensitive)) {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(view->size());
    svg.setViewBox(QRect(QPoint(), view->size()));
    svg.setTitle(view->chart()->title());
    QPainter painter;
    if (!painter.begin(&svg)) return false;
    view->render(&painter);
    return painter.end();
  }
  return view->grab().save(path);
}

}  // namespace kns::gui
