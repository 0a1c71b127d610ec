// The files `kubenetsim sweep` and `kubenetsim merge` both write.
#pragma once

#include <filesystem>
#include <string>

#include "scenarios/sweep.h"

namespace kns::cli {

// Writes one output file atomically; false after printing why.
bool writeOutputFile(const std::filesystem::path& path, const std::string& content);

// The files every complete sweep has: the plan, the rows and the summary (printed unless
// `quiet`). Exit code: 0 when find-min found an answer for every combination (or was not asked),
// 1 when it did not, 2 when a file could not be written.
int writeCompleteSweep(const scenarios::SweepPlan& plan, const scenarios::SweepTable& table,
                       const std::filesystem::path& out, bool quiet);

}  // namespace kns::cli
