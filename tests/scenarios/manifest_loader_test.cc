#include "scenarios/manifests/manifest_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace kns::scenarios {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(KNS_SOURCE_DIR) / ".." / "shared" / "corpus" / "k8s";

Manifests loadCorpus(const std::string& relative, Diagnostics& diagnostics) {
  Manifests out;
  loadManifestFile((kCorpus / relative).string(), out, diagnostics);
  return out;
}

const WorkloadManifest* workload(const Manifests& m, const std::string& name) {
  for (const auto& w : m.workloads) {
    if (w.name == name) return &w;
  }
  return nullptr;
}

const ServiceManifest* service(const Manifests& m, const std::string& name) {
  for (const auto& s : m.services) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

TEST(ManifestCorpus, EveryFileLoadsWithoutErrors) {
  ASSERT_TRUE(fs::exists(kCorpus)) << kCorpus;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kCorpus)) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    Diagnostics diagnostics;
    Manifests m;
    loadManifestFile(entry.path().string(), m, diagnostics);
    EXPECT_FALSE(diagnostics.hasErrors()) << diagnostics.str();
    EXPECT_GT(m.workloads.size() + m.services.size() + m.ingresses.size() + m.autoscalers.size(),
              0u)
        << entry.path();
  }
  EXPECT_EQ(files, 16);
}

TEST(ManifestCorpus, OnlineBoutique) {
  Diagnostics d;
  Manifests m = loadCorpus("online-boutique/kubernetes-manifests.yaml", d);
  EXPECT_EQ(m.workloads.size(), 12u);
  EXPECT_EQ(m.services.size(), 12u);
  EXPECT_EQ(m.skipped["ServiceAccount"], 11);
  EXPECT_EQ(workload(m, "frontend")->replicas, 1);  // replicas unset: 1
  const ServiceManifest* external = service(m, "frontend-external");
  ASSERT_NE(external, nullptr);
  EXPECT_EQ(external->type, models::ServiceType::LoadBalancer);
  EXPECT_EQ(external->ports[0].port, 80);
  EXPECT_EQ(external->ports[0].target.number, 8080);
  // One notice for the skipped kind, not one per object.
  EXPECT_EQ(std::count_if(d.all().begin(), d.all().end(),
                          [](const Diagnostic& x) { return x.severity == Severity::Notice; }),
            1);
}

TEST(ManifestCorpus, BookinfoTargetPortDefaultsToPortAndOneServiceSelectsThreeVersions) {
  Diagnostics d;
  Manifests m = loadCorpus("istio-bookinfo/bookinfo.yaml", d);
  const ServiceManifest* reviews = service(m, "reviews");
  ASSERT_NE(reviews, nullptr);
  EXPECT_EQ(reviews->ports[0].target.number, 9080);
  int selected = 0;
  for (const auto& w : m.workloads) {
    models::LabelSelector s{reviews->selector, {}};
    selected += s.matches(w.pod_labels);
  }
  EXPECT_EQ(selected, 3);
}

TEST(ManifestCorpus, SockShopNamespacesNodePortsAndNamedTargetPorts) {
  Diagnostics d;
  Manifests m = loadCorpus("sock-shop/complete-demo.yaml", d);
  EXPECT_EQ(m.namespaces, (std::vector<std::string>{"sock-shop"}));
  const ServiceManifest* front = service(m, "front-end");
  ASSERT_NE(front, nullptr);
  EXPECT_EQ(front->ns, "sock-shop");
  EXPECT_EQ(front->type, models::ServiceType::NodePort);
  EXPECT_EQ(front->ports[0].node_port, 30001);
  const ServiceManifest* rabbit = service(m, "rabbitmq");
  ASSERT_NE(rabbit, nullptr);
  bool named = std::any_of(rabbit->ports.begin(), rabbit->ports.end(),
                           [](const auto& p) { return p.target.name == "exporter"; });
  EXPECT_TRUE(named);
  EXPECT_TRUE(workload(m, "rabbitmq")->container_ports.count("exporter"));
}

