#include "sim/inline_function.h"

#include <gtest/gtest.h>

#include <memory>

namespace kns::sim {
namespace {

TEST(InlineFunction, CallsTheStoredCallable) {
  int calls = 0;
  InlineFunction<int(int)> f = [&calls](int x) { return ++calls + x; };
  EXPECT_EQ(f(10), 11);
  EXPECT_EQ(f(10), 12);
}

TEST(InlineFunction, MovesCapturedStateAndDestroysItOnce) {
  auto counter = std::make_shared<int>(0);
  {
    InlineFunction<void()> a = [counter] { ++*counter; };
    EXPECT_EQ(counter.use_count(), 2);
    InlineFunction<void()> b = std::move(a);
    EXPECT_FALSE(a);
    EXPECT_TRUE(b);
    EXPECT_EQ(counter.use_count(), 2);
    b();
    InlineFunction<void()> c;
    c = std::move(b);
    c();
    EXPECT_EQ(counter.use_count(), 2);
  }
  EXPECT_EQ(*counter, 2);
  EXPECT_EQ(counter.use_count(), 1);
}

TEST(InlineFunction, ResetReleasesCapture) {
  auto counter = std::make_shared<int>(0);
  InlineFunction<void()> f = [counter] {};
  f.reset();
  EXPECT_FALSE(f);
  EXPECT_EQ(counter.use_count(), 1);
}

TEST(InlineFunction, MoveOnlyCapturesWork) {
  auto owned = std::make_unique<int>(7);
  InlineFunction<int()> f = [p = std::move(owned)] { return *p; };
  InlineFunction<int()> g = std::move(f);
  EXPECT_EQ(g(), 7);
}

}  // namespace
}  // namespace kns::sim
