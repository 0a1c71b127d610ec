#include "scenarios/scenario_loader.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kns::scenarios {
namespace {

namespace fs = std::filesystem;

const fs::path kExamples = fs::path(KNS_SOURCE_DIR) / "scenarios" / "examples";

TEST(ScenarioLoader, TheExamplesLoad) {
  int examples = 0;
  for (const auto& entry : fs::directory_iterator(kExamples)) {
    if (entry.path().extension() != ".yaml") continue;
    ++examples;
    Diagnostics d;
    LoadedScenario s;
    EXPECT_TRUE(loadScenarioFile(entry.path().string(), s, d)) << d.str();
    EXPECT_FALSE(s.scenario.metadata().name().empty());
  }
  EXPECT_GE(examples, 1);
}

TEST(ScenarioLoader, ReadsFieldsByTheirCamelCaseNames) {
  Diagnostics d;
  LoadedScenario s;
  ASSERT_TRUE(loadScenarioFile((kExamples / "clusterip.yaml").string(), s, d)) << d.str();
  const auto& spec = s.scenario.spec();
  EXPECT_EQ(spec.seed(), 42u);
  EXPECT_EQ(spec.cluster().nodes().count(), 3);
  EXPECT_EQ(spec.cluster().kube_proxy().min_sync_period(), "1s");
  EXPECT_EQ(spec.workloads(0).selector().at("app"), "web");
  EXPECT_EQ(spec.traffic(0).arrivals().rate(), "200/s");
  EXPECT_EQ(s.manifests.workloads.size(), 1u);
  EXPECT_EQ(s.locations.at("spec.traffic[0].arrivals.rate").line, 30);
}

TEST(ScenarioLoader, RatesTakeUnits) {
  std::string error;
  EXPECT_DOUBLE_EQ(*parseRatePerSecond("2000/s", &error), 2000);
  EXPECT_DOUBLE_EQ(*parseRatePerSecond("30/m", &error), 0.5);
  EXPECT_DOUBLE_EQ(*parseRatePerSecond("3600/h", &error), 1);
  EXPECT_DOUBLE_EQ(*parseRatePerSecond("1.5/ms", &error), 1500);
  EXPECT_FALSE(parseRatePerSecond("2000/sec", &error));
  EXPECT_NE(error.find("write e.g. '2000/s'"), std::string::npos);
  EXPECT_FALSE(parseRatePerSecond("2000", &error));
  EXPECT_FALSE(parseRatePerSecond("-5/s", &error));
}

// --- Broken scenarios: each gives a located error that says what would be right.

constexpr const char* kHeader = "apiVersion: kubenetsim/v1\nkind: Scenario\nmetadata: {name: t}\n";
constexpr const char* kWeb =
    "  manifests:\n  - inline: |\n      kind: Deployment\n      apiVersion: apps/v1\n      "
    "metadata: {name: web}\n"
    "      spec:\n        selector: {matchLabels: {app: web}}\n        template:\n          "
    "metadata: {labels: {app: web}}\n"
    "          spec: {containers: [{name: w}]}\n      ---\n      kind: Service\n      apiVersion: "
    "v1\n"
    "      metadata: {name: web}\n      spec: {selector: {app: web}, ports: [{port: 80}]}\n";

struct Broken {
  const char* name;
  std::string body;    // after the header
  const char* expect;  // substring of the diagnostics
};

std::string spec(const std::string& rest) { return std::string("spec:\n") + kWeb + rest; }

const Broken kBroken[] = {
    {"unknown_top_field", "spek: {}\n", "did you mean 'spec'"},
    {"unknown_nested_field", spec("  cluster: {nodes: {cuont: 3}}\n"), "did you mean 'count'"},
    {"duration_without_unit", spec("  duration: 60\n"), "the unit is missing"},
    {"duration_bad_unit", spec("  duration: 60sec\n"), "unknown unit 'sec'"},
    {"negative_duration", spec("  duration: -5s\n"), "must not be negative"},
    {"seed_not_a_number", spec("  seed: lucky\n"), "not a non-negative whole number"},
    {"negative_seed", spec("  seed: -1\n"), "not a non-negative whole number"},
    {"zero_nodes", spec("  cluster: {nodes: {count: 0}}\n"), "not between 1 and 5000"},
    {"absurd_nodes", spec("  cluster: {nodes: {count: 100000}}\n"), "not between 1 and 5000"},
    {"bad_cpu", spec("  cluster: {nodes: {cpu: four}}\n"), "not a CPU amount"},
    {"bad_cidr", spec("  cluster: {nodes: {podCidr: 10.244.0.0/33}}\n"), "not a CIDR block"},
    {"bad_proxy_mode", spec("  cluster: {kubeProxy: {mode: userspace}}\n"),
     "is not iptables, ipvs or nftables"},
    {"bad_sync_period", spec("  cluster: {kubeProxy: {minSyncPeriod: soon}}\n"),
     "is not a duration"},
    {"bad_latency", spec("  cluster: {network: {sameZone: 100 us}}\n"), "is not a duration"},
    {"manifest_missing_file", "spec:\n  manifests: [{file: nowhere.yaml}]\n", "no such file"},
    {"manifest_both_file_and_inline", "spec:\n  manifests: [{file: a.yaml, inline: 'kind: x'}]\n",
     "exactly one of file or inline"},
    {"broken_inline_manifest", "spec:\n  manifests: [{inline: 'kind: Service'}]\n", "needs a name"},
    {"workload_without_selector", spec("  workloads: [{concurrency: 2}]\n"),
     "the pod labels this applies to"},
    {"bad_distribution",
     spec("  workloads: [{selector: {app: web}, serviceTime: {distribution: gaussian}}]\n"),
     "is not constant, exponential"},
    {"uniform_without_bounds",
     spec("  workloads: [{selector: {app: web}, serviceTime: {distribution: uniform}}]\n"),
     "uniform needs min and max"},
    {"zero_concurrency", spec("  workloads: [{selector: {app: web}, concurrency: 0}]\n"),
     "not between 1 and 100000"},
    {"bad_queue_limit", spec("  workloads: [{selector: {app: web}, queueLimit: -7}]\n"),
     "is not between -1 and"},
    {"traffic_without_name", spec("  traffic: [{to: service/web}]\n"), "needs a name"},
    {"duplicate_traffic",
     spec("  traffic: [{name: a, to: service/web}, {name: a, to: service/web}]\n"), "used twice"},
    {"bad_rate", spec("  traffic: [{name: a, to: service/web, arrivals: {rate: 2000/sec}}]\n"),
     "is not a rate"},
    {"bad_process", spec("  traffic: [{name: a, to: service/web, arrivals: {process: bursty}}]\n"),
     "is not poisson or constant"},
    {"bad_connection_mode",
     spec("  traffic: [{name: a, to: service/web, connections: {mode: pooled}}]\n"),
     "is not per-request, keep-alive"},
    {"unknown_service", spec("  traffic: [{name: a, to: service/api}]\n"), "no Service 'api'"},
    {"unknown_target_scheme", spec("  traffic: [{name: a, to: 'ftp://web'}]\n"),
     "is not service/<name>"},
    {"url_without_ingress_controller",
     spec("  traffic: [{name: a, from: internet, to: 'https://shop.example.com/'}]\n"),
     "needs an ingress controller"},
    {"bad_tls_version", spec("  traffic: [{name: a, to: service/web, tls: '1.1'}]\n"),
     "is not 1.2 or 1.3"},
    {"unknown_controller_kind", "spec:\n  cluster: {ingressControllers: [{kind: traefik}]}\n",
     "is not a known controller"},
    {"two_controllers_one_class",
     "spec:\n  cluster: {ingressControllers: [{name: a}, {name: b}]}\n",
     "already serves this class"},
    {"bad_load_balance",
     "spec:\n  cluster: {ingressControllers: [{config: {load-balance: random}}]}\n",
     "is not round_robin or ewma"},
    {"bad_source", spec("  traffic: [{name: a, from: pod/x, to: service/web}]\n"),
     "is not 'internet'"},
    {"source_node_out_of_range",
     spec("  traffic: [{name: a, from: node/node-7, to: service/web}]\n"), "below the node count"},
    {"too_many_retries", spec("  traffic: [{name: a, to: service/web, retries: 99}]\n"),
     "between 0 and 10"},
    {"half_a_burst", spec("  traffic: [{name: a, to: service/web, onPeriod: 1s}]\n"),
     "need both onPeriod"},
    {"zero_weight", spec("  traffic: [{name: a, to: service/web, mix: [{path: /, weight: 0}]}]\n"),
     "is not more than 0"},
    {"negative_users", spec("  traffic: [{name: a, to: service/web, users: -2}]\n"),
     "between 0 and 1000000"},
    {"timeline_without_time", spec("  timeline: [{rollout: deployment/web}]\n"),
     "when the event happens"},
    {"timeline_two_actions",
     spec("  timeline: [{at: 1s, rollout: deployment/web, failNode: node-0}]\n"), "exactly one of"},
    {"timeline_unknown_target",
     spec("  timeline: [{at: 1s, scale: deployment/api, replicas: 2}]\n"), "deployment/<name>"},
    {"list_expected", spec("  traffic: {name: a}\n"), "expected a list"},
    {"mapping_expected", "spec: [1, 2]\n", "expected a mapping"},
    {"scalar_expected", spec("  seed: [1]\n"), "expected a single value"},
    {"field_twice", "spec:\n  seed: 1\n  seed: 2\n", "given twice"},
    {"slo_unknown_metric", spec("  slos: [{metric: latency.p95, max: 5ms}]\n"),
     "is not a metric; one of: latency.p50"},
    {"slo_bound_without_unit", spec("  slos: [{metric: latency.p99, max: '50'}]\n"),
     "is not a duration"},
    {"slo_two_bounds", spec("  slos: [{metric: errors.ratio, max: '0.1', min: '0'}]\n"),
     "exactly one of max or min"},
    {"slo_bad_scope", spec("  slos: [{metric: requests, scope: ingress, min: '1'}]\n"),
     "is not run, traffic/<name>"},
    {"slo_unknown_traffic", spec("  slos: [{metric: requests, scope: traffic/x, min: '1'}]\n"),
     "no traffic source named 'x'"},
    {"slo_fairness_of_run", spec("  slos: [{metric: fairness.jain, min: '0.9'}]\n"),
     "use service/<name>"},
    {"set_not_changeable", spec("  timeline: [{at: 5s, set: spec.duration=5s}]\n"),
     "cannot change during a run"},
    {"set_bad_value", spec("  timeline: [{at: 5s, set: spec.cluster.network.internet=far}]\n"),
     "is not a duration"},
    {"set_inconsistent_network",
     spec("  timeline: [{at: 5s, set: spec.cluster.network.crossZone=10us}]\n"),
     "break sameZone <= crossZone"},
    {"pod_clients_without_value",
     spec("  traffic: [{name: a, from: 'pods/app', to: service/web}]\n"), "is not label=value"},
    {"schedule_bad_rate",
     spec("  traffic: [{name: a, to: service/web, schedule: [{at: 5s, rate: fast}]}]\n"),
     "is not a rate"},
    {"include_missing", "spec:\n  include: [no-such-base.yaml]\n", "cannot open"},
    {"include_not_a_list", "spec:\n  include: base.yaml\n", "expected a list"},
    {"wrong_api_version", "", ""},  // replaced below: the header itself is wrong
};

class BrokenScenario : public ::testing::TestWithParam<Broken> {};

TEST_P(BrokenScenario, GivesALocatedErrorAndLoadsNothing) {
  const Broken& b = GetParam();
  std::string text = std::string(kHeader) + b.body;
  std::string expect = b.expect;
  if (std::string(b.name) == "wrong_api_version") {
    text = "apiVersion: v1\nkind: Scenario\nmetadata: {name: t}\nspec: {}\n";
    expect = "is not kubenetsim/v1";
  }
  Diagnostics d;
  LoadedScenario s;
  EXPECT_FALSE(loadScenarioText(text, "broken.yaml", kExamples.string(), s, d));
  ASSERT_TRUE(d.hasErrors());
  std::string all = d.str();
  EXPECT_NE(all.find(expect), std::string::npos) << all;
  // Every error names the file, and a line and column where the input has one.
  for (const Diagnostic& diag : d.all()) {
    if (diag.severity != Severity::Error) continue;
    EXPECT_TRUE(diag.where.file.rfind("broken.yaml", 0) == 0) << diag.str();
    EXPECT_GT(diag.where.line, 0) << diag.str();
  }

  // The same file through the program: exit status 2 and the message on stderr, with
  // file:line:col.
  fs::path file = fs::temp_directory_path() / ("kns-broken-" + std::string(b.name) + ".yaml");
  std::ofstream(file, std::ios::binary) << text;
  fs::path err = file;
  err += ".err";
  std::string command = std::string(KUBENETSIM_PROGRAM) + " validate " + file.string() + " 2>" +
                        err.string() + " >/dev/null";
  int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  std::ifstream in(err);
  std::string printed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(printed.find(file.string() + ":"), std::string::npos) << printed;
  EXPECT_NE(printed.find(expect), std::string::npos) << printed;
  fs::remove(file);
  fs::remove(err);
}

INSTANTIATE_TEST_SUITE_P(Cases, BrokenScenario, ::testing::ValuesIn(kBroken),
                         [](const ::testing::TestParamInfo<Broken>& info) {
                           return info.param.name;
                         });

TEST(ScenarioLoader, WholeFileProblems) {
  struct Case {
    std::string text;
    const char* expect;
  };
  for (const Case& c :
       {Case{"a: [1, 2\n", "not valid YAML"},
        Case{"---\nkind: Scenario\n---\nkind: Scenario\n", "exactly one YAML document"},
        Case{std::string("kind: Scen\0ario", 15), "NUL"},
        Case{std::string("\xff\xfe\x00k", 4), "NUL"}, Case{"", "found 0"},
        Case{"just text\n", "expected a mapping"}}) {
    Diagnostics d;
    LoadedScenario s;
    EXPECT_FALSE(loadScenarioText(c.text, "whole.yaml", ".", s, d));
    EXPECT_NE(d.str().find(c.expect), std::string::npos) << d.str();
  }
  Diagnostics d;
  LoadedScenario s;
  EXPECT_FALSE(loadScenarioFile("/no/such/scenario.yaml", s, d));
  EXPECT_NE(d.str().find("cannot open"), std::string::npos);

  Diagnostics dir;
  LoadedScenario u;
  EXPECT_FALSE(loadScenarioFile(fs::temp_directory_path().string(), u, dir));
  EXPECT_NE(dir.str().find("is a directory"), std::string::npos) << dir.str();

  // A 50 MB file is refused before it is read, not parsed for minutes.
  fs::path huge = fs::temp_directory_path() / "kns-huge-scenario.yaml";
  {
    std::ofstream out(huge, std::ios::binary);
    std::string line = "# filler line that makes the file enormous .............................\n";
    for (std::size_t written = 0; written < 50u * 1024 * 1024; written += line.size()) out << line;
  }
  Diagnostics big;
  LoadedScenario t;
  EXPECT_FALSE(loadScenarioFile(huge.string(), t, big));
  EXPECT_NE(big.str().find("larger than 16 MiB"), std::string::npos) << big.str();
  fs::remove(huge);
}

// Kubernetes' supported maxima bound what one scenario may ask for: 10,000 Services is fine,
// the 10,001st is an error that names it.
TEST(ScenarioLoader, ServicesUpToKubernetesMaximum) {
  auto scenario = [](int services) {
    std::string text =
        "apiVersion: kubenetsim/v1\nkind: Scenario\nmetadata: {name: many}\nspec:\n"
        "  duration: 5s\n  manifests:\n  - inline: |\n";
    for (int i = 0; i < services; ++i) {
      text += "      ---\n      apiVersion: v1\n      kind: Service\n      metadata: {name: s" +
              std::to_string(i) + "}\n      spec: {selector: {app: x}, ports: [{port: 80}]}\n";
    }
    return text;
  };
  Diagnostics most, over;
  LoadedScenario a, b;
  EXPECT_TRUE(loadScenarioText(scenario(10000), "many.yaml", ".", a, most)) << most.str();
  EXPECT_FALSE(loadScenarioText(scenario(10001), "many.yaml", ".", b, over));
  EXPECT_NE(over.str().find("10001 Services, more than the 10,000"), std::string::npos)
      << over.str();
  // Located at the 10,001st document: 5 inline lines per Service, its apiVersion line second.
  EXPECT_NE(over.str().find("inline:50002:"), std::string::npos) << over.str();
}

TEST(ScenarioLoader, OverridesUseThePathsErrorsPrint) {
  Diagnostics d;
  LoadedScenario s;
  ASSERT_TRUE(
      loadScenarioFile((kExamples / "clusterip.yaml").string(), s, d,
                       {"spec.traffic[0].arrivals.rate=3000/s", "spec.cluster.nodes.count=12",
                        "spec.cluster.kubeProxy.mode=ipvs", "spec.seed=9"}))
      << d.str();
  EXPECT_EQ(s.scenario.spec().traffic(0).arrivals().rate(), "3000/s");
  EXPECT_EQ(s.scenario.spec().cluster().nodes().count(), 12);
  EXPECT_EQ(s.scenario.spec().cluster().kube_proxy().mode(), "ipvs");
  EXPECT_EQ(s.scenario.spec().seed(), 9u);

  // Map fields take the rest of the path as the key (label keys have dots and slashes).
  Diagnostics maps;
  LoadedScenario m;
  ASSERT_TRUE(loadScenarioFile((kExamples / "clusterip.yaml").string(), m, maps,
                               {"spec.workloads[0].selector.app.kubernetes.io/name=web",
                                "spec.workloads[0].selector.app=api"}))
      << maps.str();
  EXPECT_EQ(m.scenario.spec().workloads(0).selector().at("app.kubernetes.io/name"), "web");
  EXPECT_EQ(m.scenario.spec().workloads(0).selector().at("app"), "api");
  EXPECT_EQ(m.scenario.spec().workloads(0).selector().size(), 2u);

  for (const char* bad :
       {"spec.workloads[0].selector=x", "spec.cluster.nodez.count=1", "spec.traffic[4].name=x",
        "spec.seed=abc", "spec.cluster=3", "novalue", "spec.duration=soon"}) {
    Diagnostics errors;
    LoadedScenario t;
    EXPECT_FALSE(loadScenarioFile((kExamples / "clusterip.yaml").string(), t, errors, {bad}))
        << bad;
    EXPECT_TRUE(errors.hasErrors()) << bad;
  }
}

// A scratch directory of scenario files, removed at the end of the test.
struct ScratchDir {
  fs::path root =
      fs::temp_directory_path() /
      ("kns-includes-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
       ::testing::UnitTest::GetInstance()->current_test_info()->name());
  ScratchDir() { fs::create_directories(root / "base"); }
  ~ScratchDir() { fs::remove_all(root); }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(root / name, std::ios::binary) << text;
    return root / name;
  }
};