TEST(ManifestCorpus, FixedClusterIpsHeadlessServicesAndStatefulSets) {
  Diagnostics d;
  Manifests higress = loadCorpus("higress-canary/manifests.yaml", d);
  bool fixed = std::any_of(higress.services.begin(), higress.services.end(), [](const auto& s) {
    return s.cluster_ip && s.cluster_ip->str() == "10.96.254.254";
  });
  EXPECT_TRUE(fixed);
  EXPECT_EQ(higress.namespaces.size(), 3u);
  Manifests zk = loadCorpus("k8s-website/zookeeper.yaml", d);
  EXPECT_TRUE(service(zk, "zk-hs")->headless);
  const WorkloadManifest* sts = workload(zk, "zk");
  ASSERT_NE(sts, nullptr);
  EXPECT_EQ(sts->kind, "StatefulSet");
  EXPECT_EQ(sts->service_name, "zk-hs");
  EXPECT_EQ(sts->replicas, 3);
  EXPECT_EQ(zk.skipped["PodDisruptionBudget"], 1);
  EXPECT_FALSE(d.hasErrors()) << d.str();
}

TEST(ManifestCorpus, ReplicationControllersDefaultTheirSelectorToTheTemplateLabels) {
  Diagnostics d;
  Manifests m = loadCorpus("ingress-nginx-multi-tls/multi-tls.yaml", d);
  ASSERT_FALSE(m.workloads.empty());
  for (const auto& w : m.workloads) {
    EXPECT_EQ(w.kind, "ReplicationController");
    EXPECT_FALSE(w.selector.empty());
    EXPECT_TRUE(w.selector.matches(w.pod_labels));
  }
  ASSERT_EQ(m.ingresses.size(), 1u);
  EXPECT_EQ(m.ingresses[0].tls.size(), 2u);
  EXPECT_EQ(m.ingresses[0].rules.size(), 2u);
}

TEST(ManifestCorpus, IngressesInEveryStyle) {
  Diagnostics d;
  Manifests bookinfo = loadCorpus("istio-bookinfo/bookinfo-ingress.yaml", d);
  ASSERT_EQ(bookinfo.ingresses.size(), 1u);
  EXPECT_EQ(bookinfo.ingresses[0].ingress_class, "istio");  // the legacy annotation
  std::set<std::string> types;
  for (const auto& rule : bookinfo.ingresses[0].rules) {
    for (const auto& path : rule.paths) types.insert(path.path_type);
  }
  EXPECT_EQ(types, (std::set<std::string>{"Exact", "Prefix"}));

  Manifests boutique = loadCorpus("online-boutique/frontend-ingress.yaml", d);
  ASSERT_EQ(boutique.ingresses.size(), 1u);
  ASSERT_TRUE(boutique.ingresses[0].default_backend);
  EXPECT_EQ(boutique.ingresses[0].default_backend->service, "frontend");
  EXPECT_EQ(boutique.ingresses[0].default_backend->port.number, 80);

  Manifests kyaml = loadCorpus("k8s-website-kyaml-pr/tls-example-ingress.yaml", d);
  ASSERT_EQ(kyaml.ingresses.size(), 1u);
  ASSERT_EQ(kyaml.ingresses[0].tls.size(), 1u);
  EXPECT_FALSE(kyaml.ingresses[0].tls[0].first.empty());

  Manifests chash = loadCorpus("ingress-nginx-chashsubset/deployment.yaml", d);  // kind first
  ASSERT_EQ(chash.ingresses.size(), 1u);
  EXPECT_EQ(chash.ingresses[0].annotations["nginx.ingress.kubernetes.io/upstream-hash-by"],
            "$arg_predictorid");
  EXPECT_EQ(chash.workloads[0].replicas, 10);
  EXPECT_FALSE(d.hasErrors()) << d.str();
}

