// A demonstration of the simulation kernel alone: an M/M/1 queue, checked against its closed form.
//
// No Kubernetes: this is what `scripts/run` starts until `kubenetsim run` exists. It
// shows the kernel's pieces working together (a coroutine process generating Poisson arrivals,
// plain callbacks for service completions, named random streams, the fingerprint) and compares
// the measured mean time in system with queueing theory: W = 1 / (mu - lambda).
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>

#include "sim/fingerprint.h"
#include "sim/simulator.h"

namespace {

using kns::sim::Duration;
using kns::sim::Time;

struct Options {
  double arrival_rate = 80.0;   // lambda, per second
  double service_rate = 100.0;  // mu, per second
  Duration horizon = std::chrono::seconds(2000);
  std::uint64_t seed = 42;
};

// One server with an unbounded FIFO queue.
class SingleServerQueue {
 public:
  SingleServerQueue(kns::sim::Simulator& sim, double service_rate)
      : sim_(sim), rng_(sim.stream("server")), mean_service_s_(1.0 / service_rate) {}

  void arrive() {
    waiting_.push_back(sim_.now());
    if (!busy_) startNext();
  }
  double meanTimeInSystemSeconds() const { return completed_ ? total_s_ / completed_ : 0.0; }
  std::uint64_t completed() const { return completed_; }

 private:
  void startNext() {
    busy_ = true;
    Duration service{static_cast<std::int64_t>(rng_.exponential(mean_service_s_) * 1e9)};
    sim_.scheduleAfter(
        service, [this] { finish(); }, kns::sim::eventTag("server.done"));
  }
  void finish() {
    total_s_ += kns::sim::toSeconds(sim_.now() - waiting_.front());
    ++completed_;
    waiting_.pop_front();
    busy_ = false;
    if (!waiting_.empty()) startNext();
  }

  kns::sim::Simulator& sim_;
  kns::sim::RandomStream& rng_;
  double mean_service_s_;
  std::deque<Time> waiting_;
  bool busy_ = false;
  double total_s_ = 0.0;
  std::uint64_t completed_ = 0;
};

kns::sim::Process arrivals(kns::sim::Simulator& sim, SingleServerQueue& queue, double rate) {
  kns::sim::RandomStream& rng = sim.stream("arrivals");
  for (;;) {
    co_await sim.sleep(Duration{static_cast<std::int64_t>(rng.exponential(1.0 / rate) * 1e9)});
    queue.arrive();
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (argc > 2 ||
      (argc == 2 && std::string(argv[1]).find_first_not_of("0123456789") != std::string::npos)) {
    std::fprintf(stderr, "usage: kernel_demo [SEED]   (SEED: a non-negative whole number)\n");
    return 2;
  }
  if (argc == 2) options.seed = std::strtoull(argv[1], nullptr, 10);
  std::printf(
      "kubenetsim kernel demo: `kubenetsim run` does not exist yet (scenarios can be checked\n"
      "with `build/bin/kubenetsim validate`), so this runs the simulation kernel alone on an\n"
      "M/M/1 queue and checks it against queueing theory.\n\n");

  kns::sim::Simulator sim({.seed = options.seed});
  kns::sim::Fingerprint fingerprint;
  sim.setObserver(&fingerprint);
  SingleServerQueue queue(sim, options.service_rate);
  kns::sim::Process source = arrivals(sim, queue, options.arrival_rate);
  source.start(sim, kns::sim::eventTag("arrivals"));
  sim.runUntil(Time{options.horizon});

  double rho = options.arrival_rate / options.service_rate;
  double expected = 1.0 / (options.service_rate - options.arrival_rate);
  std::printf("  arrival rate      %.0f/s, service rate %.0f/s (utilisation %.2f)\n",
              options.arrival_rate, options.service_rate, rho);
  std::printf("  simulated         %s, %llu requests served, %llu events\n",
              kns::sim::formatDuration(options.horizon).c_str(),
              static_cast<unsigned long long>(queue.completed()),
              static_cast<unsigned long long>(sim.eventCount()));
  std::printf("  mean time in system: measured %.2f ms, theory 1/(mu-lambda) = %.2f ms\n",
              queue.meanTimeInSystemSeconds() * 1e3, expected * 1e3);
  std::printf("  seed %llu, fingerprint %s (same seed, same fingerprint)\n",
              static_cast<unsigned long long>(options.seed), fingerprint.hex().c_str());
  return 0;
}
