// `kubenetsim generate`: a synthetic cluster scenario (scenarios/cluster_generator.h) on stdout
// or into a file.
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "reports/atomic_file.h"
#include "scenarios/cluster_generator.h"
#include "sim/time.h"

namespace kns::cli {
namespace {

bool seconds(const std::string& text, const char* flag, double& out) {
  try {
    out = std::chrono::duration<double>(sim::parseDuration(text)).count();
    return true;
  } catch (const std::exception&) {
    std::fprintf(stderr, "kubenetsim generate: %s '%s' is not a duration; write e.g. 60s\n", flag,
                 text.c_str());
    return false;
  }
}

}  // namespace

int generateCommand(const GenerateCommandOptions& options) {
  scenarios::GeneratedCluster g = options.cluster;
  if (!seconds(options.startup, "--startup", g.startup_s) ||
      !seconds(options.traffic, "--traffic", g.traffic_s)) {
    return 2;
  }
  if (std::string problem = scenarios::checkGeneratedCluster(g); !problem.empty()) {
    std::fprintf(stderr, "kubenetsim generate: %s\n", problem.c_str());
    return 2;
  }
  std::string yaml = scenarios::generateClusterScenario(g);
  if (options.out.empty() || options.out == "-") {
    std::fwrite(yaml.data(), 1, yaml.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 2;
  }
  // As a shell redirection would: the file's folder must exist (no folders made on the way).
  std::filesystem::path parent = std::filesystem::path(options.out).parent_path();
  std::error_code ec;
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
    std::fprintf(stderr, "kubenetsim generate: -o %s: the folder %s does not exist\n",
                 options.out.c_str(), parent.string().c_str());
    return 2;
  }
  std::string error;
  if (!reports::writeFileAtomically(options.out, yaml, &error)) {
    std::fprintf(stderr, "kubenetsim generate: %s\n", error.c_str());
    return 2;
  }
  return 0;
}

}  // namespace kns::cli