TEST(ManifestCorpus, ExternalNameAndAutoscalers) {
  Diagnostics d;
  Manifests ext = loadCorpus("istio-testdata/correct-port-name-external-name-service-type.yaml", d);
  ASSERT_EQ(ext.services.size(), 1u);
  EXPECT_EQ(ext.services[0].type, models::ServiceType::ExternalName);
  EXPECT_EQ(ext.services[0].external_name, "nginx.example.com");
  Manifests hpa = loadCorpus("sock-shop/front-end-hsc.yaml", d);
  ASSERT_EQ(hpa.autoscalers.size(), 1u);
  EXPECT_EQ(hpa.autoscalers[0].target_name, "front-end");
  EXPECT_EQ(hpa.autoscalers[0].max_replicas, 10);
  EXPECT_EQ(hpa.autoscalers[0].target_cpu_percent, 50);
}

// --- Broken input: every problem reported with file:line:col and a hint, never a crash.

struct Broken {
  const char* name;
  std::string text;
  const char* expect;  // a substring of the diagnostic
  int line;            // expected line (0: any)
};

class BrokenManifest : public ::testing::TestWithParam<Broken> {};

TEST_P(BrokenManifest, IsReportedWithItsLocation) {
  const Broken& b = GetParam();
  Diagnostics d;
  Manifests m;
  loadManifestText(b.text, "bad.yaml", m, d);
  ASSERT_TRUE(d.hasErrors()) << b.name;
  std::string all = d.str();
  EXPECT_NE(all.find(b.expect), std::string::npos) << all;
  EXPECT_NE(all.find("bad.yaml:"), std::string::npos) << all;
  if (b.line > 0) {
    EXPECT_NE(all.find("bad.yaml:" + std::to_string(b.line) + ":"), std::string::npos) << all;
  }
}

const Broken kBroken[] = {
    // NOLINT: static strings for a table test
    {"endpointslice-bad-address",
     "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: db-1\n  labels: "
     "{kubernetes.io/service-name: db}\naddressType: IPv4\nendpoints:\n- addresses: "
     "[db.example.com]\n",
     "is not an IPv4 address", 8},
    {"endpointslice-ipv6",
     "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: db-1}\naddressType: "
     "IPv6\nendpoints: []\n",
     "only IPv4", 4},
    {"replicas-not-a-number",
     "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: many\n",
     "'many' is not a whole number", 5},
    {"negative-replicas", "kind: Deployment\nmetadata: {name: w}\nspec:\n  replicas: -3\n",
     "out of range", 4},
    {"no-kind", "apiVersion: v1\nmetadata: {name: x}\n", "needs a kind", 1},
    {"bad-yaml", "kind: Service\nmetadata: {name: x\n", "not valid YAML", 0},
    {"no-name", "kind: Service\nmetadata: {}\nspec: {}\n", "needs a name", 0},
    {"selector-mismatch",
     "kind: Deployment\nmetadata: {name: w}\nspec:\n  selector: {matchLabels: {app: a}}\n  "
     "template:\n"
     "    metadata: {labels: {app: b}}\n    spec: {containers: [{name: c}]}\n",
     "does not match", 4},
    {"port-out-of-range", "kind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - port: 70000\n",
     "out of range", 5},
    {"bad-cluster-ip", "kind: Service\nmetadata: {name: s}\nspec: {clusterIP: 10.0.0.999}\n",
     "is not an IPv4 address", 3},
    {"bad-type", "kind: Service\nmetadata: {name: s}\nspec: {type: Magic}\n",
     "is not one of ClusterIP, NodePort", 3},
    {"bad-cpu",
     "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    resources: {requests: "
     "{cpu: "
     "lots}}\n",
     "is not a CPU quantity", 6},
    {"old-ingress", "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: i}\n",
     "networking.k8s.io/v1", 0},
    {"bad-path-type",
     "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n  - "
     "http:\n"
     "      paths:\n      - path: /\n        pathType: Glob\n        backend: {service: {name: s, "
     "port: "
     "{number: 80}}}\n",
     "is not Exact, Prefix", 8},
    {"scalar-document", "just a string\n", "must be a mapping", 1},
    // Ingress paths as the API server validates them (validateHTTPIngressPath).
    {"relative-prefix-path",
     "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n  - "
     "http:\n      paths:\n"
     "      - path: foo\n        pathType: Prefix\n        backend: {service: {name: s, port: "
     "{number: 80}}}\n",
     "'foo' must be an absolute path", 8},
    {"relative-specific-path",
     "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n  - "
     "http:\n      paths:\n"
     "      - path: foo\n        pathType: ImplementationSpecific\n        backend: {service: "
     "{name: s, port: {number: 80}}}\n",
     "'foo' must be an absolute path", 8},
    {"double-slash-exact-path",
     "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n  - "
     "http:\n      paths:\n"
     "      - path: /a//b\n        pathType: Exact\n        backend: {service: {name: s, port: "
     "{number: 80}}}\n",
     "must not contain '//'", 8},
    {"dot-dot-prefix-path",
     "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n  - "
     "http:\n      paths:\n"
     "      - path: /a/..\n        pathType: Prefix\n        backend: {service: {name: s, port: "
     "{number: 80}}}\n",
     "cannot end with '/..'", 8},
    {"encoded-slash-path",
     "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n  - "
     "http:\n      paths:\n"
     "      - path: /a%2Fb\n        pathType: Prefix\n        backend: {service: {name: s, port: "
     "{number: 80}}}\n",
     "must not contain '%2F'", 8},
    {"binary", std::string("kind: Service\0junk", 18), "NUL", 0},
};

