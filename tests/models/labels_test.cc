#include "models/labels.h"

#include <gtest/gtest.h>

namespace kns::models {
namespace {

using Op = LabelSelector::Operator;

TEST(LabelSelector, MatchLabelsIsASubsetTest) {
  LabelSelector s{{{"app", "web"}}, {}};
  EXPECT_TRUE(s.matches({{"app", "web"}, {"tier", "front"}}));
  EXPECT_FALSE(s.matches({{"app", "api"}}));
  EXPECT_FALSE(s.matches({}));
}

TEST(LabelSelector, ExpressionsFollowKubernetesRules) {
  LabelSelector s{{}, {{"env", Op::In, {"prod", "staging"}}, {"canary", Op::DoesNotExist, {}}}};
  EXPECT_TRUE(s.matches({{"env", "prod"}}));
  EXPECT_FALSE(s.matches({{"env", "dev"}}));
  EXPECT_FALSE(s.matches({{"env", "prod"}, {"canary", "yes"}}));
  LabelSelector not_in{{}, {{"env", Op::NotIn, {"dev"}}}};
  EXPECT_TRUE(not_in.matches({}));  // a missing key satisfies NotIn
  EXPECT_FALSE(not_in.matches({{"env", "dev"}}));
  LabelSelector exists{{}, {{"app", Op::Exists, {}}}};
  EXPECT_TRUE(exists.matches({{"app", ""}}));
}

TEST(LabelSelector, PrintsLikeKubectl) {
  LabelSelector s{{{"app", "web"}}, {{"env", Op::In, {"a", "b"}}, {"x", Op::DoesNotExist, {}}}};
  EXPECT_EQ(s.str(), "app=web,env in (a,b),!x");
}

}  // namespace
}  // namespace kns::models
