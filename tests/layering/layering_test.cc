// Fails when an #include crosses the layer rule of ARCHITECTURE.md:
//   sim <- models <- reports <- scenarios <- cli, gui   (and tests/bench may use any but gui
//   only from gui tests and benchmarks: tests/gui/, bench/gui_*). Third-party headers are also
//   fenced: Qt only in gui/, protobuf and yaml-cpp never in sim/ or models/, Boost.Graph only in
//   models/net/.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kRoot = KNS_SOURCE_DIR;

// Which project folders each folder may include from.
const std::map<std::string, std::set<std::string>> kAllowed = {
    {"sim", {"sim"}},
    {"models", {"sim", "models"}},
    {"reports", {"sim", "models", "reports"}},
    {"scenarios", {"sim", "models", "reports", "scenarios"}},
    {"cli", {"sim", "models", "reports", "scenarios", "cli"}},
    {"gui", {"sim", "models", "reports", "scenarios", "gui"}},
};

struct Include {
  fs::path file;
  int line;
  std::string target;
};

std::vector<Include> includesUnder(const std::string& folder) {
  std::vector<Include> found;
  static const std::regex kInclude(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  if (!fs::exists(kRoot / folder)) return found;
  for (const auto& entry : fs::recursive_directory_iterator(kRoot / folder)) {
    std::string ext = entry.path().extension().string();
    if (ext != ".h" && ext != ".cc" && ext != ".hpp" && ext != ".cpp") continue;
    std::ifstream in(entry.path());
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
      std::smatch m;
      if (std::regex_search(text, m, kInclude)) found.push_back({entry.path(), line, m[1]});
    }
  }
  return found;
}

std::string firstComponent(const std::string& include) {
  return include.substr(0, include.find('/'));
}

bool isProjectFolder(const std::string& name) { return kAllowed.count(name) > 0; }

TEST(Layering, ProjectIncludesFollowTheLayerRule) {
  for (const auto& [folder, allowed] : kAllowed) {
    for (const Include& inc : includesUnder(folder)) {
      std::string top = firstComponent(inc.target);
      if (!isProjectFolder(top) || inc.target.find('/') == std::string::npos) continue;
      EXPECT_TRUE(allowed.count(top))
          << fs::relative(inc.file, kRoot).string() << ":" << inc.line << ": " << folder
          << "/ may not include " << inc.target << " (allowed: sim <- models <- reports <- "
          << "scenarios <- cli, gui)";
    }
  }
}

TEST(Layering, ThirdPartyHeadersStayInTheirLayers) {
  struct Fence {
    std::regex pattern;
    std::string library;
    std::set<std::string> allowed_folders;      // first path component under the root
    std::vector<std::string> allowed_subpaths;  // or sub-folder prefixes, e.g. "models/net/"
  };
  const std::vector<Fence> fences = {
      {std::regex(R"(^Q[A-Za-z]+|^Qt)"), "Qt", {"gui"}, {}},
      {std::regex(R"(^google/protobuf)"), "Protobuf", {"reports", "scenarios", "cli", "gui"}, {}},
      {std::regex(R"(^yaml-cpp)"), "yaml-cpp", {"scenarios", "cli", "gui"}, {}},
      {std::regex(R"(^boost/graph)"), "Boost.Graph", {}, {"models/net/"}},
      {std::regex(R"(^Eigen)"), "Eigen", {"reports", "scenarios", "cli", "gui"}, {}},
      {std::regex(R"(^CLI/)"), "CLI11", {"cli"}, {}},
      {std::regex(R"(^re2/)"), "RE2", {}, {"models/ingress/", "models/gateway/"}},
  };
  for (const auto& [folder, unused] : kAllowed) {
    for (const Include& inc : includesUnder(folder)) {
      std::string relative = fs::relative(inc.file, kRoot).generic_string();
      for (const Fence& fence : fences) {
        if (!std::regex_search(inc.target, fence.pattern)) continue;
        bool ok = fence.allowed_folders.count(folder) > 0;
        for (const std::string& sub : fence.allowed_subpaths) ok |= relative.rfind(sub, 0) == 0;
        EXPECT_TRUE(ok) << relative << ":" << inc.line << ": " << fence.library
                        << " may not be used in " << folder << "/";
      }
    }
  }
}

