#include "scenarios/manifests/apply_manifests.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "scenarios/manifests/manifest_loader.h"

namespace kns::scenarios {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path kCorpus = fs::path(KNS_SOURCE_DIR) / ".." / "shared" / "corpus" / "k8s";

// A cluster big enough for every corpus application: 6 nodes over 3 zones, 16 CPUs each.
struct Cluster {
  sim::Simulator sim{sim::SimulatorConfig{.seed = 3}};
  std::unique_ptr<models::World> world;
  Cluster() {
    models::ClusterConfig config;
    config.zones = {"a", "b", "c"};
    world = std::make_unique<models::World>(sim, config);
    models::NodePoolSpec pool;
    pool.count = 6;
    pool.node.cpu_millicores = 16000;
    world->addNodePool(pool);
  }
};

class CorpusApplication : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusApplication, RunsAndEveryServiceWithMatchingPodsGetsReadyEndpoints) {
  Diagnostics diagnostics;
  Manifests manifests;
  // Files that belong together are applied together (backends with their Ingresses).
  for (const auto& entry : fs::directory_iterator(kCorpus / GetParam())) {
    loadManifestFile(entry.path().string(), manifests, diagnostics);
  }
  Cluster cluster;
  AppliedManifests applied = applyManifests(*cluster.world, manifests, diagnostics);
  ASSERT_FALSE(diagnostics.hasErrors()) << diagnostics.str();
  // Long enough for every readiness probe's initialDelaySeconds in the corpus (sock-shop: 180 s).
  cluster.sim.runUntil(sim::Time{400s});
  const models::World& world = *cluster.world;
  for (const auto& [key, id] : applied.workloads) {
    const models::Workload& w = world.workload(id);
    int ready = 0;
    for (models::PodId pod : world.podsOf(id)) ready += world.pod(pod).ready;
    EXPECT_EQ(ready, w.spec.replicas) << key;
  }
  for (const auto& [key, id] : applied.services) {
    const models::Service& s = world.service(id);
    if (!s.spec.has_selector || s.spec.type == models::ServiceType::ExternalName) continue;
    int selected = 0;
    for (models::PodId pod : world.livePods()) {
      const models::Pod& p = world.pod(pod);
      selected += p.ns == s.spec.ns && models::LabelSelector{s.spec.selector, {}}.matches(p.labels);
    }
    models::EndpointsSnapshot endpoints = world.endpoints(id);
    ASSERT_TRUE(endpoints) << key;
    EXPECT_EQ(endpoints->readyCount(), static_cast<std::size_t>(selected)) << key;
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusApplication,
                         ::testing::Values("online-boutique", "sock-shop", "istio-bookinfo",
                                           "istio-testdata", "k8s-examples-guestbook",
                                           "ingress-nginx-affinity-cookie",
                                           "ingress-nginx-multi-tls", "ingress-nginx-chashsubset",
                                           "higress-canary", "k8s-website", "k8s-website-kyaml-pr"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) c = c == '-' ? '_' : c;
                           return name;
                         });

TEST(ApplyManifests, NamedTargetPortsResolveToTheSelectedPodsContainerPort) {
  Diagnostics diagnostics;
  Manifests manifests;
  loadManifestFile((kCorpus / "sock-shop" / "complete-demo.yaml").string(), manifests, diagnostics);
  Cluster cluster;
  AppliedManifests applied = applyManifests(*cluster.world, manifests, diagnostics);
  const models::Service& rabbit = cluster.world->service(applied.services.at("sock-shop/rabbitmq"));
  bool resolved = false;
  for (const auto& port : rabbit.spec.ports) resolved |= port.target_port == 9090;  // "exporter"
  EXPECT_TRUE(resolved);
}

TEST(ApplyManifests, ConflictsTheApiServerWouldRefuseAreErrorsAtTheObject) {
  Diagnostics diagnostics;
  Manifests manifests;
  loadManifestText(
      "kind: Service\nmetadata: {name: a}\nspec: {type: NodePort, ports: [{port: 80, nodePort: "
      "30100}]}\n"
      "---\nkind: Service\nmetadata: {name: b}\nspec: {type: NodePort, ports: [{port: 80, "
      "nodePort: 30100}]}\n",
      "clash.yaml", manifests, diagnostics);
  ASSERT_FALSE(diagnostics.hasErrors()) << diagnostics.str();
  Cluster cluster;
  applyManifests(*cluster.world, manifests, diagnostics);
  ASSERT_EQ(diagnostics.errorCount(), 1u) << diagnostics.str();
  // At the second Service's nodePort (line 7, column 53), in the API server's words.
  EXPECT_NE(diagnostics.str().find("clash.yaml:7:53: error: spec.ports[0].nodePort"),
            std::string::npos)
      << diagnostics.str();
  EXPECT_NE(diagnostics.str().find("provided port is already allocated"), std::string::npos);
}

