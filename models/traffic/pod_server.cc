// Worker and queue mechanics of a serving pod.
#include "models/traffic/pod_server.h"

#include <cmath>

namespace kns::models {

PodServer::PodServer(sim::Simulator& sim, PodId pod, ServingSpec spec, sim::RandomStream& rng,
                     PodServerListener& listener)
    : sim_(sim),
      pod_(pod),
      spec_(std::move(spec)),
      rng_(rng),
      listener_(listener),
      workers_(static_cast<std::size_t>(std::max(1, spec_.workers))) {}

PodServer::~PodServer() {
  for (Job& job : workers_) sim_.cancel(job.done);
}

bool PodServer::admit(std::uint64_t request) {
  if (busy_ < static_cast<int>(workers_.size())) {
    for (std::size_t w = 0; w < workers_.size(); ++w) {
      if (!workers_[w].running) {
        start(w, request, sim_.now());
        return true;
      }
    }
  }
  if (spec_.queue_limit >= 0 && queue_.size() >= static_cast<std::size_t>(spec_.queue_limit)) {
    return false;
  }
  queue_.emplace_back(request, sim_.now());
  return true;
}

void PodServer::start(std::size_t worker, std::uint64_t request, sim::Time arrived) {
  sim::Duration work = spec_.service_time.sample(rng_);
  if (spec_.speed != 1.0 && spec_.speed > 0) {
    work = sim::Duration{static_cast<std::int64_t>(std::llround(work.count() / spec_.speed))};
  }
  Job& job = workers_[worker];
  job.request = request;
  job.arrived = arrived;
  job.started = sim_.now();
  job.running = true;
  ++busy_;
  job.done = sim_.scheduleAfter(
      work, [this, worker] { finish(worker); }, sim::eventTag("pod.served"));
}

void PodServer::finish(std::size_t worker) {
  Job job = workers_[worker];
  workers_[worker].running = false;
  --busy_;
  ++served_;
  if (!queue_.empty()) {
    auto [request, arrived] = queue_.front();
    queue_.pop_front();
    start(worker, request, arrived);
  }
  listener_.onServed(job.request, pod_, job.started - job.arrived, sim_.now() - job.started);
}

std::vector<std::uint64_t> PodServer::abort() {
  std::vector<std::uint64_t> dropped;
  for (Job& job : workers_) {
    if (!job.running) continue;
    sim_.cancel(job.done);
    job.running = false;
    dropped.push_back(job.request);
  }
  busy_ = 0;
  queue_.forEach([&](const auto& waiting) { dropped.push_back(waiting.first); });
  queue_.clear();
  return dropped;
}

}  // namespace kns::models
