// Makes a Snapshot of a LiveRun on the simulation's thread.
#pragma once

#include <memory>
#include <string>

#include "gui/gui_observer.h"
#include "gui/snapshot.h"
#include "scenarios/live_run.h"

namespace kns::gui {

struct SnapshotRequest {
  Selection selection;
  std::string table_kind = "pods";
  std::size_t max_dots = 300;  // requests in flight drawn at most (a sample beyond)
  std::uint64_t seed = 1;
};

SnapshotPtr buildSnapshot(scenarios::LiveRun& run, const GuiObserver& observer,
                          const SnapshotRequest& request,
                          std::shared_ptr<const reports::proto::Report> report,
                          std::uint64_t serial);

// The inspector's content for a selection (inspector_builder.cc).
Inspector buildInspector(scenarios::LiveRun& run, const GuiObserver& observer,
                         const Selection& selection, const reports::proto::Report* report);

}  // namespace kns::gui
