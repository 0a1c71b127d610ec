// Coroutine process ownership, sleeping and triggers.
#include "sim/process.h"

#include <utility>

#include "sim/simulator.h"

namespace kns::sim {

Process::Process(Process&& other) noexcept
    : handle_(std::exchange(other.handle_, {})),
      sim_(other.sim_),
      start_event_(other.start_event_),
      started_(other.started_) {}

Process& Process::operator=(Process&& other) noexcept {
  if (this != &other) {
    destroy();
    handle_ = std::exchange(other.handle_, {});
    sim_ = other.sim_;
    start_event_ = other.start_event_;
    started_ = other.started_;
  }
  return *this;
}

Process::~Process() { destroy(); }

void Process::destroy() noexcept {
  if (!handle_) return;
  if (sim_ != nullptr) sim_->cancel(start_event_);
  // Destroying the frame runs the destructors of its suspended awaiter, which cancels its wake-up.
  handle_.destroy();
  handle_ = {};
}

void Process::start(Simulator& sim, EventTag tag) {
  if (!handle_) throw std::logic_error("Process::start on an empty process");
  if (started_) throw std::logic_error("Process::start called twice");
  started_ = true;
  sim_ = &sim;
  handle_.promise().tag = tag;
  start_event_ = sim.scheduleAfter(
      Duration::zero(), [h = handle_] { h.resume(); }, tag);
}

SleepAwaiter::~SleepAwaiter() { sim_.cancel(wake_); }

void SleepAwaiter::await_suspend(ProcessHandle handle) {
  wake_ = sim_.scheduleAt(
      at_, [handle] { handle.resume(); }, handle.promise().tag);
}

TriggerAwaiter::TriggerAwaiter(Trigger& trigger) : sim_(trigger.sim_), trigger_(&trigger) {}

TriggerAwaiter::~TriggerAwaiter() {
  if (linked_ && trigger_ != nullptr) trigger_->unlink(*this);
  sim_.cancel(wake_);  // a notified waiter destroyed before it resumed
}

void TriggerAwaiter::await_suspend(ProcessHandle handle) {
  handle_ = handle;
  trigger_->link(*this);
}

Trigger::~Trigger() {
  // Detach remaining waiters: their destructors must not touch this trigger any more. A waiter
  // already notified keeps its scheduled wake-up and so resumes normally.
  for (TriggerAwaiter* w = head_; w != nullptr;) {
    TriggerAwaiter* next = w->next_;
    w->trigger_ = nullptr;
    w->linked_ = false;
    w = next;
  }
  head_ = tail_ = nullptr;
}

void Trigger::link(TriggerAwaiter& waiter) {
  waiter.prev_ = tail_;
  waiter.next_ = nullptr;
  (tail_ != nullptr ? tail_->next_ : head_) = &waiter;
  tail_ = &waiter;
  waiter.linked_ = true;
  ++waiting_;
}

void Trigger::unlink(TriggerAwaiter& waiter) {
  (waiter.prev_ != nullptr ? waiter.prev_->next_ : head_) = waiter.next_;
  (waiter.next_ != nullptr ? waiter.next_->prev_ : tail_) = waiter.prev_;
  waiter.prev_ = waiter.next_ = nullptr;
  waiter.linked_ = false;
  --waiting_;
}

void Trigger::wake(TriggerAwaiter& waiter) {
  unlink(waiter);
  ProcessHandle handle = waiter.handle_;
  waiter.wake_ = sim_.scheduleAfter(
      Duration::zero(), [handle] { handle.resume(); }, handle.promise().tag);
}

std::size_t Trigger::notifyAll() {
  // Only the waiters present now: one that waits again after waking needs a new notify.
  std::size_t woken = 0;
  for (std::size_t n = waiting_; n > 0 && head_ != nullptr; --n, ++woken) wake(*head_);
  return woken;
}

bool Trigger::notifyOne() {
  if (head_ == nullptr) return false;
  wake(*head_);
  return true;
}

}  // namespace kns::sim
