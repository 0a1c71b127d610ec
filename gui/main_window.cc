#include "gui/main_window.h"

#include <google/protobuf/util/json_util.h>

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QPainter>
#include <QSettings>
#include <QStatusBar>
#include <QSvgGenerator>
#include <QToolBar>
#include <fstream>
#include <sstream>

#include "gui/lessons.h"
#include "reports/bounded_read.h"

namespace kns::gui {
namespace {

double seconds(sim::Time t) { return std::chrono::duration<double>(t.time_since_epoch()).count(); }

}  // namespace

MainWindow::MainWindow() : worker_(new SimWorker) {
  setWindowTitle("kubenetsim");
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  thread_.start();
  // The worker's signals are emitted on this thread, from closures it posts to inbox_.
  worker_->setOutbox(&inbox_);
  connect(worker_, &SimWorker::snapshotReady, this, &MainWindow::showLatest);
  connect(worker_, &SimWorker::failed, this, &MainWindow::showError);
  connect(worker_, &SimWorker::loaded, this, &MainWindow::onLoaded);
  connect(worker_, &SimWorker::playingChanged, this, [this](bool playing) {
    playing_ = playing;
    play_action_->setText(playing ? "Pause" : "Play");
  });

  view_ = new TopologyView;
  setCentralWidget(view_);
  connect(view_, &TopologyView::selected, this, &MainWindow::select);
  buildActions();
  buildDocks();
  statusBar()->showMessage(
      "Open a scenario (File > Open scenario, or an example from "
      "scenarios/examples/).");
  view_->setNotice(
      "Open a scenario: File > Open scenario (the examples are in scenarios/examples/), or "
      "give one on the command line.");
}

MainWindow::~MainWindow() {
  thread_.quit();
  thread_.wait();
}

void MainWindow::buildActions() {
  QMenu* file = menuBar()->addMenu("&File");
  file->addAction("&Open scenario…", QKeySequence::Open, this, [this] {
    QString path = QFileDialog::getOpenFileName(this, "Open scenario", scenario_path_,
                                                "Scenarios (*.yaml *.yml);;All files (*)");
    if (!path.isEmpty()) openScenario(path);
  });
  recent_menu_ = file->addMenu("Open &recent");
  file->addAction("Open report.&json…", this, [this] {
    QString path =
        QFileDialog::getOpenFileName(this, "Open report", "out", "Reports (report.json *.json)");
    if (!path.isEmpty()) openReport(path);
  });
  file->addSeparator();
  file->addAction("Export &view (PNG or SVG)…", this, [this] {
    QString path = QFileDialog::getSaveFileName(this, "Export view", "topology.png",
                                                "PNG image (*.png);;SVG drawing (*.svg)");
    if (!path.isEmpty()) exportView(path);
  });
  file->addAction("Export &chart (PNG or SVG)…", this, [this] {
    QString path = QFileDialog::getSaveFileName(this, "Export chart", "chart.png",
                                                "PNG image (*.png);;SVG drawing (*.svg)");
    if (!path.isEmpty()) charts_->exportChart(path);
  });
  file->addSeparator();
  file->addAction("&Quit", QKeySequence::Quit, qApp, &QApplication::quit);
  refreshRecentMenu();

  QToolBar* bar = addToolBar("Run");
  bar->setMovable(false);
  play_action_ = bar->addAction("Play", this, [this] { playing_ ? pause() : play(); });
  play_action_->setShortcut(Qt::Key_Space);
  QAction* event = bar->addAction("Step event", this, [this] { stepEvent(); });
  event->setToolTip("Run the next event of the simulation (.)");
  event->setShortcut(Qt::Key_Period);
  QAction* hop = bar->addAction("Step hop", this, [this] { stepHop(); });
  hop->setToolTip("Run until a request moves to its next hop (right arrow)");
  hop->setShortcut(Qt::Key_Right);
  QAction* back = bar->addAction("Step back", this, [this] { stepBack(); });
  back->setToolTip("Back to the moment shown before, replayed exactly (left arrow)");
  back->setShortcut(Qt::Key_Left);
  auto* speed = new QComboBox;
  const std::pair<const char*, double> speeds[] = {
      {"1/1000×", 1e-3}, {"1/100×", 1e-2}, {"1/10×", 0.1}, {"1×", 1},
      {"10×", 10},       {"100×", 100},    {"max", 0}};
  for (const auto& [label, value] : speeds) speed->addItem(label, value);
  speed->setCurrentIndex(3);
  speed->setToolTip("Simulated time per wall-clock second");
  connect(speed, &QComboBox::currentIndexChanged, this,
          [this, speed](int i) { setSpeed(speed->itemData(i).toDouble()); });
  bar->addWidget(new QLabel(" speed "));
  bar->addWidget(speed);
  until_ = new QDoubleSpinBox;
  until_->setSuffix(" s");
  until_->setDecimals(3);
  until_->setRange(0, 1e7);
  bar->addSeparator();
  bar->addAction("Run until", this, [this] { runUntil(until_->value()); });
  bar->addWidget(until_);
  seed_ = new QSpinBox;
  seed_->setRange(0, 2147483647);
  seed_->setPrefix("seed ");
  bar->addSeparator();
  bar->addWidget(seed_);
  bar->addAction("Restart", this, [this] { restart(static_cast<quint64>(seed_->value())); });
  bar->addSeparator();
  bar->addAction("Fit", this, [this] { view_->fit(); });

  QToolBar* time_bar = new QToolBar("Time");
  time_bar->setMovable(false);
  addToolBarBreak();
  addToolBar(time_bar);
  clock_ = new QLabel("t = 0 s");
  clock_->setMinimumWidth(220);
  scrub_ = new QSlider(Qt::Horizontal);
  scrub_->setRange(0, 1000);
  scrub_->setToolTip("Drag to travel in simulated time (back is replayed exactly)");
  connect(scrub_, &QSlider::sliderReleased, this, [this] {
    if (shown_) seek(seconds(shown_->end) * scrub_->value() / 1000.0);
  });
  time_bar->addWidget(clock_);
  time_bar->addWidget(scrub_);
}

void MainWindow::buildDocks() {
  auto dock = [this](const char* title, QWidget* widget, Qt::DockWidgetArea area) {
    auto* d = new QDockWidget(title, this);
    d->setObjectName(title);
    d->setWidget(widget);
    addDockWidget(area, d);
    return d;
  };
  inspector_ = new InspectorPanel;
  requests_ = new RequestsPanel;
  lesson_ = new LessonPanel;
  charts_ = new ChartsPanel;
  tables_ = new TablePanel;
  QDockWidget* inspector = dock("Inspector", inspector_, Qt::RightDockWidgetArea);
  QDockWidget* requests = dock("Requests", requests_, Qt::RightDockWidgetArea);
  tabifyDockWidget(requests, inspector);
  inspector->raise();
  QDockWidget* lesson = dock("Lesson", lesson_, Qt::LeftDockWidgetArea);
  QDockWidget* charts = dock("Charts", charts_, Qt::BottomDockWidgetArea);
  QDockWidget* tables = dock("kubectl get", tables_, Qt::BottomDockWidgetArea);
  splitDockWidget(charts, tables, Qt::Horizontal);
  resizeDocks({inspector, lesson}, {400, 210}, Qt::Horizontal);
  resizeDocks({charts}, {250}, Qt::Vertical);
  connect(requests_, &RequestsPanel::selected, this, &MainWindow::select);
  connect(tables_, &TablePanel::kindChanged, this, [this](const QString& kind) {
    toWorker([w = worker_, kind] { w->setTableKind(kind); });
  });
}

void MainWindow::openScenario(const QString& path) {
  statusBar()->showMessage("Loading " + path + " …");
  toWorker([w = worker_, path] { w->open(path); });
}

void MainWindow::onLoaded(const QString& path, const QString& name, const QString& description,
                          const QString& warnings) {
  scenario_path_ = path;
  fitted_ = false;
  shown_.reset();
  setWindowTitle(QStringLiteral("kubenetsim — %1 (%2)").arg(name, QFileInfo(path).fileName()));
  std::ifstream in(path.toStdString());
  std::stringstream text;
  text << in.rdbuf();
  lesson_->show(lessonFromScenarioText(text.str()), description.toStdString(),
                warnings.toStdString());
  rememberRecent(path);
  statusBar()->showMessage("Loaded " + path +
                               (warnings.isEmpty() ? QString(". Press Play (space), or step.")
                                                   : QString(" with warnings (in the Lesson "
                                                             "panel). Press Play, or step.")),
                           8000);
}

bool MainWindow::openReport(const QString& path) {
  // A regular file of at most 64 MiB (a long run's report is a few MiB): a device, a FIFO or a
  // runaway file is refused before it is read.
  std::string text, error;
  if (!reports::readBoundedFile(path.toStdString(), 64 * 1024 * 1024, text, error)) {
    showError("Cannot open report", path + " " + QString::fromStdString(error));
    return false;
  }
  auto report = std::make_shared<reports::proto::Report>();
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(text, report.get(), options);
  if (!status.ok() || report->run().scenario().empty()) {
    QString why = status.ok() ? QStringLiteral("it has no run.scenario")
                              : QString::fromStdString(std::string(status.ToString()));
    showError("Not a kubenetsim report",
              path + " is not a report.json written by `kubenetsim run`: " + why);
    return false;
  }
  charts_->show(report, {});
  view_->setNotice(
      "A report holds the results of a run, not its cluster: open its scenario (File > Open "
      "scenario) to watch it run.");
  Inspector summary;
  summary.title = "Report " + report->run().scenario() + " (" + path.toStdString() + ")";
  Section run{"Run", {"Field", "Value"}, {}, {}};
  run.rows = {{"Seed", std::to_string(report->run().seed())},
              {"Simulated", std::to_string(report->run().simulated_s()) + " s"},
              {"Events", std::to_string(report->run().events())},
              {"Fingerprint", report->run().fingerprint()}};
  summary.sections.push_back(run);
  Section scopes{
      "Scopes", {"Kind", "Name", "Requests", "Errors", "p50 ms", "p99 ms", "Jain"}, {}, {}};
  for (const auto& s : report->scopes()) {
    if (s.kind() != "run" && s.kind() != "traffic" && s.kind() != "service") continue;
    scopes.rows.push_back(
        {s.kind(), s.name(), std::to_string(s.requests()), std::to_string(s.errors()),
         QString::number(s.latency().p50_ms()).toStdString(),
         QString::number(s.latency().p99_ms()).toStdString(),
         s.kind() == "service" ? QString::number(s.fairness().jain(), 'f', 4).toStdString() : ""});
  }
  summary.sections.push_back(scopes);
  Section causes{"Failed requests by cause (whole run)", {"Cause", "Requests"}, {}, {}};
  for (const auto& scope : report->scopes()) {
    if (scope.kind() != "run") continue;
    for (const auto& e : scope.errors_by_cause())
      causes.rows.push_back({e.cause(), std::to_string(e.count())});
  }
  if (!causes.rows.empty()) summary.sections.push_back(causes);
  Section slos{"SLOs", {"SLO", "Measured", "Passed"}, {}, {}};
  for (const auto& v : report->slos())
    slos.rows.push_back(
        {v.slo(), QString::number(v.measured()).toStdString(), v.passed() ? "yes" : "NO"});
  if (!slos.rows.empty()) summary.sections.push_back(slos);
  inspector_->show(summary);
  statusBar()->showMessage("Showing report " + path);
  return true;
}

void MainWindow::showError(const QString& title, const QString& message) {
  statusBar()->showMessage(title);
  if (!error_dialog_) {
    error_dialog_ = new QMessageBox(this);
    error_dialog_->setIcon(QMessageBox::Critical);
    error_dialog_->setStandardButtons(QMessageBox::Ok);
  }
  error_dialog_->setWindowTitle(title);
  error_dialog_->setText(title);
  error_dialog_->setInformativeText(message.left(4000));
  error_dialog_->open();  // not exec(): the simulation and the UI keep running
  emit openFailed(title, message);
}

void MainWindow::play() {
  toWorker([w = worker_] { w->play(); });
}
void MainWindow::pause() {
  toWorker([w = worker_] { w->pause(); });
}
void MainWindow::stepEvent() {
  toWorker([w = worker_] { w->stepEvent(); });
}
void MainWindow::stepHop() {
  toWorker([w = worker_] { w->stepHop(); });
}
void MainWindow::stepBack() {
  toWorker([w = worker_] { w->stepBack(); });
}
void MainWindow::runUntil(double s) {
  toWorker([w = worker_, s] { w->runUntil(s); });
}
void MainWindow::seek(double s) {
  toWorker([w = worker_, s] { w->seek(s); });
}
void MainWindow::restart(quint64 seed) {
  toWorker([w = worker_, seed] { w->restart(seed); });
}
void MainWindow::setSpeed(double speed) {
  toWorker([w = worker_, speed] { w->setSpeed(speed); });
}

void MainWindow::select(const Selection& s) {
  toWorker([w = worker_, s] {
    w->select(static_cast<int>(s.kind), s.id, QString::fromStdString(s.name));
  });
}

void MainWindow::showLatest() {
  SnapshotPtr s = worker_->latest();
  if (!s || (shown_ && s->serial == shown_->serial && s == shown_)) return;
  QElapsedTimer frame;
  frame.start();
  bool first = !shown_ || shown_->file != s->file;
  shown_ = s;
  if (first) view_->setNotice("");
  view_->topology()->show(s);
  inspector_->show(s->inspector);
  tables_->show(*s);
  charts_->show(s->report, s->errors);
  // The list is rebuilt only when the run stands still: clicking in it while it scrolls away
  // at 60 frames a second is no use.
  if (!playing_ || s->finished) requests_->show(*s);
  clock_->setText(QStringLiteral("t = %1 s of %2 s · %3 events · %4 in flight")
                      .arg(seconds(s->time), 0, 'f', 6)
                      .arg(seconds(s->end), 0, 'f', 0)
                      .arg(s->events)
                      .arg(s->in_flight_total));
  if (!scrub_->isSliderDown() && s->end > sim::Time{})
    scrub_->setValue(static_cast<int>(1000 * seconds(s->time) / seconds(s->end)));
  if (first) {
    seed_->setValue(static_cast<int>(s->seed));
    until_->setValue(seconds(s->end));
  }
  if (!fitted_) {
    view_->fit();
    fitted_ = true;
  } else if (view_->topology()->layouts() != layouts_) {
    view_->keepFitted();
  }
  layouts_ = view_->topology()->layouts();
  view_->viewport()->repaint();  // paint now, so the frame time includes drawing
  frame_times_.push_back(static_cast<double>(frame.nsecsElapsed()) / 1e6);
  emit snapshotShown(s->serial);
}

bool MainWindow::exportView(const QString& path) {
  QGraphicsScene* scene = view_->scene();
  QRectF source = scene->itemsBoundingRect().adjusted(-20, -20, 20, 20);
  if (path.endsWith(".svg", Qt::CaseInsensitive)) {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(source.size().toSize());
    svg.setViewBox(QRectF(QPointF(), source.size()));
    QPainter painter;
    if (!painter.begin(&svg)) return false;
    scene->render(&painter, QRectF(QPointF(), source.size()), source);
    return painter.end();
  }
  QImage image(source.size().toSize() * 2, QImage::Format_ARGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  scene->render(&painter, QRectF(QPointF(), image.size()), source);
  painter.end();
  return image.save(path);
}

void MainWindow::rememberRecent(const QString& path) {
  QSettings settings("kubenetsim", "kubenetsim-gui");
  QStringList recent = settings.value("recent").toStringList();
  QString absolute = QFileInfo(path).absoluteFilePath();
  recent.removeAll(absolute);
  recent.prepend(absolute);
  while (recent.size() > 10) recent.removeLast();
  settings.setValue("recent", recent);
  refreshRecentMenu();
}

void MainWindow::refreshRecentMenu() {
  recent_menu_->clear();
  QSettings settings("kubenetsim", "kubenetsim-gui");
  for (const QString& path : settings.value("recent").toStringList()) {
    recent_menu_->addAction(path, this, [this, path] { openScenario(path); });
  }
  recent_menu_->setEnabled(!recent_menu_->isEmpty());
}

}  // namespace kns::gui
