// Counts every heap allocation of the program by replacing the global operator new. Include it
// in exactly one file of a test program of its own (the replacement is program-wide).
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace kns::testing {
inline std::atomic<std::uint64_t> g_allocations{0};
// Allocations so far.
inline std::uint64_t allocations() { return g_allocations.load(std::memory_order_relaxed); }
}  // namespace kns::testing

// Every replaceable form that takes memory from malloc, so that each allocation is counted and
// each is given back to free (a form left out would pair the sanitizer's allocator with ours).
inline void* countedAllocation(std::size_t size) noexcept {
  kns::testing::g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}

void* operator new(std::size_t size) {
  if (void* p = countedAllocation(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = countedAllocation(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return countedAllocation(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return countedAllocation(size);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
