#include "cli/sweep_files.h"

#include <cstdio>

#include "reports/atomic_file.h"

namespace kns::cli {

bool writeOutputFile(const std::filesystem::path& path, const std::string& content) {
  std::string error;
  if (reports::writeFileAtomically(path.string(), content, &error)) return true;
  std::fprintf(stderr, "kubenetsim: %s\n", error.c_str());
  return false;
}

int writeCompleteSweep(const scenarios::SweepPlan& plan, const scenarios::SweepTable& table,
                       const std::filesystem::path& out, bool quiet) {
  bool found = true;
  std::string summary = scenarios::sweepSummary(plan, table, &found);
  if (!writeOutputFile(out / "sweep-plan.txt", plan.describe()) ||
      !writeOutputFile(out / "sweep.csv", table.csv()) ||
      !writeOutputFile(out / "sweep.txt", summary)) {
    return 2;
  }
  if (!quiet) std::printf("%s", summary.c_str());
  std::printf("sweep: %s (one row per run), %s\n", (out / "sweep.csv").string().c_str(),
              (out / "sweep.txt").string().c_str());
  return found ? 0 : 1;
}

}  // namespace kns::cli
