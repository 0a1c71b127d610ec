#include "gui/gui_observer.h"

namespace kns::gui {
namespace {
constexpr std::size_t kPickLimit = 20000;
}

GuiObserver::GuiObserver(sim::Duration window, std::size_t recent_limit)
    : window_(window), recent_limit_(recent_limit) {}

void GuiObserver::onRequest(const models::RequestRecord& r) {
  recent_.push_back(r);
  if (recent_.size() > recent_limit_) recent_.pop_front();
  if (r.id == watched_) {
    watched_record_ = r;
    has_watched_ = true;
  }
  if (r.outcome != models::RequestOutcome::Ok) {
    std::int64_t index = r.end.time_since_epoch() / window_;
    ErrorWindow& w = errors_[index];
    w.start_s = std::chrono::duration<double>(window_ * index).count();
    ++w.counts[static_cast<std::size_t>(r.outcome)];
  }
}

void GuiObserver::onIngressPick(std::uint64_t request, std::uint16_t attempt,
                                const models::PickFact& pick) {
  picks_.push_back({request, attempt, pick});
  if (picks_.size() > kPickLimit) picks_.pop_front();
}

std::map<std::uint16_t, std::string> GuiObserver::picks(std::uint64_t request) const {
  std::map<std::uint16_t, std::string> out;
  for (const Pick& pick : picks_) {
    if (pick.request == request) out[pick.attempt] = pick.fact.text();
  }
  return out;
}

std::vector<ErrorWindow> GuiObserver::errorWindows() const {
  std::vector<ErrorWindow> out;
  out.reserve(errors_.size());
  for (const auto& [index, w] : errors_) out.push_back(w);
  return out;
}

}  // namespace kns::gui
