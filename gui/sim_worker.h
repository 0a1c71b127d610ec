// The simulation's thread: owns the Session, runs it at the chosen speed and publishes immutable
// snapshots. The UI talks to it only through queued calls and reads the latest snapshot; it
// never waits for the simulation, so it answers input while the run goes at full speed.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>
#include <memory>
#include <mutex>

#include "gui/mailbox.h"
#include "gui/session.h"

namespace kns::gui {

class SimWorker : public QObject {
  Q_OBJECT

 public:
  // Speed in simulated seconds per wall second; 0 means as fast as possible.
  static constexpr double kMaxSpeed = 0;

  SimWorker();
  ~SimWorker() override;

  // The newest snapshot (any thread); null before a scenario is loaded.
  SnapshotPtr latest() const;
  // Calls to this worker, from any thread (gui/mailbox.h); it lives on the worker's thread.
  Mailbox& inbox() { return *inbox_; }
  // Where the signals below are emitted: closures posted to `outbox` emit them on its thread.
  // Set once, before the worker runs. Without one they are emitted here.
  void setOutbox(Mailbox* outbox) { outbox_ = outbox; }

 public slots:
  void open(const QString& path);
  void restart(quint64 seed);
  void play();
  void pause();
  void setSpeed(double speed);
  void stepEvent();
  void stepHop();
  void stepBack();
  void runUntil(double seconds);
  void seek(double seconds);
  void select(int kind, quint64 id, const QString& name);
  void setTableKind(const QString& kind);
  void setMaxDots(int dots);

 signals:
  // `warnings`: what loading warned about, as `kubenetsim validate` prints it ("" if nothing).
  void loaded(const QString& path, const QString& name, const QString& description,
              const QString& warnings);
  void failed(const QString& title, const QString& message);
  void snapshotReady();
  void playingChanged(bool playing);

 private:
  // Runs `f`. An exception from the simulation (a SimulationError: a bug in a model) stops the
  // run and shows in a dialog; the program goes on.
  template <typename F>
  void guarded(F&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      setPlaying(false);
      notify(&SimWorker::failed, QStringLiteral("The simulation stopped"),
             QString::fromStdString(e.what()));
    }
  }
  void tick();
  void publish(bool fresh_report);
  void publishSnapshot(SnapshotPtr snapshot);
  void setPlaying(bool playing);

  // Emits a signal on the outbox's thread (with copies of its arguments).
  template <typename... Args, typename... Values>
  void notify(void (SimWorker::*signal)(Args...), Values... values) {
    if (!outbox_) {
      (this->*signal)(values...);
      return;
    }
    outbox_->post([this, signal, values...] { (this->*signal)(values...); });
  }

  Mailbox* inbox_;
  Mailbox* outbox_ = nullptr;
  std::unique_ptr<Session> session_;
  QTimer* timer_ = nullptr;
  QElapsedTimer wall_;
  QElapsedTimer report_age_;
  double speed_ = 1.0;
  bool playing_ = false;
  std::optional<sim::Time> until_;  // "run until": stop there
  mutable std::mutex mutex_;
  SnapshotPtr latest_;
};

}  // namespace kns::gui
