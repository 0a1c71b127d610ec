// Golden fingerprints: every example scenario, run as `kubenetsim run` runs it, executes exactly
// the events recorded in tests/scenarios/golden/examples.txt and writes exactly the report.json
// whose hash is recorded there. Any change in simulated behaviour moves one of them; a change
// that moves one on purpose updates the file (see kUpdateHint) and says why in its commit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "reports/report_files.h"
#include "scenarios/run_scenario.h"

namespace kns::scenarios {
namespace {

namespace fs = std::filesystem;
const fs::path kExamples = fs::path(KNS_SOURCE_DIR) / "scenarios" / "examples";
const fs::path kGoldenFile =
    fs::path(KNS_SOURCE_DIR) / "tests" / "scenarios" / "golden" / "examples.txt";
const char* kUpdateHint =
    "If this change of behaviour is intended, record the new values with\n"
    "  KNS_UPDATE_GOLDEN=1 build/tests/scenarios_tests --gtest_filter='*Golden*'\n"
    "and say in the commit message which change moved which example, and why.";

struct Golden {
  std::uint64_t events = 0;
  std::string fingerprint;  // sim::Fingerprint::hex()
  std::string report_hash;  // FNV-1a 64 of report.json, hex
  bool operator==(const Golden&) const = default;
};

std::string hex64(std::uint64_t v) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(v));
  return text;
}

// FNV-1a: enough to tell two report files apart (this is a change detector, not a signature).
std::string fnv1a64(const std::string& bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ull;
  return hex64(h);
}

std::vector<std::string> exampleNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kExamples)) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::map<std::string, Golden> readGoldenFile() {
  std::map<std::string, Golden> golden;
  std::ifstream in(kGoldenFile);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string name;
    Golden g;
    fields >> name >> g.events >> g.fingerprint >> g.report_hash;
    golden[name] = g;
  }
  return golden;
}

void writeGoldenFile(const std::map<std::string, Golden>& golden) {
  fs::create_directories(kGoldenFile.parent_path());
  std::ofstream out(kGoldenFile);
  out << "# Golden fingerprints of scenarios/examples, checked by tests/scenarios/golden_test.cc.\n"
         "# Written by KNS_UPDATE_GOLDEN=1; a commit that changes a line says why.\n"
         "# example events fingerprint report.json-fnv1a64 (the version and file fields cleared)\n";
  for (const auto& [name, g] : golden) {
    out << name << ' ' << g.events << ' ' << g.fingerprint << ' ' << g.report_hash << '\n';
  }
}

// The example as `kubenetsim run EXAMPLE` runs it (its seed, its duration, no overrides).
Golden runExample(const std::string& name) {
  Diagnostics diagnostics;
  LoadedScenario loaded;
  EXPECT_TRUE(loadScenarioFile((kExamples / (name + ".yaml")).string(), loaded, diagnostics))
      << diagnostics.str();
  RunResult result;
  RunOptions options;
  options.trace_fraction = 0.01;  // the command's default
  EXPECT_TRUE(runScenario(loaded, options, result, diagnostics)) << diagnostics.str();
  // The version is the release's name and the file the path of this checkout, not behaviour:
  // neither a release nor a clone in another folder (CI's) may move every line.
  result.report.mutable_run()->clear_version();
  result.report.mutable_run()->clear_file();
  Golden g;
  g.events = result.report.run().events();
  g.fingerprint = result.report.run().fingerprint();
  g.report_hash = fnv1a64(reports::reportJson(result.report));
  return g;
}

bool updating() {
  const char* update = std::getenv("KNS_UPDATE_GOLDEN");
  return update != nullptr && std::string(update) == "1";
}

class GoldenExample : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenExample, FingerprintAndReportUnchanged) {
  const std::string& name = GetParam();
  Golden actual = runExample(name);
  if (updating()) {
    // Each example's test rewrites only its own line, so the suite may run in parallel
    // processes only when not updating; run it in one process to update.
    auto golden = readGoldenFile();
    golden[name] = actual;
    writeGoldenFile(golden);
    GTEST_SKIP() << "recorded " << name;
  }
  auto golden = readGoldenFile();
  auto it = golden.find(name);
  ASSERT_NE(it, golden.end()) << "no golden line for example '" << name << "' in "
                              << kGoldenFile.string() << ".\n"
                              << kUpdateHint;
  EXPECT_EQ(actual.events, it->second.events) << "events of " << name << " changed.\n"
                                              << kUpdateHint;
  EXPECT_EQ(actual.fingerprint, it->second.fingerprint)
      << "the event fingerprint of " << name << " changed.\n"
      << kUpdateHint;
  EXPECT_EQ(actual.report_hash, it->second.report_hash)
      << "report.json of " << name << " changed (same events, other figures or format).\n"
      << kUpdateHint;
}

INSTANTIATE_TEST_SUITE_P(Examples, GoldenExample, ::testing::ValuesIn(exampleNames()),
                         [](const auto& info) {
                           std::string id = info.param;
                           std::replace(id.begin(), id.end(), '-', '_');
                           return id;
                         });

// Every golden line belongs to an example that exists (a renamed example leaves no stale line).
TEST(GoldenFile, NamesOnlyExistingExamples) {
  if (updating()) GTEST_SKIP();
  auto names = exampleNames();
  for (const auto& [name, g] : readGoldenFile()) {
    EXPECT_TRUE(std::binary_search(names.begin(), names.end(), name))
        << kGoldenFile.string() << " names '" << name << "', which is not in scenarios/examples";
  }
}

// Runs are independent of each other in one process: the second run of an example gives the
// same values as the first (no state leaks between simulations).
TEST(GoldenFile, SecondRunInOneProcessMatchesTheFirst) {
  EXPECT_EQ(runExample("clusterip"), runExample("clusterip"));
}

}  // namespace
}  // namespace kns::scenarios
