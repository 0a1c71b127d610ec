#include "models/cluster/label_index.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/random.h"

namespace kns::models {
namespace {

std::vector<PodId> selected(const LabelIndex& index, ServiceId service) {
  std::vector<PodId> out;
  index.podsSelectedBy(service, out);
  return out;
}

std::vector<ServiceId> selecting(const LabelIndex& index, PodId pod) {
  std::vector<ServiceId> out;
  index.servicesSelecting(pod, out);
  return out;
}

TEST(LabelIndex, SelectsBySubsetWithinTheNamespaceOnly) {
  LabelIndex index;
  index.addPod(PodId{0}, "default", {{"app", "web"}, {"tier", "front"}});
  index.addPod(PodId{1}, "shop", {{"app", "web"}});
  index.addPod(PodId{2}, "default", {{"app", "web"}});
  index.addPod(PodId{3}, "default", {{"app", "api"}});
  index.setServiceSelector(ServiceId{0}, "default", {{"app", "web"}});
  index.setServiceSelector(ServiceId{1}, "default", {{"app", "web"}, {"tier", "front"}});
  index.setServiceSelector(ServiceId{2}, "shop", {{"app", "web"}});
  EXPECT_EQ(selected(index, ServiceId{0}), (std::vector<PodId>{PodId{0}, PodId{2}}));
  EXPECT_EQ(selected(index, ServiceId{1}), (std::vector<PodId>{PodId{0}}));
  EXPECT_EQ(selected(index, ServiceId{2}), (std::vector<PodId>{PodId{1}}));
  EXPECT_EQ(selecting(index, PodId{0}), (std::vector<ServiceId>{ServiceId{0}, ServiceId{1}}));
  EXPECT_EQ(selecting(index, PodId{1}), (std::vector<ServiceId>{ServiceId{2}}));
  EXPECT_TRUE(selecting(index, PodId{3}).empty());
}

TEST(LabelIndex, AnEmptySelectorSelectsNothing) {
  LabelIndex index;
  index.addPod(PodId{0}, "default", {{"app", "web"}});
  index.setServiceSelector(ServiceId{0}, "default", {});
  EXPECT_TRUE(selected(index, ServiceId{0}).empty());
  EXPECT_TRUE(selecting(index, PodId{0}).empty());
}

TEST(LabelIndex, RemovedPodsLeaveTheSelectionButStillNameTheirServices) {
  LabelIndex index;
  index.addPod(PodId{0}, "default", {{"app", "web"}});
  index.addPod(PodId{1}, "default", {{"app", "web"}});
  index.setServiceSelector(ServiceId{0}, "default", {{"app", "web"}});
  index.removePod(PodId{0});
  EXPECT_EQ(selected(index, ServiceId{0}), (std::vector<PodId>{PodId{1}}));
  // The EndpointSlice controller asks after the pod left the API, to drop its endpoint.
  EXPECT_EQ(selecting(index, PodId{0}), (std::vector<ServiceId>{ServiceId{0}}));
}

TEST(LabelIndex, ASelectorChangeRefilesTheService) {
  LabelIndex index;
  index.addPod(PodId{0}, "default", {{"app", "web"}});
  index.addPod(PodId{1}, "default", {{"app", "web-v2"}});
  index.setServiceSelector(ServiceId{0}, "default", {{"app", "web"}});
  index.setServiceSelector(ServiceId{0}, "default", {{"app", "web-v2"}});
  EXPECT_EQ(selected(index, ServiceId{0}), (std::vector<PodId>{PodId{1}}));
  EXPECT_TRUE(selecting(index, PodId{0}).empty());
  EXPECT_EQ(selecting(index, PodId{1}), (std::vector<ServiceId>{ServiceId{0}}));
}

// The index agrees with LabelSelector::matches, the plain definition, over random labels.
TEST(LabelIndex, AgreesWithTheSelectorDefinitionOnRandomClusters) {
  sim::RandomStream rng(7, 0, "label-index");
  const std::vector<std::string> keys = {"app", "tier", "track", "app.kubernetes.io/name"};
  const std::vector<std::string> values = {"a", "b", "c"};
  const std::vector<std::string> namespaces = {"default", "shop"};
  auto randomLabels = [&](std::size_t most) {
    Labels labels;
    std::size_t n = rng.index(most + 1);
    for (std::size_t i = 0; i < n; ++i) {
      labels[keys[rng.index(keys.size())]] = values[rng.index(values.size())];
    }
    return labels;
  };
  LabelIndex index;
  struct PodRecord {
    std::string ns;
    Labels labels;
    bool live = true;
  };
  struct ServiceRecord {
    std::string ns;
    Labels selector;
  };
  std::vector<PodRecord> pods;
  std::vector<ServiceRecord> services;
  for (std::uint32_t s = 0; s < 40; ++s) {
    services.push_back({namespaces[rng.index(2)], randomLabels(2)});
    index.setServiceSelector(ServiceId{s}, services.back().ns, services.back().selector);
  }
  for (std::uint32_t p = 0; p < 300; ++p) {
    pods.push_back({namespaces[rng.index(2)], randomLabels(3)});
    index.addPod(PodId{p}, pods.back().ns, pods.back().labels);
    if (rng.uniform01() < 0.3) {
      std::uint32_t victim = static_cast<std::uint32_t>(rng.index(p + 1));
      pods[victim].live = false;
      index.removePod(PodId{victim});
    }
    if (rng.uniform01() < 0.1) {  // kubectl apply with a new selector
      std::uint32_t s = static_cast<std::uint32_t>(rng.index(services.size()));
      services[s].selector = randomLabels(2);
      index.setServiceSelector(ServiceId{s}, services[s].ns, services[s].selector);
    }
  }
  auto matches = [&](const ServiceRecord& s, const PodRecord& p) {
    return !s.selector.empty() && s.ns == p.ns && LabelSelector{s.selector, {}}.matches(p.labels);
  };
  for (std::uint32_t s = 0; s < services.size(); ++s) {
    std::vector<PodId> expected;
    for (std::uint32_t p = 0; p < pods.size(); ++p) {
      if (pods[p].live && matches(services[s], pods[p])) expected.push_back(PodId{p});
    }
    EXPECT_EQ(selected(index, ServiceId{s}), expected) << "service " << s;
  }
  for (std::uint32_t p = 0; p < pods.size(); ++p) {
    std::vector<ServiceId> expected;
    for (std::uint32_t s = 0; s < services.size(); ++s) {
      if (matches(services[s], pods[p])) expected.push_back(ServiceId{s});
    }
    EXPECT_EQ(selecting(index, PodId{p}), expected) << "pod " << p;
  }
}

}  // namespace
}  // namespace kns::models
