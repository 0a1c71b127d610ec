#include "gui/sim_worker.h"

#include <QFileInfo>

namespace kns::gui {
namespace {
constexpr int kTickMs = 15;            // about 60 frames a second at most
constexpr int kReportRefreshMs = 250;  // charts are rebuilt four times a second while playing
constexpr std::chrono::milliseconds kMaxSpeedBudget{25};

sim::Time fromSeconds(double s) {
  return sim::Time{std::chrono::duration_cast<sim::Duration>(std::chrono::duration<double>(s))};
}
}  // namespace

SimWorker::SimWorker() : inbox_(new Mailbox(this)) {
  timer_ = new QTimer(this);
  timer_->setInterval(kTickMs);
  connect(timer_, &QTimer::timeout, this, &SimWorker::tick);
}

SimWorker::~SimWorker() = default;

SnapshotPtr SimWorker::latest() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return latest_;
}

void SimWorker::publishSnapshot(SnapshotPtr snapshot) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    latest_ = std::move(snapshot);
  }
  notify(&SimWorker::snapshotReady);
}

void SimWorker::publish(bool fresh_report) {
  if (!session_ || !session_->loaded()) return;
  if (fresh_report) report_age_.restart();
  publishSnapshot(session_->snapshot(fresh_report));
}

void SimWorker::setPlaying(bool playing) {
  if (playing == playing_) return;
  playing_ = playing;
  if (playing) {
    wall_.restart();
    timer_->start();
  } else {
    timer_->stop();
    until_.reset();
  }
  notify(&SimWorker::playingChanged, playing);
}

void SimWorker::open(const QString& path) {
  guarded([&] {
    setPlaying(false);
    auto next = std::make_unique<Session>();
    std::string errors;
    if (!next->load(path.toStdString(), &errors)) {
      notify(&SimWorker::failed, QStringLiteral("Cannot open %1").arg(QFileInfo(path).fileName()),
             QString::fromStdString(errors));
      return;
    }
    session_ = std::move(next);
    const auto& metadata = session_->scenario().scenario.metadata();
    notify(&SimWorker::loaded, path, QString::fromStdString(metadata.name()),
           QString::fromStdString(metadata.description()),
           QString::fromStdString(session_->warnings()));
    publish(true);
  });
}

void SimWorker::restart(quint64 seed) {
  guarded([&] {
    if (!session_) return;
    setPlaying(false);
    std::string errors;
    if (!session_->restart(seed, &errors)) {
      notify(&SimWorker::failed, QStringLiteral("Cannot restart"), QString::fromStdString(errors));
      return;
    }
    publish(true);
  });
}

void SimWorker::play() {
  if (!session_ || session_->finished()) return;
  setPlaying(true);
}

void SimWorker::pause() {
  guarded([&] {
    setPlaying(false);
    publish(true);
  });
}

void SimWorker::setSpeed(double speed) { speed_ = speed; }

void SimWorker::stepEvent() {
  guarded([&] {
    if (!session_) return;
    setPlaying(false);
    session_->stepEvent();
    publish(true);
  });
}

void SimWorker::stepHop() {
  guarded([&] {
    if (!session_) return;
    setPlaying(false);
    session_->stepHop();
    publish(true);
  });
}

void SimWorker::stepBack() {
  guarded([&] {
    if (!session_) return;
    setPlaying(false);
    if (SnapshotPtr target = session_->stepBack()) {
      // The exact snapshot shown then; the run has been replayed to it.
      session_->snapshot(false);  // re-enter it in the history as the current moment
      publishSnapshot(target);
    }
  });
}

void SimWorker::runUntil(double seconds) {
  guarded([&] {
    if (!session_) return;
    sim::Time t = fromSeconds(seconds);
    if (t <= session_->now()) {
      seek(seconds);
      return;
    }
    // The run goes at full speed until `t` (tick looks at until_ first), then pauses.
    until_ = t;
    setPlaying(true);
  });
}

void SimWorker::seek(double seconds) {
  guarded([&] {
    if (!session_) return;
    setPlaying(false);
    session_->seek(fromSeconds(seconds));
    publish(true);
  });
}

void SimWorker::select(int kind, quint64 id, const QString& name) {
  guarded([&] {
    if (!session_) return;
    session_->setSelection(Selection{static_cast<Selection::Kind>(kind), id, name.toStdString()});
    if (!playing_) publish(false);
  });
}

void SimWorker::setTableKind(const QString& kind) {
  guarded([&] {
    if (!session_) return;
    session_->setTableKind(kind.toStdString());
    if (!playing_) publish(false);
  });
}

void SimWorker::setMaxDots(int dots) {
  if (session_) session_->setMaxDots(static_cast<std::size_t>(dots));
}

void SimWorker::tick() {
  guarded([&] {
    if (!session_) return;
    qint64 elapsed_ns = wall_.nsecsElapsed();
    wall_.restart();
    sim::Time limit = until_ ? *until_ : session_->end();
    if (until_ || speed_ == kMaxSpeed) {
      session_->runFor(kMaxSpeedBudget, limit);
    } else {
      auto advance = std::chrono::duration_cast<sim::Duration>(
          std::chrono::duration<double, std::nano>(static_cast<double>(elapsed_ns) * speed_));
      session_->advanceTo(std::min(limit, session_->now() + advance));
    }
    bool done = session_->finished() || (until_ && session_->now() >= *until_);
    if (done) {
      setPlaying(false);
      publish(true);
      return;
    }
    publish(report_age_.elapsed() >= kReportRefreshMs);
  });
}

}  // namespace kns::gui
