// A pod as a server: workers, a bounded queue and a service-time distribution.
#pragma once

#include <cstdint>
#include <vector>

#include "models/distribution.h"
#include "models/ids.h"
#include "sim/ring_queue.h"
#include "sim/simulator.h"

namespace kns::models {

// How a pod serves requests: what manifests do not say, so a scenario's `workloads` supplies it.
struct ServingSpec {
  DurationDistribution service_time =
      DurationDistribution::exponential(std::chrono::milliseconds(10));
  int workers = 1;         // requests served at once
  int queue_limit = 1000;  // requests waiting beyond the busy workers; more get 503. -1: no limit
  double speed = 1.0;      // service times are divided by this (0.5: a slow node)
};

// Told when a request leaves the server.
class PodServerListener {
 public:
  virtual ~PodServerListener() = default;
  // `waited`: time in the queue; `served`: time with a worker.
  virtual void onServed(std::uint64_t request, PodId pod, sim::Duration waited,
                        sim::Duration served) = 0;
};

// FIFO queue in front of `workers` identical workers: an M/M/c/K station when arrivals are
// Poisson and service exponential. Service times come from the pod's own random stream.
class PodServer {
 public:
  PodServer(sim::Simulator& sim, PodId pod, ServingSpec spec, sim::RandomStream& rng,
            PodServerListener& listener);
  PodServer(const PodServer&) = delete;
  PodServer& operator=(const PodServer&) = delete;
  ~PodServer();

  // Queues or starts a request; false when the queue is full (the caller answers 503).
  bool admit(std::uint64_t request);
  // The pod is gone: drops every queued and running request and returns them.
  std::vector<std::uint64_t> abort();

  PodId pod() const { return pod_; }
  int busy() const { return busy_; }
  std::size_t queued() const { return queue_.size(); }
  std::uint64_t served() const { return served_; }

 private:
  struct Job {
    std::uint64_t request = 0;
    sim::Time arrived;
    sim::Time started;
    sim::EventId done;
    bool running = false;
  };
  void start(std::size_t worker, std::uint64_t request, sim::Time arrived);
  void finish(std::size_t worker);

  sim::Simulator& sim_;
  PodId pod_;
  ServingSpec spec_;
  sim::RandomStream& rng_;
  PodServerListener& listener_;
  std::vector<Job> workers_;
  sim::RingQueue<std::pair<std::uint64_t, sim::Time>> queue_;  // waiting: request, arrival
  int busy_ = 0;
  std::uint64_t served_ = 0;
};

}  // namespace kns::models
