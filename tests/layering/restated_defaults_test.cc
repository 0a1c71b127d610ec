// Every scenario default is written once, in scenarios/proto/scenario.proto (its default_value
// options), and read through valueOr/intOr/uint64Or/doubleOr. A fallback restated in code
// (`spec.has_seed() ? spec.seed() : 1`) drifts from the schema and from the documentation that
// is generated from it; this test finds them.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

namespace {

namespace fs = std::filesystem;

TEST(RestatedDefaults, NoCodeRestatesAScenarioFieldsDefault) {
  // `<x>.has_<field>() ? <anything> : <a number literal>`, or a text field's fallback
  // `<x>.<field>().empty() ? "<literal>"` (valueOr reads the schema's default instead).
  const std::regex restated(
      R"(\.has_[a-z_]+\(\)\s*\?[^:;]*:\s*-?[0-9][0-9.]*\b|\b[a-z_]+(\(\))?\.[a-z_]+\(\)\.empty\(\)\s*\?\s*"[A-Za-z0-9./-]+")");
  std::string found;
  for (const char* folder : {"scenarios", "cli", "gui"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(KNS_SOURCE_DIR) / folder)) {
      std::string ext = entry.path().extension().string();
      if (ext != ".h" && ext != ".cc") continue;
      // The whole file as one line, so that a fallback wrapped over lines is found too.
      std::ifstream in(entry.path());
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::string flat = text;
      std::replace(flat.begin(), flat.end(), '\n', ' ');
      for (std::sregex_iterator it(flat.begin(), flat.end(), restated), end; it != end; ++it) {
        auto at = text.begin() + it->position();
        int line = 1 + static_cast<int>(std::count(text.begin(), at, '\n'));
        found += entry.path().string() + ":" + std::to_string(line) + ": " + it->str() + "\n";
      }
    }
  }
  EXPECT_TRUE(found.empty()) << "read these through intOr/uint64Or/doubleOr (scenario_loader.h), "
                                "which take the default from scenario.proto:\n"
                             << found;
}

// The simulation is built from the typed scenario (scenarios/typed_scenario.h): the units were
// parsed and the defaults applied once, at load. Reading the file's text again here would
// trust checks made elsewhere and restate its defaults.
TEST(TypedScenario, TheSimulationReadsNoTextOfTheScenario) {
  const std::regex text_reading(
      R"(parseDuration|parseRate|parseCpu|Cidr::parse|valueOr|intOr|uint64Or|doubleOr|proto::|\.spec\(\))");
  for (const char* file : {"scenarios/simulation.cc", "scenarios/simulation.h"}) {
    std::ifstream in(fs::path(KNS_SOURCE_DIR) / file);
    ASSERT_TRUE(in) << file;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      EXPECT_FALSE(std::regex_search(line, text_reading))
          << file << ":" << number << " reads the scenario's text: " << line
          << "\n(read LoadedScenario::typed instead; type new fields in scenarios/type_*.cc)";
    }
  }
}

}  // namespace
