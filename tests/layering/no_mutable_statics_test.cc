// SST-core's rule: no mutable statics below the front ends. A static variable in sim/, models/,
// reports/ or scenarios/ is shared by every simulation in the process, so the runs of a sweep on
// several threads would race on it (the scheduler's function-static Spread did). Constants
// (static const, static constexpr) and static member functions are fine.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kRoot = KNS_SOURCE_DIR;

// The code of a line, without its // comment and string literals (roughly: enough for our own
// sources, which the formatter keeps to one declaration a line).
std::string codeOf(const std::string& line) {
  std::string code;
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (!in_string && c == '/' && i + 1 < line.size() && line[i + 1] == '/') break;
    if (c == '"' && (i == 0 || line[i - 1] != '\\')) in_string = !in_string;
    if (!in_string) code += c;
  }
  return code;
}

// Whether a line declares a mutable static or thread_local variable: `static` not followed by
// const/constexpr, and no parenthesis before the declaration ends (that would be a function).
bool declaresMutableStatic(const std::string& line) {
  static const std::regex kStatic(
      R"(\b(static|thread_local)\b(?!_)\s+(?!const\b|constexpr\b)(.*))");
  std::string code = codeOf(line);
  std::smatch m;
  if (!std::regex_search(code, m, kStatic)) return false;
  std::string before = code.substr(0, static_cast<std::size_t>(m.position(0)));
  if (std::regex_search(before, std::regex(R"(\bconst(expr)?\b)"))) return false;
  std::string rest = m[2];
  std::size_t end = rest.find_first_of(";{=");
  std::string declaration = rest.substr(0, end);
  if (declaration.find('(') != std::string::npos) return false;  // a static member function
  return declaration.find_first_not_of(" \t") != std::string::npos;
}

struct Finding {
  std::string file;
  int line;
  std::string text;
};

std::vector<Finding> mutableStaticsUnder(const std::string& folder) {
  std::vector<Finding> found;
  for (const auto& entry : fs::recursive_directory_iterator(kRoot / folder)) {
    std::string ext = entry.path().extension().string();
    if (ext != ".h" && ext != ".cc") continue;
    std::ifstream in(entry.path());
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
      if (declaresMutableStatic(text)) {
        found.push_back({fs::relative(entry.path(), kRoot).generic_string(), line, text});
      }
    }
  }
  return found;
}

TEST(NoMutableStatics, BelowTheFrontEnds) {
  for (const std::string folder : {"sim", "models", "reports", "scenarios"}) {
    for (const Finding& f : mutableStaticsUnder(folder)) {
      ADD_FAILURE() << f.file << ":" << f.line << ": a mutable static (shared by every "
                    << "simulation in the process; keep state in an object): " << f.text;
    }
  }
}

TEST(NoMutableStatics, TheCheckSeesOne) {
  EXPECT_TRUE(declaresMutableStatic("  static Spread none;"));
  EXPECT_TRUE(declaresMutableStatic("static std::map<int, int> cache = {};"));
  EXPECT_TRUE(declaresMutableStatic("  thread_local int depth = 0;"));
  EXPECT_FALSE(declaresMutableStatic("  static const std::regex kInclude(R\"(x)\");"));
  EXPECT_FALSE(declaresMutableStatic("constexpr static int x = 1;"));
  EXPECT_FALSE(declaresMutableStatic("  static constexpr int kSubBuckets = 64;"));
  EXPECT_FALSE(declaresMutableStatic("  static int bucketOf(std::uint64_t value);"));
  EXPECT_FALSE(declaresMutableStatic("  static_assert(sizeof(int) == 4);"));
  EXPECT_FALSE(declaresMutableStatic("  auto n = static_cast<int>(x);"));
  EXPECT_FALSE(declaresMutableStatic("  // a static counter would race"));
  EXPECT_FALSE(declaresMutableStatic("  std::int64_t static_size = 0;"));
}

}  // namespace
