// `kubenetsim merge`: sweep shards back into the files one machine would have written, byte for
// byte. Shard folders often sit on shared volumes other users can write (docs/sweeps.md), so
// nothing in them is trusted: no symbolic link is followed, every file is size-capped and
// parsed before use, shard numbers are bounded, and each row and per-run report must belong to
// the shard that holds it.
#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>

#include "cli/commands.h"
#include "cli/sweep_files.h"
#include "reports/bounded_read.h"
#include "reports/report_files.h"
#include "scenarios/sweep.h"

namespace kns::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMiB = 1024 * 1024;
constexpr std::size_t kMaxPlanBytes = 1 * kMiB;
constexpr std::size_t kMaxCsvBytes = 64 * kMiB;  // 100,000 rows of a few hundred bytes
constexpr std::size_t kMaxShardTextBytes = 64;
constexpr std::size_t kMaxReportBytes = 16 * kMiB;

// Prints "kubenetsim merge: <what is wrong>" and gives the exit code for bad input.
__attribute__((format(printf, 1, 2))) int refuse(const char* format, ...) {
  std::fputs("kubenetsim merge: ", stderr);
  va_list args;
  va_start(args, format);
  std::vfprintf(stderr, format, args);
  va_end(args);
  std::fputc('\n', stderr);
  return 2;
}

// Reads a file of a shard, never through a symbolic link and never more than `cap` bytes.
bool readShardFile(const fs::path& path, std::size_t cap, std::string& text) {
  std::string error;
  if (reports::readBoundedFile(path.string(), cap, text, error, /*follow_symlinks=*/false)) {
    return true;
  }
  refuse("%s %s", path.string().c_str(), error.c_str());
  return false;
}

// A real folder, not a link to one: a link in a shard could lead the merge anywhere.
bool isPlainFolder(const fs::path& path) {
  std::error_code ec;
  return fs::is_directory(fs::symlink_status(path, ec));
}

struct Shard {
  fs::path dir;
  std::size_t index = 0;  // 0-based
  std::size_t count = 0;
  scenarios::SweepTable table;
};

// Reads one shard folder; its plan text goes to `plan_text`. Prints why and returns nullopt when
// the folder is not a whole shard.
std::optional<Shard> readShard(const fs::path& dir, std::string& plan_text) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {  // the folder named on the command line: the user's choice
    refuse("%s is not a folder (a shard is the folder kubenetsim sweep --shard wrote)",
           dir.string().c_str());
    return std::nullopt;
  }
  std::string csv, shard_text;
  if (!readShardFile(dir / "sweep-plan.txt", kMaxPlanBytes, plan_text) ||
      !readShardFile(dir / "sweep.csv", kMaxCsvBytes, csv) ||
      !readShardFile(dir / "shard.txt", kMaxShardTextBytes, shard_text)) {
    std::fprintf(stderr,
                 "kubenetsim merge: %s is not a sweep shard (it needs sweep-plan.txt, "
                 "sweep.csv and shard.txt, as kubenetsim sweep --shard writes)\n",
                 dir.string().c_str());
    return std::nullopt;
  }
  std::string first_line = shard_text.substr(0, shard_text.find('\n'));
  auto numbers = scenarios::parseShard(first_line);
  if (!numbers) {
    refuse("%s/shard.txt: '%s' is not i/N with 1 <= i <= N <= %zu", dir.string().c_str(),
           first_line.c_str(), scenarios::kMaxSweepRuns);
    return std::nullopt;
  }
  Shard shard{dir, numbers->first, numbers->second, {}};
  std::string error;
  if (!scenarios::parseSweepCsv(csv, shard.table, &error)) {
    refuse("%s/sweep.csv: %s", dir.string().c_str(), error.c_str());
    return std::nullopt;
  }
  for (const auto& row : shard.table.rows) {
    std::size_t run = std::stoul(row[0]);  // parseSweepCsv checked: at most 9 digits
    if (run % shard.count != shard.index) {
      refuse("%s/sweep.csv: run %zu belongs to shard %zu/%zu, not to this shard %s",
             dir.string().c_str(), run, run % shard.count + 1, shard.count, first_line.c_str());
      return std::nullopt;
    }
  }
  return shard;
}

