#include <gtest/gtest.h>

#include "cluster_fixture.h"

namespace kns::models::testing {
namespace {

class StatefulSets : public ClusterTest {
 protected:
  WorkloadSpec statefulSet(const std::string& name, int replicas) {
    WorkloadSpec spec = deployment(name, replicas);
    spec.kind = WorkloadKind::StatefulSet;
    spec.pod.startup = DurationDistribution::constant(5s);
    return spec;
  }
  const Pod* podNamed(const std::string& name) {
    const Pod* found = nullptr;
    for (const Pod& pod : world().pods()) {
      if (pod.name == name && !pod.gone) found = &pod;
    }
    return found;
  }
};

TEST_F(StatefulSets, CreatesOrdinalsInOrderEachAfterThePreviousIsReady) {
  build(3);
  world().createWorkload(statefulSet("db", 3));
  runUntil(1s);
  EXPECT_NE(podNamed("db-0"), nullptr);
  EXPECT_EQ(podNamed("db-1"), nullptr);
  runUntil(6s);  // db-0 Ready at 5 s
  ASSERT_NE(podNamed("db-1"), nullptr);
  EXPECT_EQ(podNamed("db-1")->created, sim::Time{5s});
  runUntil(20s);
  ASSERT_NE(podNamed("db-2"), nullptr);
  EXPECT_EQ(podNamed("db-2")->created, sim::Time{10s});
}

TEST_F(StatefulSets, RollingUpdateReplacesFromTheHighestOrdinalKeepingNamesNotIps) {
  build(3);
  WorkloadSpec spec = statefulSet("db", 3);
  WorkloadId db = world().createWorkload(spec);
  runUntil(30s);
  std::map<std::string, Ipv4> before;
  for (const char* name : {"db-0", "db-1", "db-2"}) before[name] = *podNamed(name)->ip;
  PodTemplate next = spec.pod;
  next.revision = "2";
  world().rollout(db, next);
  runUntil(31s);
  // db-2 goes first; the others are untouched until it is back and Ready.
  EXPECT_EQ(podNamed("db-2")->spec.revision, "2");
  EXPECT_EQ(podNamed("db-1")->spec.revision, "1");
  runUntil(100s);
  for (const char* name : {"db-0", "db-1", "db-2"}) {
    const Pod* pod = podNamed(name);
    ASSERT_NE(pod, nullptr) << name;
    EXPECT_EQ(pod->spec.revision, "2");
    EXPECT_TRUE(pod->ready);
    EXPECT_NE(*pod->ip, before[name]) << name << " kept its IP";
  }
}

TEST_F(StatefulSets, ScalesDownFromTheHighestOrdinal) {
  build(3);
  WorkloadId db = world().createWorkload(statefulSet("db", 3));
  runUntil(30s);
  world().scale(db, 1);
  runUntil(60s);
  EXPECT_NE(podNamed("db-0"), nullptr);
  EXPECT_EQ(podNamed("db-1"), nullptr);
  EXPECT_EQ(podNamed("db-2"), nullptr);
}

}  // namespace
}  // namespace kns::models::testing