TEST(ScenarioLoader, IncludesJoinListsAndLetTheIncluderWin) {
  ScratchDir dir;
  // The shared base sits in its own folder with its manifest, named relative to itself.
  dir.write("base/web.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
            "spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: "
            "web}}, spec: {containers: [{name: w}]}}}\n---\n"
            "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
            "spec: {selector: {app: web}, ports: [{port: 80}]}\n");
  dir.write("base/base.yaml",
            "apiVersion: kubenetsim/v1\nkind: Scenario\nmetadata: {name: base}\nspec:\n"
            "  duration: 30s\n  cluster: {nodes: {count: 4, zones: [a, b]}}\n"
            "  manifests: [{file: web.yaml}]\n"
            "  traffic: [{name: steady, to: service/web}]\n");
  fs::path top =
      dir.write("top.yaml",
                "apiVersion: kubenetsim/v1\nkind: Scenario\nmetadata: {name: top}\nspec:\n"
                "  include: [base/base.yaml]\n  duration: 90s\n  cluster: {nodes: {zones: [c]}}\n"
                "  traffic:\n    - {name: burst, to: service/web, arrivals: {rate: 10/sec}}\n");
  Diagnostics d;
  LoadedScenario s;
  EXPECT_FALSE(loadScenarioFile(top.string(), s, d));
  const auto& spec = s.scenario.spec();
  EXPECT_EQ(spec.duration(), "90s");                  // the includer wins
  EXPECT_EQ(spec.cluster().nodes().count(), 4);       // kept from the base
  ASSERT_EQ(spec.cluster().nodes().zones_size(), 1);  // a list in a section is replaced
  EXPECT_EQ(spec.cluster().nodes().zones(0), "c");
  ASSERT_EQ(spec.traffic_size(), 2);  // top-level lists are joined
  EXPECT_EQ(spec.traffic(0).name(), "steady");
  EXPECT_EQ(spec.traffic(1).name(), "burst");
  EXPECT_EQ(s.manifests.services.size(), 1u);  // found relative to base.yaml
  // The one error is the includer's, at its own line, under the joined list's index.
  ASSERT_EQ(d.errorCount(), 1u) << d.str();
  const Diagnostic& error = d.all().back();
  EXPECT_EQ(error.path, "spec.traffic[1].arrivals.rate");
  EXPECT_EQ(error.where.file, top.string());
  EXPECT_EQ(error.where.line, 9);
}

