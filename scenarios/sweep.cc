#include "scenarios/sweep.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <thread>

#include "reports/text_format.h"
#include "reports/text_table.h"
#include "scenarios/run_scenario.h"
#include "scenarios/scenario_slos.h"

namespace kns::scenarios {
namespace {

std::vector<reports::SloSpec> commandLineSlos(const SweepPlan& plan, std::string* error) {
  std::vector<reports::SloSpec> slos;
  for (const std::string& text : plan.slos) {
    std::optional<reports::SloSpec> slo = parseSloText(text, error);
    if (!slo) return {};
    slos.push_back(*slo);
  }
  return slos;
}

// The metric columns of every row, after the run's identity.
const std::vector<std::string> kMetricColumns = {"requests", "errors",  "error_ratio", "rps",
                                                 "p50_ms",   "p90_ms",  "p99_ms",      "p999_ms",
                                                 "max_ms",   "mean_ms", "min_jain"};

std::vector<std::string> metricCells(const reports::proto::Report& report) {
  const reports::proto::Scope& run = report.scopes(0);
  double min_jain = 1;
  for (const auto& scope : report.scopes()) {
    if (scope.kind() == "service" && scope.requests() > 0) {
      min_jain = std::min(min_jain, scope.fairness().jain());
    }
  }
  const reports::proto::Latency& l = run.latency();
  return {std::to_string(run.requests()),
          std::to_string(run.errors()),
          reports::shortestNumber(run.error_ratio()),
          reports::shortestNumber(run.rps()),
          reports::shortestNumber(l.p50_ms()),
          reports::shortestNumber(l.p90_ms()),
          reports::shortestNumber(l.p99_ms()),
          reports::shortestNumber(l.p999_ms()),
          reports::shortestNumber(l.max_ms()),
          reports::shortestNumber(l.mean_ms()),
          reports::shortestNumber(min_jain)};
}

// Student's t quantile for a two-sided 95% interval with `df` degrees of freedom.
double t95(std::size_t df) {
  static const double table[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df == 0) return 0;
  return df <= 30 ? table[df - 1] : 1.96;
}

// Wilson's lower 95% bound on a probability after `k` successes in `n` trials.
double wilsonLower(std::size_t k, std::size_t n) {
  if (n == 0) return 0;
  double z = 1.96, p = static_cast<double>(k) / static_cast<double>(n), nn = static_cast<double>(n);
  double centre = p + z * z / (2 * nn);
  double spread = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
  return (centre - spread) / (1 + z * z / nn);
}

double leadingNumber(const std::string& text) { return std::strtod(text.c_str(), nullptr); }

}  // namespace

int SweepTable::column(const std::string& name) const {
  auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

std::string SweepTable::csv() const {
  std::string out;
  auto line = [&out](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += ',';
      out += reports::csvField(cells[i]);
    }
    out += '\n';
  };
  line(header);
  for (const auto& row : rows) line(row);
  return out;
}

bool parseSweepCsv(const std::string& text, SweepTable& table, std::string* error) {
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\n') {
      cells.push_back(std::move(cell));
      cell.clear();
      lines.push_back(std::move(cells));
      cells.clear();
    } else {
      cell += c;
    }
  }
  if (quoted || !cell.empty() || !cells.empty() || lines.empty()) {
    *error = "not a complete sweep.csv (truncated, or not written by kubenetsim sweep)";
    return false;
  }
  table.header = lines.front();
  table.rows.assign(lines.begin() + 1, lines.end());
  for (const auto& row : table.rows) {
    if (row.size() != table.header.size()) {
      *error = "a row has " + std::to_string(row.size()) + " cells; the header has " +
               std::to_string(table.header.size());
      return false;
    }
  }
  if (table.column("run") != 0) {
    *error = "the first column is not 'run'";
    return false;
  }
  // The columns the summary reads must be there, and hold numbers.
  std::vector<int> numeric;
  for (const char* name : {"p99_ms", "error_ratio", "rps", "all_slos_passed"}) {
    int column = table.column(name);
    if (column < 0) {
      *error = std::string("no '") + name + "' column";
      return false;
    }
    numeric.push_back(column);
  }
  for (const auto& row : table.rows) {
    if (row[0].empty() || row[0].size() > 9 ||
        row[0].find_first_not_of("0123456789") != std::string::npos) {
      *error = "'" + row[0] + "' is not a run number";
      return false;
    }
    for (int column : numeric) {
      const std::string& cell = row[static_cast<std::size_t>(column)];
      char* end = nullptr;
      std::strtod(cell.c_str(), &end);
      if (cell.empty() || end != cell.c_str() + cell.size()) {
        *error = "run " + row[0] + ": '" + cell + "' in column " +
                 table.header[static_cast<std::size_t>(column)] + " is not a number";
        return false;
      }
    }
  }
  return true;
}

