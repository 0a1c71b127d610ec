// `kubenetsim run SCENARIO`: simulate, print a summary, write the report files, and exit 0 (every
// SLO held), 1 (an SLO failed, named on stderr), 2 (bad input) or 130 (interrupted by Ctrl-C,
// after writing a complete partial report marked as interrupted).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "cli/progress.h"
#include "reports/atomic_file.h"
#include "reports/chrome_trace.h"
#include "reports/html_report.h"
#include "reports/report_files.h"
#include "reports/summary.h"
#include "scenarios/run_scenario.h"

namespace kns::cli {
namespace {

std::atomic<bool> interrupted{false};

// The first Ctrl-C asks the run to stop (the simulator sees it within a few thousand events)
// and write its partial report; a second one ends the program at once.
extern "C" void onInterrupt(int) {
  if (interrupted.exchange(true)) {
    static const char message[] = "\nkubenetsim: interrupted twice; exiting without a report\n";
    (void)!::write(STDERR_FILENO, message, sizeof message - 1);
    ::_exit(130);
  }
}

const std::vector<std::string> kReportFiles = {"report.json", "timeseries.csv", "report.html",
                                               "trace.json"};

}  // namespace

int runCommand(const RunCommandOptions& options) {
  std::vector<std::string> overrides = options.overrides;
  if (options.seed) overrides.push_back("spec.seed=" + std::to_string(*options.seed));
  if (!options.duration.empty()) overrides.push_back("spec.duration=" + options.duration);
  scenarios::LoadedScenario loaded;
  if (!loadForCommand(options.scenario, overrides, loaded)) return 2;

  // metadata.name is a DNS-1123 name (the loader checks), so out/<name> stays under out/.
  std::filesystem::path out = options.out.empty()
                                  ? std::filesystem::path("out") / loaded.scenario.metadata().name()
                                  : std::filesystem::path(options.out);
  if (std::string problem = reports::checkOutputFolder(out.string(), kReportFiles);
      !problem.empty()) {
    std::fprintf(stderr, "kubenetsim: %s; nothing was run\n", problem.c_str());
    return 2;
  }
  sim::Time end{loaded.typed.duration};
  ProgressBar progress(end, !options.quiet && ::isatty(STDERR_FILENO));
  interrupted.store(false);
  auto previous = std::signal(SIGINT, onInterrupt);

  scenarios::RunOptions run;
  run.interrupt = &interrupted;
  if (options.max_events != 0) run.budget.max_events = options.max_events;
  if (options.max_events_per_second != 0)
    run.budget.max_events_per_second = options.max_events_per_second;
  run.trace_fraction = options.trace_fraction;
  run.overrides = overrides;
  run.step = std::max<sim::Duration>(std::chrono::milliseconds(10), end.time_since_epoch() / 200);
  run.on_step = [&](sim::Time now, std::uint64_t events) {
    progress.update(now, events);
    return !interrupted.load();
  };
  scenarios::RunResult result;
  scenarios::Diagnostics diagnostics;
  bool built = scenarios::runScenario(loaded, run, result, diagnostics);
  std::signal(SIGINT, previous);
  progress.finish();
  std::fputs(diagnostics.str().c_str(), stderr);
  if (!built) {
    std::fprintf(stderr, "%s: the scenario could not be built; nothing was run\n",
                 options.scenario.c_str());
    return 2;
  }

  const reports::proto::Report& report = result.report;
  std::vector<std::vector<std::string>> routes;  // for the trace: each controller's route names
  for (const auto* names : result.recorder->ingressNames().routes) routes.push_back(*names);
  std::string error;
  bool written = reports::writeFolderAtomically(
      out.string(),
      {{"report.json", reports::reportJson(report)},
       {"timeseries.csv", reports::timeseriesCsv(report)},
       {"report.html", reports::htmlReport(report)},
       {"trace.json", reports::chromeTraceJson(result.traces, result.recorder->facts(),
                                               result.recorder->config().source_names, &routes)}},
      &error);
  if (!written) std::fprintf(stderr, "kubenetsim: %s\n", error.c_str());
  if (!options.quiet) {
    std::printf("%s", reports::summaryTable(report).c_str());
    std::printf("%s", reports::sloLines(report).c_str());
  }
  if (!written) return 2;
  if (!options.quiet) {
    std::printf(
        "report: %s (open it in a browser); also report.json, timeseries.csv and "
        "trace.json (open it in https://ui.perfetto.dev) in %s\n",
        (out / "report.html").string().c_str(), out.string().c_str());
  }
  if (result.failed()) {
    std::fprintf(stderr, "%s: the run stopped: %s; the report is partial\n",
                 options.scenario.c_str(), result.stopped_by.c_str());
    return 2;
  }
  if (result.interrupted) {
    std::fprintf(stderr,
                 "kubenetsim: interrupted at %.3fs of simulated time; the report is partial\n",
                 report.run().simulated_s());
    return 130;
  }
  int failed = 0;
  for (const auto& v : report.slos()) {
    if (v.passed()) continue;
    ++failed;
    std::fprintf(stderr, "kubenetsim: SLO failed: %s%s%s\n", v.slo().c_str(),
                 v.message().empty() ? "" : ": ", v.message().c_str());
  }
  return failed > 0 ? 1 : 0;
}

}  // namespace kns::cli
