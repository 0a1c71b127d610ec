// The subcommands of `kubenetsim`, one file each; main.cc parses the command line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scenarios/cluster_generator.h"
#include "scenarios/scenario_loader.h"

namespace kns::cli {

// Loads a scenario with its overrides; prints every diagnostic to stderr. False on errors.
bool loadForCommand(const std::string& path, const std::vector<std::string>& overrides,
                    scenarios::LoadedScenario& loaded);

int validateCommand(const std::string& path, const std::vector<std::string>& overrides);

struct RunCommandOptions {
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> overrides;
  std::string out;  // empty: out/<scenario name>/
  std::string duration;
  bool quiet = false;
  double trace_fraction = 0.01;
  std::uint64_t max_events = 0;  // 0: the default ceilings (defaultWorkBudget)
  std::uint64_t max_events_per_second = 0;
};
int runCommand(const RunCommandOptions& options);

struct GetCommandOptions {
  std::string kind;  // pods, svc, endpoints, ingress, nodes (and kubectl's short names)
  std::string scenario;
  std::string at = "0s";
  std::vector<std::string> overrides;
  std::string ns = "default";
  bool all_namespaces = false;
  bool wide = false;
  bool yaml = false;  // -o yaml: the Gateway API kinds only, for now
};
int getCommand(const GetCommandOptions& options);

struct SweepCommandOptions {
  std::string scenario;
  std::vector<std::string> vary;  // path=v1,v2,... or path=a..b:step
  std::vector<std::string> overrides;
  std::uint64_t replications = 1;
  int jobs = 0;       // 0: one per core
  std::string shard;  // i/N, empty: all runs
  std::string out;    // empty: out/<scenario name>-sweep/
  std::string find_min;
  std::vector<std::string> slos;
  bool reports = false;  // also runs/<run>/report.json for every run
  bool quiet = false;
};
int sweepCommand(const SweepCommandOptions& options);

struct MergeCommandOptions {
  std::vector<std::string> dirs;
  std::string out;
  bool quiet = false;
};
int mergeCommand(const MergeCommandOptions& options);

struct GenerateCommandOptions {
  scenarios::GeneratedCluster cluster;
  std::string startup = "60s";
  std::string traffic = "60s";
  std::string out;  // empty or "-": stdout
};
int generateCommand(const GenerateCommandOptions& options);

}  // namespace kns::cli