bool checkSweepPlan(const SweepPlan& plan, Diagnostics& diagnostics) {
  std::string error;
  std::vector<reports::SloSpec> slos = commandLineSlos(plan, &error);
  if (!error.empty()) diagnostics.error({"--slo", 0, 0}, "", error);
  bool find_min_varied = plan.find_min.empty();
  for (const VarySpec& v : plan.vary) find_min_varied |= v.path == plan.find_min;
  if (!find_min_varied) {
    diagnostics.error({"--find-min", 0, 0}, plan.find_min, "is not one of the --vary paths");
  }
  for (std::size_t point = 0; point < plan.points(); ++point) {
    LoadedScenario loaded;
    if (!loadScenarioFile(plan.scenario, loaded, diagnostics,
                          plan.assignments(point * plan.replications))) {
      return false;  // one broken point says enough; the others share the cause
    }
    if (point == 0 && !plan.find_min.empty() && plan.slos.empty() &&
        loaded.scenario.spec().slos_size() == 0) {
      diagnostics.error({"--find-min", 0, 0}, plan.find_min,
                        "needs SLOs: give --slo or add slos to the scenario");
    }
  }
  return !diagnostics.hasErrors();
}

bool runSweep(const SweepPlan& plan, std::size_t shard_index, std::size_t shard_count, int jobs,
              const std::function<void(std::size_t, std::size_t)>& progress, SweepTable& table,
              Diagnostics& diagnostics, const SweepReportSink& on_report) {
  std::string error;
  std::vector<reports::SloSpec> slos = commandLineSlos(plan, &error);
  std::vector<std::size_t> mine;
  for (std::size_t run = shard_index; run < plan.runs(); run += shard_count) mine.push_back(run);
  std::vector<std::vector<std::string>> rows(mine.size());
  // The SLO columns come from the plan, not from a run, so that even a shard with no runs
  // writes the header every shard writes.
  std::vector<std::string> slo_names;
  if (plan.slos.empty()) {
    LoadedScenario first;
    if (!loadScenarioFile(plan.scenario, first, diagnostics, plan.assignments(0))) return false;
    for (const reports::SloSpec& slo : first.typed.slos) slo_names.push_back(slo.text);
  } else {
    for (const reports::SloSpec& slo : slos) slo_names.push_back(slo.text);
  }
  std::atomic<std::size_t> next{0}, done{0};
  std::mutex mutex;  // guards diagnostics
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < mine.size();) {
      std::size_t run = mine[i];
      Diagnostics local;
      LoadedScenario loaded;
      RunResult result;
      RunOptions options;
      options.replication = plan.replicationOf(run);
      if (!plan.slos.empty()) options.slos = slos;
      bool ok = loadScenarioFile(plan.scenario, loaded, local, plan.assignments(run)) &&
                runScenario(loaded, options, result, local);
      if (!ok) {
        std::lock_guard lock(mutex);
        for (const Diagnostic& d : local.all()) diagnostics.error(d.where, d.path, d.message);
        continue;
      }
      const reports::proto::Report& report = result.report;
      if (on_report) on_report(run, report);
      std::vector<std::string> row = {std::to_string(run)};
      for (const std::string& value : plan.valuesOf(plan.pointOf(run))) row.push_back(value);
      row.push_back(std::to_string(plan.replicationOf(run)));
      row.push_back(std::to_string(report.run().seed()));
      for (std::string& cell : metricCells(report)) row.push_back(std::move(cell));
      for (const auto& verdict : report.slos())
        row.push_back(reports::shortestNumber(verdict.measured()));
      row.push_back(reports::allSlosPassed(report) ? "1" : "0");
      row.push_back(report.run().fingerprint());
      rows[i] = std::move(row);
      if (progress) progress(++done, mine.size());
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < std::max(jobs, 1); ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  if (diagnostics.hasErrors()) return false;

  table.header = {"run"};
  for (const VarySpec& v : plan.vary) table.header.push_back(v.path);
  table.header.insert(table.header.end(), {"replication", "seed"});
  table.header.insert(table.header.end(), kMetricColumns.begin(), kMetricColumns.end());
  for (const std::string& name : slo_names) table.header.push_back("slo: " + name);
  table.header.insert(table.header.end(), {"all_slos_passed", "fingerprint"});
  table.rows = std::move(rows);
  return true;
}