INSTANTIATE_TEST_SUITE_P(Cases, BrokenManifest, ::testing::ValuesIn(kBroken),
                         [](const ::testing::TestParamInfo<Broken>& info) {
                           std::string name = info.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(ManifestLoader, AMissingFileIsAnError) {
  Diagnostics d;
  Manifests m;
  loadManifestFile("/no/such/file.yaml", m, d);
  ASSERT_TRUE(d.hasErrors());
  EXPECT_NE(d.str().find("cannot open"), std::string::npos);
}

TEST(ManifestLoader, InputThatHangsYamlCppIsRejectedBeforeIt) {
  // Found by tests/fuzz/manifest_fuzzer: malformed flow YAML on which yaml-cpp 0.7 loops forever.
  Diagnostics d;
  Manifests m;
  loadManifestFile(std::string(KNS_SOURCE_DIR) + "/tests/scenarios/data/yaml-cpp-hang.yaml", m, d);
  ASSERT_TRUE(d.hasErrors());
  EXPECT_NE(d.str().find("not valid YAML"), std::string::npos) << d.str();
}

TEST(ManifestLoader, DeepNestingIsRefused) {
  Diagnostics d;
  Manifests m;
  loadManifestText(std::string(10'000, '[') + std::string(10'000, ']'), "deep.yaml", m, d);
  ASSERT_TRUE(d.hasErrors());
  EXPECT_NE(d.str().find("nested more than 128 levels"), std::string::npos) << d.str();
}

TEST(ManifestLoader, AllErrorsOfAFileAreReportedNotOnlyTheFirst) {
  Diagnostics d;
  Manifests m;
  loadManifestText(
      "kind: Service\nmetadata: {name: a}\nspec: {type: Magic}\n---\nkind: Service\nmetadata: "
      "{name: "
      "b}\nspec: {clusterIP: nope}\n",
      "two.yaml", m, d);
  EXPECT_EQ(d.errorCount(), 2u) << d.str();
}

TEST(CpuQuantities, ParseExactly) {
  EXPECT_EQ(parseCpuMillicores("250m"), 250);
  EXPECT_EQ(parseCpuMillicores("0.5"), 500);
  EXPECT_EQ(parseCpuMillicores("2"), 2000);
  EXPECT_EQ(parseCpuMillicores(".1"), 100);
  EXPECT_FALSE(parseCpuMillicores("1.2345"));
  EXPECT_FALSE(parseCpuMillicores("m"));
  EXPECT_FALSE(parseCpuMillicores("-1"));
  EXPECT_FALSE(parseCpuMillicores("one"));
}

}  // namespace
}  // namespace kns::scenarios