TEST(ApplyManifests, ANodePortOutsideTheRangeIsAnErrorAtItsLine) {
  Diagnostics diagnostics;
  Manifests manifests;
  loadManifestText(
      "kind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  ports:\n"
      "  - port: 80\n  - port: 81\n    nodePort: 40000\n",
      "range.yaml", manifests, diagnostics);
  ASSERT_FALSE(diagnostics.hasErrors()) << diagnostics.str();
  Cluster cluster;
  applyManifests(*cluster.world, manifests, diagnostics);
  EXPECT_NE(diagnostics.str().find("range.yaml:8:15: error: spec.ports[1].nodePort"),
            std::string::npos)
      << diagnostics.str();
  EXPECT_NE(diagnostics.str().find("The range of valid ports is 30000-32767"), std::string::npos)
      << diagnostics.str();
}

// spec.nodeName, nodeSelector and required nodeAffinity as manifests write them (issue 16,
// item 2): a bare pod lands on its named node, a missing node leaves it Pending, a Deployment's
// pods only on the nodes its terms allow.
TEST(ApplyManifests, PodsGoWhereNodeNameSelectorAndAffinitySay) {
  Diagnostics diagnostics;
  Manifests manifests;
  loadManifestText(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: pinned}\n"
      "spec: {nodeName: node-4, containers: [{name: c, image: x}]}\n"
      "---\napiVersion: v1\nkind: Pod\nmetadata: {name: lost}\n"
      "spec: {nodeName: node-40, containers: [{name: c, image: x}]}\n"
      "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: zoned}\n"
      "spec:\n  replicas: 4\n  selector: {matchLabels: {app: z}}\n  template:\n"
      "    metadata: {labels: {app: z}}\n    spec:\n      nodeSelector: "
      "{topology.kubernetes.io/zone: b}\n"
      "      containers: [{name: c, image: x}]\n"
      "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: hosts}\n"
      "spec:\n  replicas: 2\n  selector: {matchLabels: {app: h}}\n  template:\n"
      "    metadata: {labels: {app: h}}\n    spec:\n      affinity:\n        nodeAffinity:\n"
      "          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n"
      "            - matchExpressions:\n              - {key: kubernetes.io/hostname, operator: "
      "In, "
      "values: [node-0, node-3]}\n"
      "      containers: [{name: c, image: x}]\n",
      "placement.yaml", manifests, diagnostics);
  ASSERT_FALSE(diagnostics.hasErrors()) << diagnostics.str();
  Cluster cluster;
  AppliedManifests applied = applyManifests(*cluster.world, manifests, diagnostics);
  cluster.sim.runUntil(sim::Time{std::chrono::seconds(10)});
  const models::World& w = *cluster.world;
  auto nodeOf = [&](models::PodId id) {
    return w.pod(id).node.valid() ? w.node(w.pod(id).node).spec.name : std::string("<none>");
  };
  EXPECT_EQ(nodeOf(applied.bare_pods.at("default/pinned")), "node-4");
  EXPECT_EQ(nodeOf(applied.bare_pods.at("default/lost")), "<none>");
  EXPECT_EQ(w.pod(applied.bare_pods.at("default/lost")).phase, models::PodPhase::Pending);
  for (models::PodId id : w.podsOf(w.findWorkload("zoned"))) {
    EXPECT_EQ(w.node(w.pod(id).node).spec.zone, "b") << nodeOf(id);
  }
  std::set<std::string> hosts;
  for (models::PodId id : w.podsOf(w.findWorkload("hosts"))) hosts.insert(nodeOf(id));
  EXPECT_EQ(hosts, (std::set<std::string>{"node-0", "node-3"}));
}

}  // namespace
}  // namespace kns::scenarios