TEST(ScenarioLoader, IncludeCyclesAreErrorsThatPrintTheChain) {
  ScratchDir dir;
  std::string header = "apiVersion: kubenetsim/v1\nkind: Scenario\nmetadata: {name: x}\n";
  fs::path a = dir.write("a.yaml", header + "spec:\n  include: [b.yaml]\n");
  dir.write("b.yaml", header + "spec:\n  include: [a.yaml]\n");
  Diagnostics d;
  LoadedScenario s;
  EXPECT_FALSE(loadScenarioFile(a.string(), s, d));
  EXPECT_NE(d.str().find("include cycle: " + a.string() + " -> " + (dir.root / "b.yaml").string() +
                         " -> "),
            std::string::npos)
      << d.str();
  EXPECT_EQ(d.all().front().where.file, (dir.root / "b.yaml").string());
  EXPECT_EQ(d.all().front().where.line, 5);

  fs::path self = dir.write("self.yaml", header + "spec:\n  include: [./self.yaml]\n");
  Diagnostics e;
  LoadedScenario t;
  EXPECT_FALSE(loadScenarioFile(self.string(), t, e));
  EXPECT_NE(e.str().find("include cycle"), std::string::npos) << e.str();

  // The program too: exit 2, nothing run.
  int status = std::system(
      (std::string(KUBENETSIM_PROGRAM) + " validate " + a.string() + " >/dev/null 2>&1").c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
}

// The program: exit 0 for a valid scenario, 2 for a broken one or bad usage.
TEST(KubenetsimValidate, ExitCodes) {
  std::string program = KUBENETSIM_PROGRAM;
  auto run = [&](const std::string& args) {
    int status = std::system((program + " " + args + " >/dev/null 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  EXPECT_EQ(run("validate " + (kExamples / "clusterip.yaml").string()), 0);
  fs::path broken = fs::temp_directory_path() / "kns-broken-scenario.yaml";
  std::ofstream(broken) << kHeader << "spec: {duration: forever}\n";
  EXPECT_EQ(run("validate " + broken.string()), 2);
  EXPECT_EQ(run("validate /no/such/file.yaml"), 2);
  // Valid YAML and schema, but the API server would refuse it (two Services asking for the same
  // nodePort): validate builds the cluster and says so, as run would.
  fs::path taken = fs::temp_directory_path() / "kns-taken-node-port.yaml";
  std::ofstream(taken) << kHeader
                       << "spec:\n  manifests:\n  - inline: |\n"
                          "      apiVersion: v1\n      kind: Service\n      metadata: {name: a}\n"
                          "      spec: {type: NodePort, ports: [{port: 80, nodePort: 30080}]}\n"
                          "      ---\n"
                          "      apiVersion: v1\n      kind: Service\n      metadata: {name: b}\n"
                          "      spec: {type: NodePort, ports: [{port: 80, nodePort: 30080}]}\n";
  EXPECT_EQ(run("validate " + taken.string()), 2);
  std::string err = fs::temp_directory_path() / "kns-taken-node-port.err";
  std::system((program + " validate " + taken.string() + " 2>" + err).c_str());
  std::ifstream in(err);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("kns-taken-node-port.yaml:spec.manifests[0].inline:"), std::string::npos)
      << text;
  EXPECT_NE(text.find("nodePort 30080 of Service b"), std::string::npos) << text;
  fs::remove(taken);
  fs::remove(err);
  EXPECT_EQ(run("validate"), 2);
  EXPECT_EQ(run("frobnicate"), 2);
  fs::remove(broken);
}

}  // namespace
}  // namespace kns::scenarios
