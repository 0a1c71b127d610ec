// `kubenetsim get`: kubectl's columns and formats, on the simulated cluster at a time.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "tests/scenarios/program.h"

namespace kns::scenarios {
namespace {

const std::string kExamples = std::string(KNS_SOURCE_DIR) + "/scenarios/examples/";

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    out.push_back(text.substr(start, end - start));
  }
  return out;
}

TEST(KubenetsimGet, ServicesAsKubectlPrintsThem) {
  Program p;
  ASSERT_EQ(p.run("get svc " + kExamples +
                  "loadbalancer-policies.yaml --set spec.duration=200s --at 150s"),
            0);
  std::vector<std::string> out = lines(p.stdoutText());
  ASSERT_EQ(out.size(), 3u) << p.stdoutText();
  EXPECT_TRUE(
      std::regex_match(out[0], std::regex("NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\\(S\\) +AGE")))
      << out[0];
  // A LoadBalancer: a ClusterIP from the service CIDR, an address from the load balancer pool, the
  // port with its allocated nodePort, and kubectl's age format (2m30s).
  std::regex row(
      "web-cluster +LoadBalancer +10\\.(9[6-9]|1[01][0-9])\\.\\d+\\.\\d+ +203\\.0\\.113\\.\\d+ +"
      "80:(3[0-2]\\d{3})/TCP +2m30s");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(out[1], m, row)) << out[1];
  int node_port = std::stoi(m[2]);
  EXPECT_GE(node_port, 30000);
  EXPECT_LE(node_port, 32767);
}

TEST(KubenetsimGet, HeadlessAndExternalNameServices) {
  Program p;
  ASSERT_EQ(p.run("get svc " + kExamples + "headless.yaml"), 0);
  EXPECT_TRUE(std::regex_search(p.stdoutText(), std::regex("\\n\\S+ +ClusterIP +None +<none>")))
      << p.stdoutText();
  ASSERT_EQ(p.run("get svc " + kExamples + "externalname.yaml"), 0);
  EXPECT_TRUE(std::regex_search(p.stdoutText(),
                                std::regex("ExternalName +<none> +[a-z0-9.-]+\\.[a-z]+ +<none>")))
      << p.stdoutText();
}

TEST(KubenetsimGet, PodsChangeNamesAndIpsThroughARollout) {
  Program p;
  ASSERT_EQ(p.run("get pods " + kExamples + "clusterip.yaml --at 25s -o wide"), 0);
  std::string before = p.stdoutText();
  ASSERT_EQ(p.run("get pods " + kExamples + "clusterip.yaml --at 59s -o wide"), 0);
  std::string after = p.stdoutText();
  std::regex pod("(web-\\d+-\\d+) +1/1 +Running +0 +\\d+s +(10\\.244\\.\\d+\\.\\d+) +node-\\d");
  auto names = [&](const std::string& text) {
    std::set<std::string> out;
    for (std::sregex_iterator it(text.begin(), text.end(), pod), end; it != end; ++it) {
      out.insert((*it)[1]);
    }
    return out;
  };
  EXPECT_EQ(names(before).size(), 4u) << before;
  EXPECT_EQ(names(after).size(), 4u) << after;
  for (const std::string& name : names(before)) EXPECT_EQ(names(after).count(name), 0u) << name;
}

TEST(KubenetsimGet, EndpointsListReadyAddressesWithTheTargetPort) {
  Program p;
  ASSERT_EQ(p.run("get endpoints " + kExamples + "clusterip.yaml --at 25s"), 0);
  // Four ready pods: kubectl shows three and "+ 1 more...".
  EXPECT_TRUE(std::regex_search(
      p.stdoutText(),
      std::regex(
          "web +(10\\.244\\.\\d+\\.\\d+:8080,){2}10\\.244\\.\\d+\\.\\d+:8080 \\+ 1 more\\.\\.\\.")))
      << p.stdoutText();
}

// node-1 dies at 20 s; the control plane marks it NotReady only after the node-monitor grace
// period (50 s), as kubectl would show.
TEST(KubenetsimGet, ADeadNodeLooksReadyUntilTheGracePeriodEnds) {
  Program p;
  ASSERT_EQ(p.run("get nodes " + kExamples + "node-failure.yaml --at 60s"), 0);
  EXPECT_TRUE(std::regex_search(p.stdoutText(), std::regex("node-1 +Ready +<none> +60s")))
      << p.stdoutText();
  ASSERT_EQ(p.run("get nodes " + kExamples + "node-failure.yaml --at 119s"), 0);
  EXPECT_TRUE(std::regex_search(p.stdoutText(), std::regex("node-1 +NotReady +<none> +119s")))
      << p.stdoutText();
  EXPECT_TRUE(std::regex_search(p.stdoutText(), std::regex("node-0 +Ready ")));
}

