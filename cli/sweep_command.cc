// `kubenetsim sweep` (the cross product of varied values, R replications each, in J threads,
// optionally one shard of it) and `kubenetsim merge` (shards back into the files one machine
// would have written, byte for byte).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "cli/commands.h"
#include "reports/atomic_file.h"
#include "reports/report_files.h"
#include "scenarios/sweep.h"

namespace kns::cli {
namespace {

namespace fs = std::filesystem;

bool write(const fs::path& path, const std::string& content) {
  std::string error;
  if (reports::writeFileAtomically(path.string(), content, &error)) return true;
  std::fprintf(stderr, "kubenetsim: %s\n", error.c_str());
  return false;
}

bool slurp(const fs::path& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

// The files every complete sweep has: the plan, the rows, and the summary.
int writeComplete(const scenarios::SweepPlan& plan, const scenarios::SweepTable& table,
                  const fs::path& out, bool quiet) {
  bool found = true;
  std::string summary = scenarios::sweepSummary(plan, table, &found);
  if (!write(out / "sweep-plan.txt", plan.describe()) || !write(out / "sweep.csv", table.csv()) ||
      !write(out / "sweep.txt", summary)) {
    return 2;
  }
  if (!quiet) std::printf("%s", summary.c_str());
  std::printf("sweep: %s (one row per run), %s\n", (out / "sweep.csv").string().c_str(),
              (out / "sweep.txt").string().c_str());
  return found ? 0 : 1;
}

}  // namespace

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
      std::fprintf(stderr, "kubenetsim sweep: --shard '%s' is not i/N with 1 <= i <= N\n",
                   options.shard.c_str());
      return 2;
    }
    shard = *parsed;
  }
  if (plan.runs() > 100000) {
    std::fprintf(stderr, "kubenetsim sweep: %zu runs is more than 100000; split the sweep\n",
                 plan.runs());
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
    if (!write(out / "runs" / std::to_string(run) / "report.json", reports::reportJson(report))) {
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
  if (shard.second == 1) return writeComplete(plan, table, out, options.quiet);
  if (!write(out / "sweep-plan.txt", plan.describe()) || !write(out / "sweep.csv", table.csv()) ||
      !write(out / "shard.txt", options.shard + "\n")) {
    return 2;
  }
  std::printf("shard %s: %zu of %zu runs in %s; combine the shards with kubenetsim merge\n",
              options.shard.c_str(), table.rows.size(), plan.runs(), out.string().c_str());
  return 0;
}

int mergeCommand(const MergeCommandOptions& options) {
  std::string plan_text;
  scenarios::SweepTable merged;
  std::set<std::size_t> shards_seen;
  std::size_t shard_count = 0;
  std::vector<fs::path> run_folders;  // shards' per-run reports (sweep --reports)
  for (const std::string& dir : options.dirs) {
    std::string this_plan, csv, shard_text;
    if (!slurp(fs::path(dir) / "sweep-plan.txt", this_plan) ||
        !slurp(fs::path(dir) / "sweep.csv", csv) ||
        !slurp(fs::path(dir) / "shard.txt", shard_text)) {
      std::fprintf(stderr,
                   "kubenetsim merge: %s is not a sweep shard (it needs sweep-plan.txt, sweep.csv "
                   "and shard.txt, as kubenetsim sweep --shard writes)\n",
                   dir.c_str());
      return 2;
    }
    if (plan_text.empty()) plan_text = this_plan;
    if (this_plan != plan_text) {
      std::fprintf(stderr, "kubenetsim merge: %s is a shard of another sweep (its plan differs)\n",
                   dir.c_str());
      return 2;
    }
    auto shard = scenarios::parseShard(shard_text.substr(0, shard_text.find('\n')));
    if (!shard || (shard_count != 0 && shard->second != shard_count) ||
        !shards_seen.insert(shard->first).second) {
      std::fprintf(stderr, "kubenetsim merge: %s: shard '%s' is invalid or given twice\n",
                   dir.c_str(), shard_text.substr(0, shard_text.find('\n')).c_str());
      return 2;
    }
    shard_count = shard->second;
    scenarios::SweepTable part;
    std::string error;
    if (!scenarios::parseSweepCsv(csv, part, &error)) {
      std::fprintf(stderr, "kubenetsim merge: %s/sweep.csv: %s\n", dir.c_str(), error.c_str());
      return 2;
    }
    if (merged.header.empty()) merged.header = part.header;
    if (part.header != merged.header) {
      std::fprintf(stderr, "kubenetsim merge: %s/sweep.csv has other columns\n", dir.c_str());
      return 2;
    }
    merged.rows.insert(merged.rows.end(), part.rows.begin(), part.rows.end());
    run_folders.push_back(fs::path(dir) / "runs");
  }
  std::string error;
  std::optional<scenarios::SweepPlan> plan = scenarios::parseSweepPlan(plan_text, &error);
  if (!plan) {
    std::fprintf(stderr, "kubenetsim merge: sweep-plan.txt: %s\n", error.c_str());
    return 2;
  }
  if (shards_seen.size() != shard_count) {
    std::string missing;
    for (std::size_t i = 0; i < shard_count; ++i) {
      if (!shards_seen.count(i)) missing += (missing.empty() ? "" : ", ") + std::to_string(i + 1);
    }
    std::fprintf(stderr, "kubenetsim merge: shard(s) %s of %zu missing\n", missing.c_str(),
                 shard_count);
    return 2;
  }
  // The rows must be this plan's: its varied paths as the first columns after the run number.
  std::vector<std::string> expected = {"run"};
  for (const scenarios::VarySpec& v : plan->vary) expected.push_back(v.path);
  if (merged.header.size() < expected.size() ||
      !std::equal(expected.begin(), expected.end(), merged.header.begin())) {
    std::fprintf(stderr, "kubenetsim merge: sweep.csv's columns do not match sweep-plan.txt\n");
    return 2;
  }
  std::sort(merged.rows.begin(), merged.rows.end(),
            [](const auto& a, const auto& b) { return std::stoul(a[0]) < std::stoul(b[0]); });
  for (std::size_t i = 0; i < merged.rows.size(); ++i) {
    if (std::stoul(merged.rows[i][0]) != i || merged.rows.size() != plan->runs()) {
      std::fprintf(stderr, "kubenetsim merge: the shards hold %zu rows for %zu runs (run %zu)\n",
                   merged.rows.size(), plan->runs(), i);
      return 2;
    }
  }
  // Per-run reports move over as they are: each run's report is the same wherever it ran.
  for (const fs::path& runs : run_folders) {
    std::error_code ec;
    if (!fs::is_directory(runs, ec)) continue;
    for (const auto& entry : fs::directory_iterator(runs)) {
      std::string text;
      if (!slurp(entry.path() / "report.json", text) ||
          !write(fs::path(options.out) / "runs" / entry.path().filename() / "report.json", text)) {
        return 2;
      }
    }
  }
  return writeComplete(*plan, merged, fs::path(options.out), options.quiet);
}

}  // namespace kns::cli
