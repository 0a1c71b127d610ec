// The hostile-input corpus: every file under tests/hostile/cases/ is an input a careless or
// malicious user could give, with its expected handling in its leading comment lines:
//
//   # command: validate {file} --set 'spec.cluster.nodes.zones[1]=a'
//   # exit: 2
//   # stderr: listed twice            (each such line must appear in stderr)
//   # absent: escaped                 (a path, relative to the run's folder, that must not exist)
//   # program: gui                    (optional: the desktop app, offscreen, instead of the CLI)
//   # setup: {program} sweep ... --shard 1/2 --out s1 && ln -s /etc/passwd s1/x   (optional)
//
// {file} is the case file, {examples} the example folder, {dir} the case's own folder, {program}
// the kubenetsim under test. Setup lines run first, in the same folder and without limits (they
// build the hostile input, such as a tampered sweep shard), and must succeed. Each case
// runs the real program in a fresh folder under a 2 GiB address-space limit and a 30 s wall
// limit: a signal, a hang, a memory blow-up or a wrong exit code fails it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
const fs::path kCases = fs::path(KNS_SOURCE_DIR) / "tests" / "hostile" / "cases";

struct HostileCase {
  fs::path file;
  std::string command;
  int exit_code = -1;
  std::vector<std::string> stderr_lines;
  std::vector<std::string> absent;
  std::vector<std::string> setup;
  bool gui = false;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void replaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
}

HostileCase readCase(const fs::path& file) {
  HostileCase c;
  c.file = file;
  std::istringstream in(slurp(file));
  std::string line;
  while (std::getline(in, line) && line.rfind("#", 0) == 0) {
    auto value = [&](const char* key) -> std::optional<std::string> {
      std::string prefix = std::string("# ") + key + ": ";
      if (line.rfind(prefix, 0) != 0) return std::nullopt;
      return line.substr(prefix.size());
    };
    if (auto v = value("command")) c.command = *v;
    if (auto v = value("exit")) c.exit_code = std::atoi(v->c_str());
    if (auto v = value("stderr")) c.stderr_lines.push_back(*v);
    if (auto v = value("absent")) c.absent.push_back(*v);
    if (auto v = value("setup")) c.setup.push_back(*v);
    if (auto v = value("program")) c.gui = *v == "gui";
  }
  auto expand = [&](std::string& text) {
    replaceAll(text, "{file}", file.string());
    replaceAll(text, "{dir}", file.parent_path().string());
    replaceAll(text, "{examples}", (fs::path(KNS_SOURCE_DIR) / "scenarios" / "examples").string());
    replaceAll(text, "{program}", KUBENETSIM_PROGRAM);
  };
  expand(c.command);
  for (std::string& line : c.setup) expand(line);
  return c;
}

std::vector<std::string> caseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(kCases)) {
    if (!entry.is_regular_file()) continue;
    std::string first;
    std::ifstream in(entry.path());
    std::getline(in, first);
    if (first.rfind("# command: ", 0) == 0) names.push_back(fs::relative(entry.path(), kCases));
  }
  std::sort(names.begin(), names.end());
  return names;
}

class Hostile : public ::testing::TestWithParam<std::string> {};

TEST_P(Hostile, ExitsCleanlyWithAClearMessage) {
  HostileCase c = readCase(kCases / GetParam());
  ASSERT_FALSE(c.command.empty());
  ASSERT_GE(c.exit_code, 0) << "the case names no '# exit:'";
#ifdef KUBENETSIM_GUI_PROGRAM
  std::string program =
      c.gui ? "env QT_QPA_PLATFORM=offscreen " KUBENETSIM_GUI_PROGRAM : KUBENETSIM_PROGRAM;
#else
  if (c.gui) GTEST_SKIP() << "built without the desktop app";
  std::string program = KUBENETSIM_PROGRAM;
#endif
  std::string id = GetParam();
  std::replace(id.begin(), id.end(), '/', '_');
  fs::path run = fs::temp_directory_path() / ("kns-hostile-" + id);
  fs::remove_all(run);
  fs::create_directories(run / "a" / "b");  // so that ../../ stays inside the scratch folder
  fs::path cwd = run / "a" / "b";
  // 2 GiB of address space and 30 s of wall time; KILL so that a hang cannot outlive the test.
  std::string shell = "cd '" + cwd.string() + "' && ulimit -v 2097152 && exec timeout -s KILL 30 " +
                      program + " " + c.command + " </dev/null >'" + (run / "stdout").string() +
                      "' 2>'" + (run / "stderr").string() + "'";
  {
    std::ofstream script(run / "run.sh");
    script << "cd '" << cwd.string() << "' || exit 99\n";
    for (const std::string& line : c.setup) {
      script << "(" << line << ") >'" << (run / "setup.log").string() << "' 2>&1 || exit 99\n";
    }
    script << shell << "\n";
  }
  auto started = std::chrono::steady_clock::now();
  int status = std::system(("/bin/bash '" + (run / "run.sh").string() + "'").c_str());
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string err = slurp(run / "stderr");
  ASSERT_TRUE(WIFEXITED(status)) << GetParam() << ": did not exit";
  int code = WEXITSTATUS(status);
  ASSERT_NE(code, 99) << GetParam() << ": its setup failed:\n" << slurp(run / "setup.log");
  ASSERT_NE(code, 137) << GetParam() << ": killed after 30 s (a hang) or by a signal\n" << err;
  ASSERT_LT(code, 128) << GetParam() << ": ended by signal " << code - 128 << "\n" << err;
  EXPECT_EQ(code, c.exit_code) << GetParam() << " (" << seconds << " s)\nstderr:\n" << err;
  for (const std::string& expected : c.stderr_lines) {
    EXPECT_NE(err.find(expected), std::string::npos)
        << GetParam() << ": stderr lacks '" << expected << "'\nstderr:\n"
        << err;
  }
  for (const std::string& path : c.absent) {
    EXPECT_FALSE(fs::exists(cwd / path)) << GetParam() << ": wrote " << path;
  }
  // A diagnostic never carries a raw control character to the terminal.
  EXPECT_EQ(std::count_if(err.begin(), err.end(),
                          [](char ch) { return ch == '\x1b' || ch == '\r' || ch == '\a'; }),
            0)
      << GetParam() << ": control characters in stderr";
  if (!HasFailure()) fs::remove_all(run);
}

INSTANTIATE_TEST_SUITE_P(Corpus, Hostile, ::testing::ValuesIn(caseNames()), [](const auto& info) {
  std::string id = info.param;
  for (char& ch : id) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return id;
});

}  // namespace