// Copies a shard's per-run reports (sweep --reports) to `out`/runs, each parsed as a report
// first. A run folder must be named by one of this shard's runs.
bool copyRunReports(const Shard& shard, std::size_t runs, const fs::path& out) {
  fs::path folder = shard.dir / "runs";
  std::error_code ec;
  fs::file_status status = fs::symlink_status(folder, ec);
  if (!fs::exists(status)) return true;  // the sweep ran without --reports
  if (!fs::is_directory(status)) {
    refuse(
        "%s is not a folder (a symbolic link or a file); per-run reports are not copied "
        "through links",
        folder.string().c_str());
    return false;
  }
  fs::directory_iterator entries(folder, ec);
  if (ec) {
    refuse("%s cannot be read: %s", folder.string().c_str(), ec.message().c_str());
    return false;
  }
  for (auto it = entries; it != fs::directory_iterator(); it.increment(ec)) {
    fs::path run_folder = it->path();
    std::string name = run_folder.filename().string();
    bool number = !name.empty() && name.size() <= 9 &&
                  name.find_first_not_of("0123456789") == std::string::npos;
    std::size_t run = number ? std::stoul(name) : 0;
    if (!number || run >= runs || run % shard.count != shard.index || !isPlainFolder(run_folder)) {
      refuse("%s is not a folder of one of this shard's runs (runs/<run number>/report.json)",
             run_folder.string().c_str());
      return false;
    }
    std::string text, error;
    reports::proto::Report report;
    if (!readShardFile(run_folder / "report.json", kMaxReportBytes, text)) return false;
    if (!reports::parseReportJson(text, report, &error)) {
      refuse("%s/report.json is not a kubenetsim report: %s", run_folder.string().c_str(),
             error.c_str());
      return false;
    }
    if (!writeOutputFile(out / "runs" / name / "report.json", text)) return false;
  }
  if (ec) {
    refuse("%s cannot be read: %s", folder.string().c_str(), ec.message().c_str());
    return false;
  }
  return true;
}

}  // namespace

int mergeCommand(const MergeCommandOptions& options) {
  if (options.dirs.empty()) return refuse("name the shard folders to merge");
  std::string plan_text;
  std::vector<Shard> shards;
  std::set<std::size_t> shards_seen;
  scenarios::SweepTable merged;
  for (const std::string& dir : options.dirs) {
    std::string this_plan;
    std::optional<Shard> shard = readShard(fs::path(dir), this_plan);
    if (!shard) return 2;
    if (plan_text.empty()) plan_text = this_plan;
    if (this_plan != plan_text) {
      return refuse("%s is a shard of another sweep (its plan differs)", dir.c_str());
    }
    if ((!shards.empty() && shard->count != shards.front().count) ||
        !shards_seen.insert(shard->index).second) {
      return refuse("%s: shard %zu/%zu is given twice or belongs to a split into %zu", dir.c_str(),
                    shard->index + 1, shard->count, shards.front().count);
    }
    if (merged.header.empty()) merged.header = shard->table.header;
    if (shard->table.header != merged.header) {
      return refuse("%s/sweep.csv has other columns", dir.c_str());
    }
    merged.rows.insert(merged.rows.end(), shard->table.rows.begin(), shard->table.rows.end());
    shards.push_back(std::move(*shard));
  }
  std::string error;
  std::optional<scenarios::SweepPlan> plan = scenarios::parseSweepPlan(plan_text, &error);
  if (!plan) return refuse("sweep-plan.txt: %s", error.c_str());
  std::size_t shard_count = shards.front().count;
  if (shards_seen.size() != shard_count) {
    std::string missing;
    for (std::size_t i = 0; i < shard_count && missing.size() < 200; ++i) {
      if (!shards_seen.count(i)) missing += (missing.empty() ? "" : ", ") + std::to_string(i + 1);
    }
    return refuse("shard(s) %s%s of %zu missing", missing.c_str(),
                  missing.size() >= 200 ? ", ..." : "", shard_count);
  }
  // The rows must be this plan's: its varied paths as the first columns after the run number.
  std::vector<std::string> expected = {"run"};
  for (const scenarios::VarySpec& v : plan->vary) expected.push_back(v.path);
  if (merged.header.size() < expected.size() ||
      !std::equal(expected.begin(), expected.end(), merged.header.begin())) {
    return refuse("sweep.csv's columns do not match sweep-plan.txt");
  }
  std::sort(merged.rows.begin(), merged.rows.end(),
            [](const auto& a, const auto& b) { return std::stoul(a[0]) < std::stoul(b[0]); });
  for (std::size_t i = 0; i < merged.rows.size(); ++i) {
    if (std::stoul(merged.rows[i][0]) != i || merged.rows.size() != plan->runs()) {
      return refuse("the shards hold %zu rows for %zu runs (run %zu)", merged.rows.size(),
                    plan->runs(), i);
    }
  }
  // Per-run reports move over as they are: each run's report is the same wherever it ran.
  for (const Shard& shard : shards) {
    if (!copyRunReports(shard, plan->runs(), fs::path(options.out))) return 2;
  }
  return writeCompleteSweep(*plan, merged, fs::path(options.out), options.quiet);
}

}  // namespace kns::cli
