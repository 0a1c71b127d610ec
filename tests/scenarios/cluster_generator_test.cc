#include "scenarios/cluster_generator.h"

#include <gtest/gtest.h>

#include <map>

#include "scenarios/run_scenario.h"
#include "scenarios/scenario_loader.h"
#include "tests/scenarios/program.h"

namespace kns::scenarios {
namespace {

GeneratedCluster small() {
  GeneratedCluster g;
  g.name = "small";
  g.nodes = 6;
  g.zones = 3;
  g.services = 12;
  g.replicas = 3;
  g.rate_per_s = 240;
  g.startup_s = 15;
  g.traffic_s = 10;
  return g;
}

// The generated cluster is an ordinary scenario: it loads, comes up, and every Service it
// declares serves its client's traffic, with the requests spread over the Service's pods.
TEST(ClusterGenerator, ASmallClusterLoadsComesUpAndServesEveryService) {
  GeneratedCluster g = small();
  ASSERT_EQ(checkGeneratedCluster(g), "");
  LoadedScenario loaded;
  Diagnostics d;
  ASSERT_TRUE(loadScenarioText(generateClusterScenario(g), "generated.yaml", ".", loaded, d))
      << d.str();
  RunResult result;
  ASSERT_TRUE(runScenario(loaded, RunOptions{}, result, d)) << d.str();
  std::map<std::string, const reports::proto::Scope*> services;
  const reports::proto::Scope* run = nullptr;
  for (const auto& scope : result.report.scopes()) {
    if (scope.kind() == "service") services[scope.name()] = &scope;
    if (scope.kind() == "run") run = &scope;
  }
  ASSERT_NE(run, nullptr);
  // 240/s for 10 s: 2,400 expected, Poisson sd 49; 5 sd either side.
  EXPECT_NEAR(static_cast<double>(run->requests()), 2400, 245);
  EXPECT_EQ(run->errors(), 0u);  // traffic starts after the pods are ready
  ASSERT_EQ(services.size(), 12u);
  for (int s = 0; s < 12; ++s) {
    auto it = services.find("svc-" + std::to_string(s) + ".default");
    ASSERT_NE(it, services.end()) << "svc-" << s;
    EXPECT_GT(it->second->requests(), 100u) << it->first;     // 200 expected each
    EXPECT_EQ(it->second->endpoints_size(), 3) << it->first;  // its three pods all served
  }
}

// spec.traffic holds at most 1,000 sources: beyond that many Services the clients spread over
// them, every (services / clients)-th one.
TEST(ClusterGenerator, MoreServicesThanTrafficSourcesStayWithinTheTrafficLimit) {
  GeneratedCluster g = small();
  g.nodes = 15;
  g.services = 1500;
  g.replicas = 1;
  ASSERT_EQ(checkGeneratedCluster(g), "");
  LoadedScenario loaded;
  Diagnostics d;
  ASSERT_TRUE(loadScenarioText(generateClusterScenario(g), "generated.yaml", ".", loaded, d))
      << d.str();
  const auto& traffic = loaded.scenario.spec().traffic();
  ASSERT_EQ(traffic.size(), 1000);
  EXPECT_EQ(traffic[0].to(), "service/svc-0");
  EXPECT_EQ(traffic[1].to(), "service/svc-1");
  EXPECT_EQ(traffic[2].to(), "service/svc-3");
  EXPECT_EQ(traffic[999].to(), "service/svc-1498");
  EXPECT_EQ(traffic[999].from(), "node/node-14");
}

TEST(ClusterGenerator, RefusesClustersBeyondKubernetesLimitsWithTheReason) {
  GeneratedCluster g = small();
  g.nodes = 5001;
  EXPECT_NE(checkGeneratedCluster(g).find("5000"), std::string::npos);
  g = small();
  g.services = 10001;
  EXPECT_NE(checkGeneratedCluster(g).find("10000"), std::string::npos);
  g = small();
  g.nodes = 5000;
  g.services = 10000;
  g.replicas = 16;  // 160,000 pods
  EXPECT_NE(checkGeneratedCluster(g).find("150000"), std::string::npos);
  g = small();
  g.replicas = 200;  // 2,400 pods on 6 nodes of 110
  EXPECT_NE(checkGeneratedCluster(g).find("add nodes"), std::string::npos);
  g = small();
  g.name = "../escape";
  EXPECT_NE(checkGeneratedCluster(g).find("DNS-1123"), std::string::npos);
  g = small();
  g.kube_proxy_mode = "userspace";
  EXPECT_NE(checkGeneratedCluster(g).find("iptables, ipvs or nftables"), std::string::npos);
}

TEST(KubenetsimGenerate, WritesAScenarioThatValidatesAndRefusesBadCounts) {
  Program p;
  std::filesystem::create_directories(p.out);
  std::string file = (p.out / "cluster.yaml").string();
  ASSERT_EQ(p.run("generate --nodes 9 --zones 3 --services 30 --replicas 4 --kube-proxy-mode "
                  "ipvs -o " +
                  file),
            0);
  EXPECT_EQ(p.run("validate " + file), 0);
  LoadedScenario loaded;
  Diagnostics d;
  ASSERT_TRUE(loadScenarioFile(file, loaded, d)) << d.str();
  EXPECT_EQ(loaded.scenario.spec().cluster().nodes().count(), 9);
  std::string err;
  EXPECT_EQ(p.run("generate --nodes 0", &err), 2);
  EXPECT_NE(err.find("--nodes must be 1 to 5000"), std::string::npos) << err;
  EXPECT_EQ(p.run("generate --startup soon", &err), 2);
  EXPECT_NE(err.find("not a duration"), std::string::npos) << err;
  EXPECT_EQ(p.run("generate -o " + (p.out / "missing" / "x.yaml").string(), &err), 2);
  EXPECT_NE(err.find("does not exist"), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(p.out / "missing"));
  EXPECT_EQ(p.run("generate --seed -1", &err), 2);
  EXPECT_NE(err.find("a seed is a whole number"), std::string::npos) << err;
}

}  // namespace
}  // namespace kns::scenarios
