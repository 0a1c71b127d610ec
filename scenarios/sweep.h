// Running a sweep (in threads, or one shard of it), its sweep.csv, and the summary with the
// find-min answer. The summary is computed from the CSV rows alone, so merged shards give the
// same bytes as one machine.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "reports/report.pb.h"
#include "scenarios/diagnostics.h"
#include "scenarios/sweep_plan.h"

namespace kns::scenarios {

// sweep.csv as cells: a header and one row per run, in run order.
struct SweepTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  int column(const std::string& name) const;  // -1 when absent
  std::string csv() const;
};

// Checks every point of the plan loads (values valid for their fields) and the --slo texts;
// false with diagnostics otherwise. Nothing runs.
bool checkSweepPlan(const SweepPlan& plan, Diagnostics& diagnostics);

// Receives each run's full report (from the worker threads, so it must be thread-safe).
using SweepReportSink = std::function<void(std::size_t run, const reports::proto::Report&)>;

// Runs the plan's runs with run % shard_count == shard_index in `jobs` threads; rows come out in
// run order whatever the thread count. `progress(done, total)` is called from the threads.
bool runSweep(const SweepPlan& plan, std::size_t shard_index, std::size_t shard_count, int jobs,
              const std::function<void(std::size_t, std::size_t)>& progress, SweepTable& table,
              Diagnostics& diagnostics, const SweepReportSink& on_report = {});

// Reads sweep.csv back (as written by SweepTable::csv).
bool parseSweepCsv(const std::string& text, SweepTable& table, std::string* error);

// The results table (one line per configuration: runs, p99 mean with its 95% confidence
// interval over replications, errors, SLO passes) and, with find_min, the smallest value of that
// field meeting every SLO in every replication, per combination of the other varied fields.
// `found` is set when every combination has such a value.
std::string sweepSummary(const SweepPlan& plan, const SweepTable& table, bool* found = nullptr);

}  // namespace kns::scenarios