// The desktop app is used only by its own tests and benchmarks (tests/gui/, bench/gui_*).
TEST(Layering, OnlyGuiTestsAndBenchmarksUseTheGui) {
  for (const std::string folder : {"tests", "bench"}) {
    for (const Include& inc : includesUnder(folder)) {
      if (firstComponent(inc.target) != "gui" || inc.target.find('/') == std::string::npos)
        continue;
      std::string relative = fs::relative(inc.file, kRoot).generic_string();
      bool ok = relative.rfind("tests/gui/", 0) == 0 || relative.rfind("bench/gui_", 0) == 0;
      EXPECT_TRUE(ok) << relative << ":" << inc.line << ": only GUI tests and benchmarks may "
                      << "include " << inc.target;
    }
  }
  EXPECT_FALSE(includesUnder("tests/gui").empty());
}

// Reports are built from recorded facts (reports/cluster_facts.h), never from the live World:
// a finished run's report must not need its simulation.
TEST(Layering, ReportsDoNotReadTheWorld) {
  for (const Include& inc : includesUnder("reports")) {
    EXPECT_NE(inc.target, "models/world.h")
        << fs::relative(inc.file, kRoot).string() << ":" << inc.line
        << ": reports read ClusterFacts, which the scenario layer's FactRecorder fills";
  }
}

// Inside models/, parts in order, each including only itself and parts before it:
//   net <- base <- cluster <- controllers <- autoscaling <- world <- proxy <- ingress <- gateway
//   <- traffic
// `base` is the files at models/'s top (ids, labels, distribution, hop_rule, telemetry), `world`
// is models/world.*. The cluster's actors see the API server through cluster/cluster_api.h, so
// they sit below the World that owns them; the data plane (traffic) hosts the proxies.
const std::vector<std::string> kModelsOrder = {"net",         "base",   "cluster", "controllers",
                                               "autoscaling", "world",  "proxy",   "ingress",
                                               "gateway",     "traffic"};

std::string modelsPart(const std::string& path_under_root) {
  std::string rest = path_under_root.substr(std::string("models/").size());
  std::size_t slash = rest.find('/');
  if (slash != std::string::npos) return rest.substr(0, slash);
  return rest.rfind("world.", 0) == 0 ? "world" : "base";
}

TEST(Layering, ModelsPartsFollowTheirOrder) {
  auto rank = [](const std::string& part) {
    auto it = std::find(kModelsOrder.begin(), kModelsOrder.end(), part);
    return it == kModelsOrder.end() ? -1 : static_cast<int>(it - kModelsOrder.begin());
  };
  int checked = 0;
  for (const Include& inc : includesUnder("models")) {
    if (inc.target.rfind("models/", 0) != 0) continue;
    std::string relative = fs::relative(inc.file, kRoot).generic_string();
    std::string from = modelsPart(relative);
    std::string to = modelsPart(inc.target);
    ASSERT_GE(rank(from), 0) << relative << " is in a part of models/ that kModelsOrder lacks";
    ASSERT_GE(rank(to), 0) << inc.target << " is in a part of models/ that kModelsOrder lacks";
    EXPECT_LE(rank(to), rank(from))
        << relative << ":" << inc.line << ": models/" << from << " may not include " << inc.target
        << " (order: net <- base <- cluster <- controllers <- autoscaling <- world <- proxy <- "
        << "ingress <- gateway <- traffic)";
    ++checked;
  }
  EXPECT_GT(checked, 100) << "the models' includes were found";
}

TEST(Layering, TheCheckSeesTheKernel) {
  // Guards against the check passing vacuously (a wrong root finds no files).
  EXPECT_GT(includesUnder("sim").size(), 10u);
}

}  // namespace
