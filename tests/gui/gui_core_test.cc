// The desktop app's Qt-free core on its own: the observer's bounded memory, snapshots as the
// run's state, and the session's travel in time (step back by replay). GoogleTest, no display.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "gui/gui_observer.h"
#include "gui/session.h"
#include "gui/snapshot_builder.h"

namespace kns::gui {
namespace {

using namespace std::chrono_literals;

std::string example(const std::string& name) {
  return std::string(KNS_SOURCE_DIR) + "/scenarios/examples/" + name;
}

models::RequestRecord record(std::uint64_t id, sim::Time end, models::RequestOutcome outcome) {
  models::RequestRecord r;
  r.id = id;
  r.start = end - 5ms;
  r.first_start = r.start;
  r.end = end;
  r.outcome = outcome;
  return r;
}

TEST(GuiObserver, KeepsOnlyTheLastFinishedRequestsOldestFirst) {
  GuiObserver observer(1s, 5);
  for (std::uint64_t i = 0; i < 12; ++i) {
    observer.onRequest(
        record(i, sim::Time{std::chrono::seconds(1 + i)}, models::RequestOutcome::Ok));
  }
  ASSERT_EQ(observer.recent().size(), 5u);
  EXPECT_EQ(observer.recent().front().id, 7u);
  EXPECT_EQ(observer.recent().back().id, 11u);
}

TEST(GuiObserver, AWatchedRequestIsKeptHoweverLongAgoItFinished) {
  GuiObserver observer(1s, 2);
  observer.watch(3);
  for (std::uint64_t i = 0; i < 50; ++i) {
    observer.onRequest(
        record(i, sim::Time{std::chrono::seconds(1 + i)}, models::RequestOutcome::Ok));
  }
  ASSERT_NE(observer.watchedRecord(), nullptr);
  EXPECT_EQ(observer.watchedRecord()->id, 3u);
  observer.watch(99);  // not finished yet
  EXPECT_EQ(observer.watchedRecord(), nullptr);
}

TEST(GuiObserver, CountsFailuresByCauseInTheirWindow) {
  GuiObserver observer(2s, 10);
  observer.onRequest(record(1, sim::Time{1s}, models::RequestOutcome::Timeout));
  observer.onRequest(record(2, sim::Time{1500ms}, models::RequestOutcome::Timeout));
  observer.onRequest(record(3, sim::Time{5s}, models::RequestOutcome::ConnectionRefused));
  observer.onRequest(record(4, sim::Time{5s}, models::RequestOutcome::Ok));
  std::vector<ErrorWindow> windows = observer.errorWindows();
  ASSERT_EQ(windows.size(), 2u);
  EXPECT_DOUBLE_EQ(windows[0].start_s, 0);
  EXPECT_EQ(windows[0].counts[static_cast<std::size_t>(models::RequestOutcome::Timeout)], 2u);
  EXPECT_DOUBLE_EQ(windows[1].start_s, 4);
  EXPECT_EQ(windows[1].counts[static_cast<std::size_t>(models::RequestOutcome::ConnectionRefused)],
            1u);
  EXPECT_EQ(windows[1].counts[static_cast<std::size_t>(models::RequestOutcome::Ok)], 0u)
      << "only failures are counted";
}

TEST(GuiObserver, PutsABalancersPickIntoWordsOnlyWhenAsked) {
  GuiObserver observer(1s, 10);
  models::PickFact pick;
  pick.kind = models::PickFact::Kind::Ewma;
  pick.chosen = models::Peer{models::Ipv4{(10u << 24) | 1u}, 8080, models::PodId{1}};
  pick.other = models::Peer{models::Ipv4{(10u << 24) | 2u}, 8080, models::PodId{2}};
  pick.chosen_score = 0.003;
  pick.other_score = 0.007;
  observer.onIngressPick(42, 1, pick);
  pick.kind = models::PickFact::Kind::EwmaOnly;
  pick.chosen = pick.other;
  observer.onIngressPick(42, 2, pick);
  observer.onIngressPick(7, 1, pick);
  std::map<std::uint16_t, std::string> picks = observer.picks(42);
  ASSERT_EQ(picks.size(), 2u);
  EXPECT_EQ(picks[1], "ewma picked 10.0.0.1:8080 (score 3.00 ms vs 7.00 ms for 10.0.0.2:8080)");
  EXPECT_EQ(picks[2], "ewma: only 10.0.0.2:8080 left");
}

TEST(GuiObserver, ForgetsOldPicksFirst) {
  GuiObserver observer(1s, 10);
  models::PickFact pick;
  pick.kind = models::PickFact::Kind::RoundRobin;
  for (std::uint64_t request = 0; request < 100'000; ++request)
    observer.onIngressPick(request, 1, pick);
  EXPECT_TRUE(observer.picks(0).empty()) << "the oldest picks are dropped";
  EXPECT_EQ(observer.picks(99'999).size(), 1u);
}

// A snapshot is the run's state: every live pod and node of the World, Services with their
// endpoint counts, and at most max_dots requests in flight.
TEST(SnapshotBuilder, ShowsTheRunsPodsNodesAndServicesAndSamplesTheDots) {
  Session session;
  std::string errors;
  ASSERT_TRUE(session.load(example("clusterip.yaml"), &errors)) << errors;
  session.setMaxDots(3);
  session.advanceTo(sim::Time{20s});
  SnapshotPtr s = session.snapshot(true);
  const models::World& world = session.run().simulation().world();
  EXPECT_EQ(s->pods.size(), world.livePods().size());
  EXPECT_EQ(s->nodes.size(), world.nodes().size());
  EXPECT_LE(s->in_flight.size(), 3u);
  EXPECT_GE(s->in_flight_total, s->in_flight.size());
  std::set<std::uint32_t> ids;
  for (const PodView& p : s->pods) ids.insert(p.id);
  EXPECT_EQ(ids.size(), s->pods.size()) << "each pod once";
  EXPECT_TRUE(std::is_sorted(s->pods.begin(), s->pods.end(),
                             [](const PodView& a, const PodView& b) { return a.id < b.id; }));
  bool web = false;
  for (const ServiceView& v : s->services) {
    if (v.name == "web") {
      web = true;
      EXPECT_GT(v.ready, 0u);
      EXPECT_EQ(v.ready_pods.size(), v.ready);
    }
  }
  EXPECT_TRUE(web);
  EXPECT_EQ(s->time, sim::Time{20s});
  EXPECT_EQ(s->fingerprint, session.run().fingerprint());
}

// Step back rebuilds the run and replays it to the event count of the snapshot shown then: the
// same state, digest for digest, and playing on from there gives what playing on gave.
TEST(Session, StepBackReplaysToTheSameStateAndPlaysOnIdentically) {
  Session session;
  std::string errors;
  ASSERT_TRUE(session.load(example("rollout-stale-endpoints.yaml"), &errors)) << errors;
  session.advanceTo(sim::Time{12s});
  SnapshotPtr first = session.snapshot(true);
  session.advanceTo(sim::Time{18s});
  SnapshotPtr second = session.snapshot(true);
  session.advanceTo(sim::Time{25s});
  SnapshotPtr later = session.snapshot(true);
  ASSERT_NE(first->digest(), second->digest());

  SnapshotPtr back = session.stepBack();
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(back->digest(), second->digest());
  EXPECT_EQ(session.events(), second->events);
  session.advanceTo(sim::Time{25s});
  EXPECT_EQ(session.snapshot(true)->digest(), later->digest()) << "playing on is deterministic";

  session.seek(sim::Time{12s});
  EXPECT_EQ(session.now(), sim::Time{12s});
  EXPECT_EQ(session.run().fingerprint(), first->fingerprint);
}

TEST(Session, ABrokenScenarioLeavesTheSessionEmptyWithTheErrorsPlace) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "kns-gui-core-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "broken.yaml") << "apiVersion: kubenetsim/v1\nkind: Scenario\n"
                                        "metadata: {name: broken}\nspec:\n  duration: soon\n";
  Session session;
  std::string errors;
  EXPECT_FALSE(session.load((dir / "broken.yaml").string(), &errors));
  EXPECT_FALSE(session.loaded());
  EXPECT_NE(errors.find("broken.yaml:5:"), std::string::npos) << errors;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kns::gui
