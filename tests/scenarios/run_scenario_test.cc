// A scenario run to its report: determinism, closed forms of queueing theory, and the
// `kubenetsim run` program's files and exit codes.
#include "scenarios/run_scenario.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "reports/report_files.h"
#include "tests/scenarios/mm1_scenario.h"
#include "tests/scenarios/program.h"

namespace kns::scenarios {
namespace {

namespace fs = std::filesystem;
const fs::path kExamples = fs::path(KNS_SOURCE_DIR) / "scenarios" / "examples";

std::string reportOf(const std::string& example, std::vector<std::string> overrides = {}) {
  Diagnostics d;
  LoadedScenario loaded;
  EXPECT_TRUE(loadScenarioFile((kExamples / example).string(), loaded, d, overrides)) << d.str();
  RunResult result;
  EXPECT_TRUE(runScenario(loaded, RunOptions{}, result, d)) << d.str();
  return reports::reportJson(result.report);
}

TEST(RunScenario, SameSeedSameBytesOtherSeedOtherBytes) {
  std::string first = reportOf("rollout-stale-endpoints.yaml");
  std::string second = reportOf("rollout-stale-endpoints.yaml");
  EXPECT_EQ(first, second);
  std::string other = reportOf("rollout-stale-endpoints.yaml", {"spec.seed=2"});
  EXPECT_NE(first, other);
}

TEST(RunScenario, SteppingForProgressDoesNotChangeTheReport) {
  Diagnostics d;
  LoadedScenario loaded;
  ASSERT_TRUE(loadScenarioFile((kExamples / "clusterip.yaml").string(), loaded, d));
  RunOptions stepped;
  stepped.step = std::chrono::milliseconds(137);
  int steps = 0;
  stepped.on_step = [&](sim::Time, std::uint64_t) { return ++steps > 0; };
  RunResult a, b;
  ASSERT_TRUE(runScenario(loaded, stepped, a, d));
  ASSERT_TRUE(runScenario(loaded, RunOptions{}, b, d));
  EXPECT_GT(steps, 400);
  EXPECT_EQ(reports::reportJson(a.report), reports::reportJson(b.report));
}

// One pod with one worker, exponential service (mean 10 ms), Poisson arrivals at 50/s: an M/M/1
// queue with rho = 0.5, whose time in system is exponential with rate mu - lambda = 50/s: mean
// 20 ms, median ln 2 / 50 = 13.86 ms, p99 ln 100 / 50 = 92.10 ms. The network adds < 0.3 ms.
// Tolerances: the time-average number in system of M/M/1 has asymptotic variance
// 2 rho (1 + rho) / (mu (1 - rho)^4) = 0.24 per second, so over 600 s its sd is 0.02 and (Little)
// the mean sojourn's sd is 0.4 ms: 4 sd = 1.6 ms. Quantiles: the iid sd of the median is
// sqrt(p(1-p)/n) / f(x) = 0.12 ms with n = 30,000, x3 for correlation, 4 sd = 1.4 ms, plus the
// histogram's 1%; of p99 1.15 ms iid, x3, 4 sd = 14 ms.
TEST(RunScenario, AnMM1PodMatchesQueueingTheory) {
  std::string text =
      mm1Scenario("mm1", "  seed: 5\n  duration: 610s\n  cluster: {nodes: {count: 1}}\n",
                  R"(  traffic:
  - {name: clients, to: service/web, start: 10s, arrivals: {process: poisson, rate: 50/s},
     connections: {mode: keep-alive, max: 1000}}
)");
  Diagnostics d;
  LoadedScenario loaded;
  ASSERT_TRUE(loadScenarioText(text, "mm1.yaml", ".", loaded, d)) << d.str();
  RunResult result;
  ASSERT_TRUE(runScenario(loaded, RunOptions{}, result, d)) << d.str();
  const reports::proto::Scope& run = result.report.scopes(0);
  ASSERT_EQ(run.kind(), "run");
  EXPECT_NEAR(static_cast<double>(run.requests()), 30000, 4 * std::sqrt(30000.0));
  EXPECT_EQ(run.errors(), 0u);
  EXPECT_NEAR(run.latency().mean_ms(), 20.0, 1.9);
  EXPECT_NEAR(run.latency().p50_ms(), 1000 * std::log(2.0) / 50, 1.6);
  EXPECT_NEAR(run.latency().p99_ms(), 1000 * std::log(100.0) / 50, 14.0);
  // One endpoint: perfectly fair by definition.
  for (const auto& scope : result.report.scopes()) {
    if (scope.kind() == "service") {
      EXPECT_DOUBLE_EQ(scope.fairness().jain(), 1.0);
    }
  }
}

// --- The program.

TEST(KubenetsimRun, WritesEveryOutputAndExitsZeroWhenTheSlosHold) {
  Program p;
  std::string err;
  ASSERT_EQ(
      p.run("run " + (kExamples / "clusterip.yaml").string() + " --out " + (p.out / "a").string(),
            &err),
      0)
      << err;
  for (const char* file : {"report.json", "timeseries.csv", "report.html", "trace.json"}) {
    EXPECT_TRUE(fs::is_regular_file(p.out / "a" / file)) << file;
  }
  std::string stdout_text = p.stdoutText();
  EXPECT_NE(stdout_text.find("service/web.default"), std::string::npos) << stdout_text;
  EXPECT_NE(stdout_text.find("PASS latency.p99 of traffic/clients <= 100ms"), std::string::npos);
  reports::proto::Report report;
  std::string error;
  ASSERT_TRUE(reports::parseReportJson(Program::slurp(p.out / "a" / "report.json"), report, &error))
      << error;
  EXPECT_EQ(report.slos_size(), 3);
  EXPECT_FALSE(report.run().interrupted());

  // The same run again: the same bytes.
  ASSERT_EQ(p.run("run -q " + (kExamples / "clusterip.yaml").string() + " --out " +
                  (p.out / "b").string()),
            0);
  EXPECT_EQ(Program::slurp(p.out / "a" / "report.json"),
            Program::slurp(p.out / "b" / "report.json"));
}

TEST(KubenetsimRun, AFailedSloExitsOneAndIsNamed) {
  Program p;
  std::string err;
  // Twenty times the traffic: four pods of four workers at 8 ms cannot keep p99 under 100 ms.
  EXPECT_EQ(p.run("run -q " + (kExamples / "clusterip.yaml").string() +
                      " --set spec.traffic[0].arrivals.rate=4000/s --duration 20s --out " +
                      (p.out / "r").string(),
                  &err),
            1);
  EXPECT_NE(err.find("SLO failed: latency.p99 of traffic/clients <= 100ms"), std::string::npos)
      << err;
}

TEST(KubenetsimRun, BadInputExitsTwoAndWritesNothing) {
  Program p;
  std::string err;
  EXPECT_EQ(p.run("run " + (kExamples / "clusterip.yaml").string() +
                      " --set spec.duration=soon --out " + (p.out / "r").string(),
                  &err),
            2);
  EXPECT_NE(err.find("spec.duration"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(p.out / "r"));
  EXPECT_EQ(p.run("run /no/such/file.yaml"), 2);
  EXPECT_EQ(p.run("run"), 2);                     // missing argument
  EXPECT_EQ(p.run("run x.yaml --seed nine"), 2);  // not a number
}

// Starts `kubenetsim run -q clusterip.yaml ARGS --out OUT` in a child process, output discarded.
pid_t startClusterIpRun(const fs::path& out, std::vector<std::string> args) {
  pid_t child = fork();
  if (child != 0) return child;
  std::freopen("/dev/null", "w", stdout);
  std::freopen("/dev/null", "w", stderr);
  std::vector<std::string> all = {"kubenetsim", "run", "-q",
                                  (kExamples / "clusterip.yaml").string()};
  all.insert(all.end(), args.begin(), args.end());
  all.insert(all.end(), {"--out", out.string()});
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(KUBENETSIM_PROGRAM, argv.data());
  _exit(127);
}

TEST(KubenetsimRun, CtrlCLeavesACompletePartialReportMarkedInterrupted) {
  Program p;
  fs::create_directories(p.out);
  // A long run, interrupted after a moment.
  pid_t child = startClusterIpRun(p.out / "r", {"--duration", "100000s"});
  ASSERT_GE(child, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  kill(child, SIGINT);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  reports::proto::Report report;
  std::string error;
  ASSERT_TRUE(reports::parseReportJson(Program::slurp(p.out / "r" / "report.json"), report, &error))
      << error;
  EXPECT_TRUE(report.run().interrupted());
  EXPECT_GT(report.run().simulated_s(), 0);
  EXPECT_LT(report.run().simulated_s(), 100000);
}

// A heavy run (about 10^10 events planned) stops within a second of wall time after Ctrl-C,
// with its partial report. Before the kernel polled the flag, the program noticed only between
// steps of 1/200 of the simulated duration: tens of seconds here.
TEST(KubenetsimRun, CtrlCStopsAHeavyRunWithinASecond) {
  Program p;
  fs::create_directories(p.out);
  pid_t child = startClusterIpRun(
      p.out / "r", {"--duration", "1000s", "--set", "spec.traffic[0].arrivals.rate=1000000/s",
                    "--set", "spec.workloads[0].concurrency=100000"});
  ASSERT_GE(child, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  auto sent = std::chrono::steady_clock::now();
  kill(child, SIGINT);
  int status = 0;
  waitpid(child, &status, 0);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_LT(seconds, 1.0);
  reports::proto::Report report;
  std::string error;
  ASSERT_TRUE(reports::parseReportJson(Program::slurp(p.out / "r" / "report.json"), report, &error))
      << error;
  EXPECT_TRUE(report.run().interrupted());
  EXPECT_EQ(report.run().stopped_by(), "interrupt");
  EXPECT_LT(report.run().simulated_s(), 1000);
}

// A run killed between two of its files leaves the previous set whole; the next run replaces
// it whole and clears the killed run's temporary folder.
TEST(KubenetsimRun, KilledBetweenFilesLeavesTheOldSetNeverAMix) {
  Program p;
  fs::path out = p.out / "r";
  std::string base = "run -q " + (kExamples / "clusterip.yaml").string() + " --out " + out.string();
  ASSERT_EQ(p.run(base + " --seed 1"), 0);
  std::map<std::string, std::string> first;
  for (const char* f : {"report.json", "timeseries.csv", "report.html", "trace.json"})
    first[f] = Program::slurp(out / f);
  for (int after = 1; after <= 3; ++after) {
    ::setenv("KNS_TEST_KILL_AFTER_FILES", std::to_string(after).c_str(), 1);
    int code = p.run(base + " --seed 2");
    ::unsetenv("KNS_TEST_KILL_AFTER_FILES");
    EXPECT_EQ(code, 128 + SIGKILL)
        << "the run was not killed after file " << after;  // as sh reports it
    for (const auto& [f, bytes] : first) {
      EXPECT_EQ(Program::slurp(out / f), bytes) << f << " changed although the run was killed";
    }
  }
  ASSERT_EQ(p.run(base + " --seed 2"), 0);
  EXPECT_NE(Program::slurp(out / "report.json"), first["report.json"]);
  EXPECT_NE(Program::slurp(out / "report.json").find("\"seed\": \"2\""), std::string::npos);
  for (const auto& entry : fs::directory_iterator(p.out)) {
    EXPECT_EQ(entry.path().filename().string().find(".r.tmp."), std::string::npos)
        << "left behind: " << entry.path();
  }
}

}  // namespace
}  // namespace kns::scenarios
