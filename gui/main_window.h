// The main window: the topology in the middle, the inspector and recent requests on the right,
// the lesson on the left, charts and the kubectl table below, and the run controls on top.
#pragma once

#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QMainWindow>
#include <QMessageBox>
#include <QSlider>
#include <QSpinBox>
#include <QThread>
#include <vector>

#include "gui/charts_panel.h"
#include "gui/inspector_panel.h"
#include "gui/mailbox.h"
#include "gui/side_panels.h"
#include "gui/sim_worker.h"
#include "gui/topology_view.h"

namespace kns::gui {

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  MainWindow();
  ~MainWindow() override;

  // The same as File > Open: loads on the simulation's thread; errors show in a dialog.
  void openScenario(const QString& path);
  // Shows a headless run's report.json in the charts and the inspector; false (and a dialog)
  // when the file is not a report.
  bool openReport(const QString& path);

  // Controls, as the toolbar's buttons call them.
  void play();
  void pause();
  void stepEvent();
  void stepHop();
  void stepBack();
  void runUntil(double seconds);
  void seek(double seconds);
  void restart(quint64 seed);
  void setSpeed(double speed);  // simulated seconds per wall second; 0 = as fast as possible
  void select(const Selection& selection);
  bool exportView(const QString& path);

  // What is on screen now, for tests and screenshots.
  SnapshotPtr shown() const { return shown_; }
  bool playing() const { return playing_; }
  TopologyView* topologyView() const { return view_; }
  InspectorPanel* inspector() const { return inspector_; }
  ChartsPanel* charts() const { return charts_; }
  TablePanel* tables() const { return tables_; }
  RequestsPanel* requests() const { return requests_; }
  LessonPanel* lesson() const { return lesson_; }
  QMessageBox* errorDialog() const { return error_dialog_; }
  // Milliseconds each shown snapshot took to apply and paint.
  const std::vector<double>& frameTimes() const { return frame_times_; }

 signals:
  void snapshotShown(quint64 serial);
  // A scenario or report could not be opened (the dialog shows the same).
  void openFailed(const QString& title, const QString& message);

 private:
  void buildActions();
  void buildDocks();
  void showLatest();
  void showError(const QString& title, const QString& message);
  void onLoaded(const QString& path, const QString& name, const QString& description,
                const QString& warnings);
  void rememberRecent(const QString& path);
  void refreshRecentMenu();
  template <typename F>
  void toWorker(F f) {
    worker_->inbox().post(std::move(f));
  }

  QThread thread_;
  Mailbox inbox_;  // what the simulation's thread sends back (gui/mailbox.h)
  SimWorker* worker_;
  TopologyView* view_;
  InspectorPanel* inspector_;
  ChartsPanel* charts_;
  TablePanel* tables_;
  RequestsPanel* requests_;
  LessonPanel* lesson_;
  QLabel* clock_;
  QSlider* scrub_;
  QDoubleSpinBox* until_;
  QSpinBox* seed_;
  QAction* play_action_;
  QMenu* recent_menu_;
  QMessageBox* error_dialog_ = nullptr;
  SnapshotPtr shown_;
  bool playing_ = false;
  bool fitted_ = false;
  int layouts_ = 0;
  std::vector<double> frame_times_;
  QString scenario_path_;
};

}  // namespace kns::gui
