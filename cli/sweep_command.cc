// `kubenetsim sweep`: the cross product of varied values, R replications each, in J threads,
// optionally one shard of it (cli/merge_command.cc puts shards back together).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

#include "cli/commands.h"
#include "cli/sweep_files.h"
#include "reports/report_files.h"
#include "scenarios/sweep.h"

namespace kns::cli {
namespace fs = std::filesystem;

int sweepCommand(const SweepCommandOptions& options) {
  scenarios::SweepPlan plan;
  plan.scenario = options.scenario;
  plan.overrides = options.overrides;
  plan.replications = options.replications;
  plan.find_min = options.find_min;
  plan.slos = options.slos;
  for (const std::string& text : options.vary) {
    std::string error;
    std::optional<scenarios::VarySpec> vary = scenarios::parseVary(text, &error);
    if (!vary) {
      std::fprintf(stderr, "kubenetsim sweep: --vary %s\n", error.c_str());
      return 2;
    }
    plan.vary.push_back(*vary);
  }
  std::pair<std::size_t, std::size_t> shard{0, 1};
  if (!options.shard.empty()) {
    auto parsed = scenarios::parseShard(options.shard);
    if (!parsed) {
      std::fprintf(stderr, "kubenetsim sweep: --shard '%s' is not i/N with 1 <= i <= N <= %zu\n",
                   options.shard.c_str(), scenarios::kMaxSweepRuns);
      return 2;
    }
    shard = *parsed;
  }
  if (plan.runs() > scenarios::kMaxSweepRuns) {
    std::fprintf(stderr, "kubenetsim sweep: %zu runs is more than %zu; split the sweep\n",
                 plan.runs(), scenarios::kMaxSweepRuns);
    return 2;
  }
  scenarios::Diagnostics diagnostics;
  bool valid = scenarios::checkSweepPlan(plan, diagnostics);
  std::fputs(diagnostics.str().c_str(), stderr);
  if (!valid) return 2;
  scenarios::LoadedScenario loaded;
  scenarios::Diagnostics ignored;
  scenarios::loadScenarioFile(plan.scenario, loaded, ignored, plan.overrides);
  fs::path out = options.out.empty()
                     ? fs::path("out") / (loaded.scenario.metadata().name() + "-sweep")
                     : fs::path(options.out);

  int jobs = options.jobs > 0 ? options.jobs
                              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool tty = !options.quiet && ::isatty(STDERR_FILENO);
  std::mutex print;
  auto progress = [&](std::size_t done, std::size_t total) {
    if (!tty) return;
    std::lock_guard lock(print);
    std::fprintf(stderr, "\rrun %zu/%zu ", done, total);
    std::fflush(stderr);
  };
  std::atomic<bool> reports_written{true};
  auto write_report = [&](std::size_t run, const reports::proto::Report& report) {
    if (!writeOutputFile(out / "runs" / std::to_string(run) / "report.json",
                         reports::reportJson(report))) {
      reports_written = false;
    }
  };
  scenarios::SweepTable table;
  bool ran = scenarios::runSweep(
      plan, shard.first, shard.second, jobs, progress, table, diagnostics,
      options.reports ? scenarios::SweepReportSink(write_report) : scenarios::SweepReportSink());
  if (!reports_written) return 2;
  if (tty) std::fprintf(stderr, "\r%40s\r", "");
  std::fputs(diagnostics.str().c_str(), stderr);
  if (!ran) return 2;
  if (shard.second == 1) return writeCompleteSweep(plan, table, out, options.quiet);
  if (!writeOutputFile(out / "sweep-plan.txt", plan.describe()) ||
      !writeOutputFile(out / "sweep.csv", table.csv()) ||
      !writeOutputFile(out / "shard.txt", options.shard + "\n")) {
    return 2;
  }
  std::printf("shard %s: %zu of %zu runs in %s; combine the shards with kubenetsim merge\n",
              options.shard.c_str(), table.rows.size(), plan.runs(), out.string().c_str());
  return 0;
}

}  // namespace kns::cli
