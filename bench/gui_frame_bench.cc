// The GUI's per-frame work for a 500-pod cluster: building a snapshot on the simulation's thread,
// and applying it to the topology scene on the UI thread (Qt's offscreen platform, no painting:
// the GUI test logs whole frames with painting).
#include <benchmark/benchmark.h>

#include <QApplication>
#include <filesystem>

#include "gui/session.h"
#include "gui/topology_scene.h"
#include "tests/gui/five_hundred_pods.h"

namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::string writeScenario() {
  fs::path dir = fs::temp_directory_path() / "kns-gui-frame-bench";
  fs::create_directories(dir);
  return kns::gui::testing::writeFiveHundredPods(dir.string(), "600s", "");
}

struct Loaded {
  kns::gui::Session session;
  Loaded() {
    std::string errors;
    if (!session.load(writeScenario(), &errors)) throw std::runtime_error(errors);
    session.advanceTo(kns::sim::Time{20s});
  }
};

// A snapshot as the worker makes it each frame (the report reused, as while playing).
void BM_BuildSnapshot(benchmark::State& state) {
  Loaded loaded;
  loaded.session.snapshot(true);
  for (auto _ : state) {
    loaded.session.advanceTo(loaded.session.now() + 15ms);  // one 1x tick
    benchmark::DoNotOptimize(loaded.session.snapshot(false));
  }
  state.counters["pods"] = 500;
}
BENCHMARK(BM_BuildSnapshot)->Unit(benchmark::kMillisecond);

// The report behind the charts, rebuilt four times a second while playing.
void BM_RebuildReport(benchmark::State& state) {
  Loaded loaded;
  for (auto _ : state) benchmark::DoNotOptimize(loaded.session.snapshot(true));
}
BENCHMARK(BM_RebuildReport)->Unit(benchmark::kMillisecond);

// Applying a snapshot to the scene: pods keep their items, dots move.
void BM_ApplyToScene(benchmark::State& state) {
  Loaded loaded;
  kns::gui::TopologyScene scene;
  std::vector<kns::gui::SnapshotPtr> frames;
  for (int i = 0; i < 64; ++i) {
    loaded.session.advanceTo(loaded.session.now() + 15ms);
    frames.push_back(loaded.session.snapshot(false));
  }
  scene.show(frames[0]);
  std::size_t i = 0;
  for (auto _ : state) scene.show(frames[++i % frames.size()]);
}
BENCHMARK(BM_ApplyToScene)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
