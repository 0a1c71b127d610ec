// Sweeps: the plan's order, thread-count independence, shards merged byte for byte, and
// find-min on a case queueing theory answers.
#include "scenarios/sweep.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <mutex>

#include "tests/scenarios/mm1_scenario.h"
#include "tests/scenarios/program.h"

namespace kns::scenarios {
namespace {

namespace fs = std::filesystem;
const std::string kExamples = std::string(KNS_SOURCE_DIR) + "/scenarios/examples/";

TEST(SweepPlan, ParsesListsAndRangesWithUnits) {
  std::string error;
  auto list = parseVary("spec.traffic[0].arrivals.rate=1000/s,2000/s", &error);
  ASSERT_TRUE(list) << error;
  EXPECT_EQ(list->path, "spec.traffic[0].arrivals.rate");
  EXPECT_EQ(list->values, (std::vector<std::string>{"1000/s", "2000/s"}));
  auto range = parseVary("spec.duration=100ms..300ms:50ms", &error);
  ASSERT_TRUE(range) << error;
  EXPECT_EQ(range->values, (std::vector<std::string>{"100ms", "150ms", "200ms", "250ms", "300ms"}));
  auto fractions = parseVary("x=0.1..0.3:0.1", &error);
  ASSERT_TRUE(fractions);
  EXPECT_EQ(fractions->values, (std::vector<std::string>{"0.1", "0.2", "0.3"}));
  EXPECT_EQ(parseVary("r=2..8", &error)->values.size(), 7u);  // step 1 by default
  for (const char* bad : {"novalues", "=1,2", "x=", "x=1,,2", "x=5..1", "x=1..5:0", "x=1s..5ms:1s",
                          "x=a..b", "x=1..1000000:1"}) {
    EXPECT_FALSE(parseVary(bad, &error)) << bad;
  }
}

TEST(SweepPlan, RunsAreConfigurationsTimesReplicationsInAFixedOrder) {
  SweepPlan plan;
  plan.scenario = "s.yaml";
  plan.overrides = {"spec.seed=3"};
  plan.vary = {{"a", {"1", "2"}}, {"b", {"x", "y", "z"}}};
  plan.replications = 2;
  EXPECT_EQ(plan.points(), 6u);
  EXPECT_EQ(plan.runs(), 12u);
  // Run 7: point 3 = (a=2, b=x), replication 1; the last --vary changes fastest.
  EXPECT_EQ(plan.assignments(7), (std::vector<std::string>{"spec.seed=3", "a=2", "b=x"}));
  EXPECT_EQ(plan.replicationOf(7), 1u);
  std::string error;
  auto back = parseSweepPlan(plan.describe(), &error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->describe(), plan.describe());
  EXPECT_FALSE(parseSweepPlan("scenario: x\nruns: 3\n", &error));
  EXPECT_EQ(parseShard("2/3")->first, 1u);
  for (const char* bad : {"0/3", "4/3", "1/0", "a/b", "3", "1/2/3", "1/100001", "1/99999999999"}) {
    EXPECT_FALSE(parseShard(bad)) << bad;
  }
  EXPECT_TRUE(parseShard("100000/100000"));
  // Sizes saturate instead of wrapping: 2^32 values twice over would wrap a 64-bit count to 0.
  SweepPlan huge;
  huge.vary = {{"a", std::vector<std::string>(3)}};
  huge.replications = std::uint64_t{1} << 63;
  EXPECT_EQ(huge.runs(), SIZE_MAX);
  EXPECT_FALSE(parseSweepPlan("scenario: x\nreplications: 200000\nruns: 200000\n", &error));
  EXPECT_NE(error.find("more than 100000"), std::string::npos) << error;
}

// runSweep in-process with several threads (the ThreadSanitizer build runs this): the rows and
// every run's report are those of one thread, whatever the interleaving.
TEST(Sweep, ThreadsInOneProcessGiveTheRowsOfOneThread) {
  SweepPlan plan;
  plan.scenario = kExamples + "capacity-replicas.yaml";
  plan.overrides = {"spec.duration=20s"};
  plan.vary = {{"spec.timeline[0].replicas", {"3", "4", "5"}}};
  plan.replications = 2;
  auto sweep = [&](int jobs, std::vector<std::string>& reports) {
    SweepTable table;
    Diagnostics diagnostics;
    std::mutex mutex;
    reports.assign(plan.runs(), "");
    std::size_t progress_calls = 0;
    bool ran = runSweep(
        plan, 0, 1, jobs,
        [&](std::size_t, std::size_t) {
          std::lock_guard lock(mutex);
          ++progress_calls;
        },
        table, diagnostics,
        [&](std::size_t run, const reports::proto::Report& report) {
          std::string text = report.SerializeAsString();
          std::lock_guard lock(mutex);
          reports[run] = std::move(text);
        });
    EXPECT_TRUE(ran) << diagnostics.str();
    EXPECT_EQ(progress_calls, plan.runs());
    return table.csv();
  };
  std::vector<std::string> one_thread, four_threads;
  std::string csv = sweep(1, one_thread);
  EXPECT_EQ(sweep(4, four_threads), csv);
  EXPECT_EQ(four_threads, one_thread);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 7);  // header and six runs
}

// Two M/M/1 pods or three? 150 requests/s split at random over n pods, each serving one request
// at a time in exponential 10 ms: each pod is M/M/1 with lambda = 150/n, mu = 100, and a mean
// time in system of 1 / (mu - lambda): 40 ms with 2 pods, 20 ms with 3, 16.7 ms with 4. The SLO
// "mean <= 25 ms" is met from 3 pods on; sampling noise (sd about 1 ms over a minute) is far from
// both margins.
TEST(Sweep, FindMinAgreesWithQueueingTheory) {
  Program p;
  fs::path scenario = p.out / "mm1-pods.yaml";
  fs::create_directories(p.out);
  std::ofstream(scenario) << mm1Scenario("mm1-pods",
                                         "  duration: 70s\n  cluster: {nodes: {count: 2}}\n",
                                         R"(  traffic:
  - {name: clients, to: service/web, start: 10s, arrivals: {rate: 150/s}}
  timeline:
  - {at: 0s, scale: deployment/web, replicas: 1}
)");
  std::string err;
  ASSERT_EQ(p.run("sweep -q " + scenario.string() +
                      " --vary spec.timeline[0].replicas=2..4 --replications 2"
                      " --find-min spec.timeline[0].replicas --slo 'latency.mean<=25ms' --out " +
                      (p.out / "s").string(),
                  &err),
            0)
      << err;
  std::string summary = Program::slurp(p.out / "s" / "sweep.txt");
  EXPECT_NE(summary.find("find-min spec.timeline[0].replicas"), std::string::npos) << summary;
  EXPECT_NE(summary.find("\n  3 (2/2 replications met every SLO"), std::string::npos) << summary;
  SweepTable table;
  std::string error;
  ASSERT_TRUE(parseSweepCsv(Program::slurp(p.out / "s" / "sweep.csv"), table, &error)) << error;
  ASSERT_EQ(table.rows.size(), 6u);
  int mean = table.column("mean_ms");
  ASSERT_GE(mean, 0);
  for (const auto& row : table.rows) {
    int pods = std::stoi(row[1]);
    double expected = 1000.0 / (100.0 - 150.0 / pods);
    EXPECT_NEAR(std::stod(row[static_cast<std::size_t>(mean)]), expected, 0.15 * expected) << pods;
  }

  // No value meeting the SLO: exit 1 and say so.
  ASSERT_EQ(p.run("sweep -q " + scenario.string() +
                  " --vary spec.timeline[0].replicas=1,2 --find-min spec.timeline[0].replicas"
                  " --slo 'latency.mean<=25ms' --out " +
                  (p.out / "none").string()),
            1);
  EXPECT_NE(Program::slurp(p.out / "none" / "sweep.txt").find("no value meets every SLO"),
            std::string::npos);
}

TEST(Sweep, ThreadsAndShardsGiveTheSameBytes) {
  Program p;
  std::string sweep = "sweep -q " + kExamples +
                      "capacity-replicas.yaml --set spec.duration=30s"
                      " --vary spec.timeline[0].replicas=4,6 --vary "
                      "spec.traffic[0].arrivals.rate=400/s,600/s --replications 2"
                      " --find-min spec.timeline[0].replicas";
  std::string err;
  ASSERT_EQ(p.run(sweep + " --jobs 1 --out " + (p.out / "one").string(), &err), 0) << err;
  ASSERT_EQ(p.run(sweep + " --jobs 2 --out " + (p.out / "two").string(), &err), 0) << err;
  for (int shard = 1; shard <= 3; ++shard) {
    ASSERT_EQ(p.run(sweep + " --jobs 2 --shard " + std::to_string(shard) + "/3 --out " +
                        (p.out / ("shard" + std::to_string(shard))).string(),
                    &err),
              0)
        << err;
  }
  // Every run's report.json, byte for byte, whatever the thread count or shard.
  ASSERT_EQ(p.run(sweep + " --reports --jobs 1 --out " + (p.out / "r1").string(), &err), 0) << err;
  ASSERT_EQ(p.run(sweep + " --reports --jobs 2 --out " + (p.out / "r2").string(), &err), 0) << err;
  ASSERT_EQ(p.run(sweep + " --reports --shard 2/2 --out " + (p.out / "rs").string(), &err), 0);
  for (int run = 0; run < 8; ++run) {
    fs::path file = fs::path("runs") / std::to_string(run) / "report.json";
    std::string one = Program::slurp(p.out / "r1" / file);
    ASSERT_NE(one.find("\"replication\": \"" + std::to_string(run % 2) + "\""), std::string::npos)
        << one.substr(0, 400);
    EXPECT_EQ(one, Program::slurp(p.out / "r2" / file)) << run;
    if (run % 2 == 1) {
      EXPECT_EQ(one, Program::slurp(p.out / "rs" / file)) << run;
    }
  }

  std::string shards = (p.out / "shard1").string() + " " + (p.out / "shard3").string() + " " +
                       (p.out / "shard2").string();
  ASSERT_EQ(p.run("merge -q " + shards + " --out " + (p.out / "merged").string(), &err), 0) << err;
  for (const char* file : {"sweep.csv", "sweep.txt", "sweep-plan.txt"}) {
    std::string one = Program::slurp(p.out / "one" / file);
    ASSERT_FALSE(one.empty()) << file;
    EXPECT_EQ(one, Program::slurp(p.out / "two" / file)) << file;
    EXPECT_EQ(one, Program::slurp(p.out / "merged" / file)) << file;
  }
  SweepTable table;
  std::string error;
  ASSERT_TRUE(parseSweepCsv(Program::slurp(p.out / "one" / "sweep.csv"), table, &error));
  EXPECT_EQ(table.rows.size(), 8u);
  // Replications differ (independent streams); a configuration's runs are not copies.
  int fingerprint = table.column("fingerprint");
  EXPECT_NE(table.rows[0][static_cast<std::size_t>(fingerprint)],
            table.rows[1][static_cast<std::size_t>(fingerprint)]);

  // Merging refuses incomplete or mixed input.
  EXPECT_EQ(p.run("merge " + (p.out / "shard1").string() + " " + (p.out / "shard2").string() +
                      " --out " + (p.out / "m2").string(),
                  &err),
            2);
  EXPECT_NE(err.find("shard(s) 3 of 3 missing"), std::string::npos) << err;
  EXPECT_EQ(p.run("merge " + shards + " " + (p.out / "shard1").string() + " --out " +
                      (p.out / "m3").string(),
                  &err),
            2);
  EXPECT_EQ(p.run("merge " + (p.out / "one").string() + " --out " + (p.out / "m4").string(), &err),
            2);
  EXPECT_NE(err.find("not a sweep shard"), std::string::npos) << err;

  // Tampered shards are refused with a message, never a crash.
  int tampered = 0;
  auto tamper = [&](const std::string& file, const std::string& from, const std::string& to) {
    fs::path dir = p.out / ("tampered-" + std::to_string(++tampered));
    fs::copy(p.out / "shard1", dir, fs::copy_options::recursive);
    std::string text = Program::slurp(dir / file);
    std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    std::ofstream(dir / file, std::ios::binary | std::ios::trunc) << text;
    return dir;
  };
  for (const fs::path& bad :
       {tamper("sweep.csv", "p99_ms", "p98_ms"),
        tamper("sweep-plan.txt", "find-min: spec.timeline[0].replicas", "find-min: spec.seed"),
        tamper("sweep.csv", "\n0,", "\nzero,")}) {
    EXPECT_EQ(p.run("merge " + bad.string() + " " + (p.out / "shard2").string() + " " +
                        (p.out / "shard3").string() + " --out " + (p.out / "m5").string(),
                    &err),
              2)
        << bad;
    EXPECT_NE(err.find("kubenetsim merge:"), std::string::npos) << err;
  }
}

// A shard's files may be anyone's (a shared volume): the merged files take the mode the user's
// umask gives new files, never the shard files' own modes.
TEST(Sweep, MergedFilesTakeTheUsersUmaskNotTheShardsModes) {
  Program p;
  std::string sweep = "sweep -q " + kExamples +
                      "capacity-replicas.yaml --set spec.duration=2s"
                      " --vary spec.timeline[0].replicas=2,3 --reports";
  std::string err;
  ASSERT_EQ(p.run(sweep + " --shard 1/2 --out " + (p.out / "s1").string(), &err), 0) << err;
  ASSERT_EQ(p.run(sweep + " --shard 2/2 --out " + (p.out / "s2").string(), &err), 0) << err;
  fs::permissions(p.out / "s1" / "runs" / "0" / "report.json", fs::perms::all);
  fs::permissions(p.out / "s2" / "runs" / "1" / "report.json",
                  fs::perms::owner_read | fs::perms::owner_write);
  mode_t previous = ::umask(027);
  int code = p.run("merge -q " + (p.out / "s1").string() + " " + (p.out / "s2").string() +
                       " --out " + (p.out / "m").string(),
                   &err);
  ::umask(previous);
  ASSERT_EQ(code, 0) << err;
  fs::perms expected = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read;
  for (const char* file :
       {"sweep.csv", "sweep.txt", "sweep-plan.txt", "runs/0/report.json", "runs/1/report.json"}) {
    EXPECT_EQ(fs::status(p.out / "m" / file).permissions(), expected) << file;
  }
  EXPECT_EQ(Program::slurp(p.out / "m" / "runs" / "1" / "report.json"),
            Program::slurp(p.out / "s2" / "runs" / "1" / "report.json"));
}

TEST(Sweep, BadInputExitsTwoBeforeRunningAnything) {
  Program p;
  std::string err;
  std::string base =
      "sweep " + kExamples + "capacity-replicas.yaml --out " + (p.out / "x").string();
  EXPECT_EQ(p.run(base + " --vary spec.duration=soon,later", &err), 2);
  EXPECT_NE(err.find("spec.duration"), std::string::npos) << err;
  EXPECT_EQ(p.run(base + " --vary spec.nothing=1,2", &err), 2);
  EXPECT_EQ(p.run(base + " --vary spec.duration=10s --find-min spec.seed", &err), 2);
  EXPECT_NE(err.find("not one of the --vary paths"), std::string::npos) << err;
  EXPECT_EQ(p.run(base + " --vary spec.duration=10s --slo 'latency.p95<=1ms'", &err), 2);
  EXPECT_EQ(p.run(base + " --vary spec.duration=10s --shard 4/3", &err), 2);
  EXPECT_EQ(p.run(base + " --vary x", &err), 2);
  EXPECT_FALSE(fs::exists(p.out / "x"));
}

}  // namespace
}  // namespace kns::scenarios
