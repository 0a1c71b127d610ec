// The hold model (as ns-3's utils/bench-scheduler): P events pending; each executed event
// schedules one successor at now + Exp(mean 100 ns). items_per_second = executed events/s.
// BM_HoldBaseline does the same with std::priority_queue of (time, seq, std::function), so the
// kernel's speed-up is a ratio measured in one run on one machine.
#include <benchmark/benchmark.h>

#include <functional>
#include <queue>
#include <vector>

#include "sim/simulator.h"

namespace {

using kns::sim::Duration;
using kns::sim::RandomStream;
using kns::sim::Simulator;

struct Hold {
  Simulator* sim;
  RandomStream* rng;
  void operator()() const { sim->scheduleAfter(rng->exponential(Duration{100}), *this); }
};

void BM_Hold(benchmark::State& state) {
  Simulator sim({.seed = 1});
  RandomStream& rng = sim.stream("hold");
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    sim.scheduleAfter(rng.exponential(Duration{100}), Hold{&sim, &rng});
  }
  for (std::int64_t i = 0; i < state.range(0); ++i) sim.step();  // warm-up: one full turnover
  for (auto _ : state) sim.step();
  state.SetItemsProcessed(state.iterations());
}

// The textbook event list: a binary heap of fat records with type-erased callbacks.
class BaselineScheduler {
 public:
  void schedule(std::int64_t at, std::function<void()> callback) {
    queue_.push(Record{at, seq_++, std::move(callback)});
  }
  void step() {
    Record record = std::move(const_cast<Record&>(queue_.top()));
    queue_.pop();
    now_ = record.time;
    record.callback();
  }
  std::int64_t now() const { return now_; }

 private:
  struct Record {
    std::int64_t time;
    std::uint64_t seq;
    std::function<void()> callback;
  };
  struct Later {
    bool operator()(const Record& a, const Record& b) const {
      return a.time > b.time || (a.time == b.time && a.seq > b.seq);
    }
  };
  std::priority_queue<Record, std::vector<Record>, Later> queue_;
  std::uint64_t seq_ = 0;
  std::int64_t now_ = 0;
};

struct BaselineHold {
  BaselineScheduler* scheduler;
  RandomStream* rng;
  void operator()() const {
    scheduler->schedule(scheduler->now() + rng->exponential(Duration{100}).count(), *this);
  }
};

void BM_HoldBaseline(benchmark::State& state) {
  BaselineScheduler scheduler;
  RandomStream rng(1, 0, "hold");
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    scheduler.schedule(rng.exponential(Duration{100}).count(), BaselineHold{&scheduler, &rng});
  }
  for (std::int64_t i = 0; i < state.range(0); ++i) scheduler.step();
  for (auto _ : state) scheduler.step();
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_Hold)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);
BENCHMARK(BM_HoldBaseline)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);
BENCHMARK_MAIN();
