// Every scenario default is written once, in scenarios/proto/scenario.proto (its default_value
// options), and read through valueOr/intOr/uint64Or/doubleOr. A fallback restated in code
// (`spec.has_seed() ? spec.seed() : 1`) drifts from the schema and from the documentation that
// is generated from it; this test finds them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace {

namespace fs = std::filesystem;

TEST(RestatedDefaults, NoCodeRestatesAScenarioFieldsDefault) {
  // `<x>.has_<field>() ? <anything> : <a number literal>`
  const std::regex restated(R"(\.has_[a-z_]+\(\)\s*\?[^:;]*:\s*-?[0-9][0-9.]*\b)");
  std::string found;
  for (const char* folder : {"scenarios", "cli", "gui"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(KNS_SOURCE_DIR) / folder)) {
      std::string ext = entry.path().extension().string();
      if (ext != ".h" && ext != ".cc") continue;
      std::ifstream in(entry.path());
      std::string line;
      for (int number = 1; std::getline(in, line); ++number) {
        if (std::regex_search(line, restated)) {
          found += entry.path().string() + ":" + std::to_string(number) + ": " + line + "\n";
        }
      }
    }
  }
  EXPECT_TRUE(found.empty()) << "read these through intOr/uint64Or/doubleOr (scenario_loader.h), "
                                "which take the default from scenario.proto:\n"
                             << found;
}

}  // namespace
