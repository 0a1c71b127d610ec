// Runs the kubenetsim program in a scratch folder, capturing its output and exit status.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace kns::scenarios {

struct Program {
  std::filesystem::path out =
      std::filesystem::temp_directory_path() /
      ("kns-program-" +
       std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
  Program() { std::filesystem::remove_all(out); }
  ~Program() { std::filesystem::remove_all(out); }

  // Runs `kubenetsim ARGS`; returns the exit status (-1 if it did not exit).
  int run(const std::string& args, std::string* stderr_text = nullptr) const {
    std::filesystem::create_directories(out);
    std::string command = std::string(KUBENETSIM_PROGRAM) + " " + args + " >" +
                          (out / "stdout").string() + " 2>" + (out / "stderr").string();
    int status = std::system(command.c_str());
    if (stderr_text != nullptr) *stderr_text = slurp(out / "stderr");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string stdoutText() const { return slurp(out / "stdout"); }

  static std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
};

}  // namespace kns::scenarios
