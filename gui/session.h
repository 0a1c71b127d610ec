// One scenario open in the GUI: the live run, what it has been through (snapshots at the moments
// it was shown), and travel in time. Going back rebuilds the run from the start and replays it
// to the exact event count: a run is deterministic, so the state is the one shown then. No Qt.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/gui_observer.h"
#include "gui/snapshot_builder.h"
#include "scenarios/live_run.h"

namespace kns::gui {

class Session {
 public:
  // Loads and builds the scenario; false with the diagnostics (file:line:col) in `errors`, and
  // the session is then empty (loaded() is false).
  bool load(const std::string& path, std::string* errors);
  // Warnings from loading and building it, as `kubenetsim validate` prints them ("" if none).
  const std::string& warnings() const { return warnings_; }
  bool loaded() const { return run_ != nullptr; }
  const scenarios::LoadedScenario& scenario() const { return *scenario_; }
  // Starts again from time zero, with another master seed if given.
  bool restart(std::optional<std::uint64_t> seed, std::string* errors);
  std::uint64_t seed() const { return seed_; }

  sim::Time now() const { return run_->now(); }
  sim::Time end() const { return run_->end(); }
  bool finished() const { return run_->finished(); }
  std::uint64_t events() const { return run_->events(); }

  // Forward: to a time (at most the end), one event, or until some request moves to its next
  // hop (or a new one starts); false when nothing was left to run.
  void advanceTo(sim::Time t) { run_->runUntil(t); }
  bool stepEvent() { return run_->stepEvent(); }
  bool stepHop(std::uint64_t max_events = 1'000'000);
  // As fast as possible for about `budget` of wall time, stopping at `limit`.
  void runFor(std::chrono::milliseconds budget, sim::Time limit);

  // Back to the last snapshot shown before now; returns it (null when there is none). The run
  // is replayed to that snapshot's event, so playing on continues from there.
  SnapshotPtr stepBack();
  // Jumps to time `t`: forward by running, backward by replaying from the start.
  void seek(sim::Time t);

  // A snapshot of now, recorded in the history (which step back and scrubbing use). The report
  // is rebuilt when `fresh_report` (or when none exists yet), else the last one is reused.
  SnapshotPtr snapshot(bool fresh_report);
  const std::vector<SnapshotPtr>& history() const { return history_; }

  void setSelection(Selection s);
  void setTableKind(std::string kind) { request_.table_kind = std::move(kind); }
  void setMaxDots(std::size_t n) { request_.max_dots = n; }
  const Selection& selection() const { return request_.selection; }

  // The report of the run so far (at the end: the final report, as `kubenetsim run` writes it).
  reports::proto::Report report() const { return run_->report(!run_->finished()); }
  scenarios::LiveRun& run() { return *run_; }

 private:
  bool build(std::string* errors);
  // Rebuilds the run and replays it to exactly `events` events at time `t`.
  void replayTo(sim::Time t, std::uint64_t events);
  void remember(const SnapshotPtr& s);

  std::unique_ptr<scenarios::LoadedScenario> scenario_;
  std::uint64_t seed_ = 1;
  std::unique_ptr<GuiObserver> observer_;
  std::unique_ptr<scenarios::LiveRun> run_;
  SnapshotRequest request_;
  std::shared_ptr<const reports::proto::Report> report_;
  std::vector<SnapshotPtr> history_;  // in time order; thinned when long
  std::uint64_t serial_ = 0;
  std::string warnings_;
};

}  // namespace kns::gui
