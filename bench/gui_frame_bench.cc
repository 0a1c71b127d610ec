// The GUI's per-frame work for a 500-pod cluster: building a snapshot on the simulation's thread,
// and applying it to the topology scene on the UI thread (Qt's offscreen platform, no painting:
// the GUI test logs whole frames with painting).
#include <benchmark/benchmark.h>

#include <QApplication>
#include <filesystem>
#include <fstream>

#include "gui/session.h"
#include "gui/topology_scene.h"

namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// The GUI test's 500-pod scenario: 25 nodes in 3 zones, 2,000 requests/s.
std::string writeScenario() {
  fs::path dir = fs::temp_directory_path() / "kns-gui-frame-bench";
  fs::create_directories(dir);
  std::ofstream(dir / "big.yaml")
      << "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
         "  replicas: 500\n  selector: {matchLabels: {app: web}}\n  template:\n"
         "    metadata: {labels: {app: web}}\n    spec:\n      containers:\n"
         "      - name: web\n        image: nginx\n        resources: {requests: {cpu: 50m}}\n"
         "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
         "  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n";
  std::ofstream(dir / "scenario.yaml")
      << "apiVersion: kubenetsim/v1\nkind: Scenario\nmetadata: {name: five-hundred-pods}\n"
         "spec:\n  duration: 600s\n  cluster:\n    nodes: {count: 25, zones: [a, b, c]}\n"
         "  manifests: [{file: big.yaml}]\n  workloads:\n"
         "  - {selector: {app: web}, serviceTime: {mean: 20ms}, concurrency: 4}\n"
         "  traffic:\n  - {name: clients, from: node/node-0, to: service/web, start: 5s,"
         " arrivals: {rate: 2000/s}}\n";
  return (dir / "scenario.yaml").string();
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
