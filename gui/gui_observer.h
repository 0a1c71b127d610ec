// The GUI's own telemetry, next to the report's recorder: the last finished requests (to click
// on), the ingress balancers' explanations of their picks, and failures by cause per window.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "gui/snapshot.h"
#include "models/telemetry.h"

namespace kns::gui {

class GuiObserver final : public models::Telemetry {
 public:
  GuiObserver(sim::Duration window, std::size_t recent_limit = 200);

  void onRequest(const models::RequestRecord& r) override;
  void onIngressPick(std::uint64_t request, std::uint16_t attempt,
                     const models::PickFact& pick) override;

  // Before the run starts: the window of the error counts.
  void setWindow(sim::Duration window) { window_ = window; }
  const std::deque<models::RequestRecord>& recent() const { return recent_; }
  // Keeps the record of this request when it finishes, however long ago (the inspector's).
  void watch(std::uint64_t request) { watched_ = request; }
  const models::RequestRecord* watchedRecord() const {
    return watched_record_.id == watched_ && has_watched_ ? &watched_record_ : nullptr;
  }
  // The balancer's explanation of each try of `request`, by try number (1-based).
  std::map<std::uint16_t, std::string> picks(std::uint64_t request) const;
  std::vector<ErrorWindow> errorWindows() const;

 private:
  sim::Duration window_;
  std::size_t recent_limit_;
  std::deque<models::RequestRecord> recent_;
  std::uint64_t watched_ = ~0ull;
  bool has_watched_ = false;
  models::RequestRecord watched_record_;
  // Bounded: old explanations are dropped first (a request's picks are close together in time).
  struct Pick {
    std::uint64_t request;
    std::uint16_t attempt;
    models::PickFact fact;  // in words only when the inspector asks
  };
  std::deque<Pick> picks_;
  std::map<std::int64_t, ErrorWindow> errors_;  // by window index
};

}  // namespace kns::gui
