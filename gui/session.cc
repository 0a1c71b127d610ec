#include "gui/session.h"

#include <algorithm>

#include "scenarios/diagnostics.h"

namespace kns::gui {
namespace {
// Snapshots kept for step back: 1,000, fewer for large clusters (about 200,000 pod entries in
// all, a few hundred MB at most), never under 100.
std::size_t historyLimit(std::size_t pods) {
  return std::clamp<std::size_t>(200000 / std::max<std::size_t>(pods, 1), 100, 1000);
}
}  // namespace

bool Session::load(const std::string& path, std::string* errors) {
  run_.reset();
  observer_.reset();
  history_.clear();
  warnings_.clear();
  scenario_ = std::make_unique<scenarios::LoadedScenario>();
  scenarios::Diagnostics diagnostics;
  bool ok = scenarios::loadScenarioFile(path, *scenario_, diagnostics);
  if (ok) {
    warnings_ = diagnostics.str();  // warnings and notes only, when it loaded
    seed_ = scenario_->typed.seed;
    request_ = SnapshotRequest{};
    ok = build(errors);
  } else if (errors) {
    *errors = diagnostics.str();
  }
  if (!ok) scenario_.reset();  // nothing half-loaded: the session stays empty
  return ok;
}

bool Session::restart(std::optional<std::uint64_t> seed, std::string* errors) {
  if (!scenario_) return false;
  if (seed) seed_ = *seed;
  return build(errors);
}

bool Session::build(std::string* errors) {
  scenarios::setSeed(*scenario_, seed_);
  run_.reset();
  history_.clear();
  report_.reset();
  request_.seed = seed_;
  observer_ = std::make_unique<GuiObserver>(std::chrono::seconds(1));
  observer_->watch(request_.selection.kind == Selection::Kind::Request ? request_.selection.id
                                                                       : ~0ull);
  scenarios::LiveRunOptions options;
  options.observer = observer_.get();
  scenarios::Diagnostics diagnostics;
  run_ = scenarios::LiveRun::start(*scenario_, options, diagnostics);
  if (!run_) {
    if (errors) *errors = diagnostics.str();
    return false;
  }
  // What the API server accepted with a warning (an Ingress naming a missing Service, say);
  // the same on every rebuild, so kept once.
  if (diagnostics.all().size() > 0 && warnings_.find(diagnostics.str()) == std::string::npos)
    warnings_ += diagnostics.str();
  // The error chart uses the report's window (the recorder widens it for long runs).
  observer_->setWindow(run_->recorder().window());
  return true;
}

bool Session::stepHop(std::uint64_t max_events) {
  // A signature of where every request in flight is: any hop added, request started or
  // finished changes it.
  auto signature = [this] {
    std::uint64_t sum = run_->simulation().dataPlane().requestsStarted() * 1000003u;
    run_->simulation().dataPlane().forEachInFlight(
        [&](const models::RequestRecord& r) { sum += (r.id + 1) * 2654435761u + r.hop_count; });
    return sum + observer_->recent().size() +
           (observer_->recent().empty() ? 0 : observer_->recent().back().id * 7919u);
  };
  std::uint64_t before = signature();
  for (std::uint64_t i = 0; i < max_events; ++i) {
    if (!run_->stepEvent()) return i > 0;
    if (signature() != before) return true;
  }
  return true;
}

void Session::runFor(std::chrono::milliseconds budget, sim::Time limit) {
  auto start = std::chrono::steady_clock::now();
  limit = std::min(limit, run_->end());
  // Run in slices of simulated time that grow while they are cheap: few clock reads.
  sim::Duration slice = std::chrono::milliseconds(1);
  while (run_->now() < limit) {
    auto t0 = std::chrono::steady_clock::now();
    run_->runUntil(std::min(limit, run_->now() + slice));
    auto now = std::chrono::steady_clock::now();
    if (now - start >= budget) break;
    if (now - t0 < budget / 8)
      slice *= 2;
    else if (slice > std::chrono::microseconds(1))
      slice /= 2;
  }
}

void Session::replayTo(sim::Time t, std::uint64_t events) {
  build(nullptr);
  if (t > sim::Time{}) run_->runUntil(t - sim::Duration{1});
  while (run_->events() < events && run_->stepEvent()) {
  }
  // All `events` ran; if the snapshot was taken after running to `t` with none left at `t`,
  // this only moves the clock.
  if (run_->now() < t) run_->runUntil(t);
}

SnapshotPtr Session::stepBack() {
  std::vector<SnapshotPtr> kept = history_;
  SnapshotPtr target;
  for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
    if ((*it)->events < run_->events() || (*it)->time < run_->now()) {
      target = *it;
      break;
    }
  }
  if (!target) return nullptr;
  replayTo(target->time, target->events);
  // The history up to the target stays (replaying cleared it); later moments are gone.
  auto stop = std::find(kept.begin(), kept.end(), target);
  history_.assign(kept.begin(), stop);
  report_ = target->report;
  return target;
}

void Session::seek(sim::Time t) {
  t = std::clamp(t, sim::Time{}, run_->end());
  if (t >= run_->now()) {
    run_->runUntil(t);
    return;
  }
  std::vector<SnapshotPtr> kept = history_;
  build(nullptr);
  run_->runUntil(t);
  for (const SnapshotPtr& s : kept) {
    if (s->time <= t) history_.push_back(s);
  }
}

SnapshotPtr Session::snapshot(bool fresh_report) {
  if (fresh_report || !report_) {
    report_ = std::make_shared<reports::proto::Report>(report());
  }
  SnapshotPtr s = buildSnapshot(*run_, *observer_, request_, report_, ++serial_);
  remember(s);
  return s;
}

void Session::remember(const SnapshotPtr& s) {
  if (!history_.empty() && history_.back()->events == s->events &&
      history_.back()->time == s->time) {
    history_.back() = s;
    return;
  }
  history_.push_back(s);
  if (history_.size() > historyLimit(s->pods.size())) {
    // Keep every other snapshot of the older half: recent moments stay fine-grained.
    std::vector<SnapshotPtr> thinned;
    std::size_t half = history_.size() / 2;
    for (std::size_t i = 0; i < history_.size(); ++i) {
      if (i >= half || i % 2 == 0) thinned.push_back(history_[i]);
    }
    history_ = std::move(thinned);
  }
}

void Session::setSelection(Selection s) {
  request_.selection = std::move(s);
  if (observer_)
    observer_->watch(request_.selection.kind == Selection::Kind::Request ? request_.selection.id
                                                                         : ~0ull);
}

}  // namespace kns::gui