TEST(KubenetsimGet, AnIngressShowsItsControllersAddress) {
  Program p;
  ASSERT_EQ(p.run("get ingress " + kExamples + "ingress-canary.yaml --at 5s"), 0);
  EXPECT_TRUE(std::regex_search(
      p.stdoutText(),
      std::regex("shop +nginx +shop\\.example\\.com +203\\.0\\.113\\.\\d+ +80 +5s")))
      << p.stdoutText();
  ASSERT_EQ(p.run("get pods " + kExamples + "ingress-canary.yaml --at 5s -n ingress-nginx"), 0);
  EXPECT_TRUE(
      std::regex_search(p.stdoutText(), std::regex("ingress-nginx-controller-\\S+ +1/1 +Running")))
      << p.stdoutText();
}

TEST(KubenetsimGet, BadArgumentsExitTwo) {
  Program p;
  std::string err;
  EXPECT_EQ(p.run("get deployments " + kExamples + "clusterip.yaml", &err), 2);
  EXPECT_NE(err.find("unknown resource type"), std::string::npos);
  EXPECT_EQ(p.run("get pods " + kExamples + "clusterip.yaml --at soon", &err), 2);
  EXPECT_NE(err.find("not a duration"), std::string::npos);
  EXPECT_EQ(p.run("get pods " + kExamples + "clusterip.yaml --at 1h", &err), 2);
  EXPECT_NE(err.find("after the scenario's end"), std::string::npos);
  EXPECT_EQ(p.run("get pods /no/such.yaml"), 2);
}

// Timeline failReadiness / passReadiness (issue 16, item 5): the app fails its readiness probe
// at 10 s; three failed probes (10 s apart) later the pod is NotReady and leaves the endpoints;
// it passes again at 60 s and is back after one good probe.
TEST(KubenetsimGet, AReadinessProbeThatFailsTakesThePodOutOfItsEndpoints) {
  namespace fs = std::filesystem;
  fs::path file = fs::temp_directory_path() / "kns-readiness.yaml";
  std::ofstream(file) << "apiVersion: kubenetsim/v1\nkind: Scenario\nmetadata: {name: ready}\n"
                         "spec:\n  duration: 90s\n  manifests:\n  - inline: |\n"
                         "      apiVersion: apps/v1\n      kind: Deployment\n"
                         "      metadata: {name: web}\n      spec:\n        replicas: 2\n"
                         "        selector: {matchLabels: {app: web}}\n        template:\n"
                         "          metadata: {labels: {app: web}}\n"
                         "          spec: {containers: [{name: w, image: nginx}]}\n"
                         "      ---\n      apiVersion: v1\n      kind: Service\n"
                         "      metadata: {name: web}\n"
                         "      spec: {selector: {app: web}, ports: [{port: 80}]}\n"
                         "  timeline:\n  - {at: 10s, failReadiness: web-1-0}\n"
                         "  - {at: 60s, passReadiness: web-1-0}\n";
  Program p;
  auto readyOf = [&](const std::string& at) {
    EXPECT_EQ(p.run("get pods " + file.string() + " --at " + at), 0);
    std::smatch m;
    std::string out = p.stdoutText();
    EXPECT_TRUE(std::regex_search(out, m, std::regex("web-1-0 +(\\d/1) +Running"))) << out;
    return m.size() > 1 ? m[1].str() : std::string("?");
  };
  auto endpointCount = [&](const std::string& at) {
    EXPECT_EQ(p.run("get endpoints " + file.string() + " --at " + at), 0);
    std::string out = p.stdoutText();
    std::smatch m;
    EXPECT_TRUE(std::regex_search(out, m, std::regex("\\nweb +(\\S+)"))) << out;
    std::string list = m.size() > 1 ? m[1].str() : "";
    return list == "<none>" ? 0 : static_cast<int>(std::count(list.begin(), list.end(), ',')) + 1;
  };
  EXPECT_EQ(readyOf("9s"), "1/1");
  EXPECT_EQ(endpointCount("9s"), 2);
  EXPECT_EQ(readyOf("25s"), "1/1");  // two failed probes: not yet
  EXPECT_EQ(readyOf("45s"), "0/1");
  EXPECT_EQ(endpointCount("45s"), 1);
  EXPECT_EQ(readyOf("75s"), "1/1");
  EXPECT_EQ(endpointCount("75s"), 2);
  fs::remove(file);
}

}  // namespace
}  // namespace kns::scenarios