std::string sweepSummary(const SweepPlan& plan, const SweepTable& table, bool* found) {
  int p99 = table.column("p99_ms"), ratio = table.column("error_ratio"), rps = table.column("rps");
  int passed = table.column("all_slos_passed");
  bool has_slos = passed >= 0 && table.header.size() > kMetricColumns.size() + plan.vary.size() + 5;
  // Rows grouped by configuration, in run order.
  std::map<std::size_t, std::vector<const std::vector<std::string>*>> by_point;
  for (const auto& row : table.rows) {
    by_point[plan.pointOf(std::stoul(row[0]))].push_back(&row);
  }
  std::vector<std::string> header;
  for (const VarySpec& v : plan.vary) header.push_back(v.path);
  header.insert(header.end(), {"RUNS", "P99 MEAN (95% CI)", "ERROR RATIO", "RPS"});
  if (has_slos) header.push_back("SLOS MET");
  reports::TextTable results(header);
  struct PointResult {
    std::vector<std::string> values;
    std::size_t runs = 0, passes = 0;
  };
  std::vector<PointResult> points;
  for (const auto& [point, rows] : by_point) {
    double sum = 0, sum_sq = 0, errors = 0, throughput = 0;
    PointResult r{plan.valuesOf(point), rows.size(), 0};
    for (const auto* row : rows) {
      double v = std::stod((*row)[static_cast<std::size_t>(p99)]);
      sum += v;
      sum_sq += v * v;
      errors += std::stod((*row)[static_cast<std::size_t>(ratio)]);
      throughput += std::stod((*row)[static_cast<std::size_t>(rps)]);
      if (passed >= 0) r.passes += (*row)[static_cast<std::size_t>(passed)] == "1";
    }
    double n = static_cast<double>(rows.size());
    double mean = sum / n;
    double sd =
        rows.size() > 1 ? std::sqrt(std::max(0.0, (sum_sq - n * mean * mean) / (n - 1))) : 0;
    double half = t95(rows.size() - 1) * sd / std::sqrt(n);
    std::vector<std::string> line = r.values;
    line.push_back(std::to_string(rows.size()));
    line.push_back(rows.size() > 1 ? fmt::format("{:.2f} ms ± {:.2f}", mean, half)
                                   : fmt::format("{:.2f} ms", mean));
    line.push_back(fmt::format("{:.4f}", errors / n));
    line.push_back(fmt::format("{:.1f}", throughput / n));
    if (has_slos) line.push_back(fmt::format("{}/{}", r.passes, r.runs));
    results.add(line);
    points.push_back(std::move(r));
  }
  std::string out = fmt::format("sweep of {}: {} runs ({} configurations x {} replications)\n",
                                plan.scenario, table.rows.size(), plan.points(), plan.replications);
  out += results.str();
  if (found != nullptr) *found = true;
  if (plan.find_min.empty()) return out;

  // Per combination of the other varied fields: the smallest value met in every replication.
  std::size_t target = 0;
  while (plan.vary[target].path != plan.find_min) ++target;
  std::map<std::vector<std::string>, std::vector<const PointResult*>> groups;
  for (const PointResult& p : points) {
    std::vector<std::string> others = p.values;
    others.erase(others.begin() + static_cast<std::ptrdiff_t>(target));
    groups[others].push_back(&p);
  }
  out += "\nfind-min " + plan.find_min +
         ": the smallest value meeting every SLO in every replication\n";
  for (auto& [others, candidates] : groups) {
    std::stable_sort(candidates.begin(), candidates.end(), [&](const auto* a, const auto* b) {
      return leadingNumber(a->values[target]) < leadingNumber(b->values[target]);
    });
    std::string where;
    for (std::size_t i = 0, k = 0; i < plan.vary.size(); ++i) {
      if (i == target) continue;
      where += (where.empty() ? " with " : ", ") + plan.vary[i].path + "=" + others[k++];
    }
    const PointResult* best = nullptr;
    for (const PointResult* p : candidates) {
      if (p->runs > 0 && p->passes == p->runs) {
        best = p;
        break;
      }
    }
    if (best == nullptr) {
      out += "  " + (where.empty() ? std::string() : where.substr(1) + ": ") +
             "no value meets every SLO\n";
      if (found != nullptr) *found = false;
      continue;
    }
    out += fmt::format(
        "  {}{} ({}/{} replications met every SLO; 95% lower confidence bound on the "
        "probability of meeting them: {:.2f})\n",
        where.empty() ? "" : where.substr(1) + ": ", best->values[target], best->passes, best->runs,
        wilsonLower(best->passes, best->runs));
  }
  return out;
}

}  // namespace kns::scenarios
