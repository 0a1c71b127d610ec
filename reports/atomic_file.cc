#include "reports/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace kns::reports {
namespace {

// Writes `content` to a new file at `path`, flushed to disk. The file is created afresh
// (O_EXCL, after removing whatever was left there) and never through a symbolic link, with mode
// 0666 less the user's umask: a file planted at the temporary name cannot redirect the write or
// lend the output its permissions.
bool writeWhole(const std::string& path, const std::string& content) {
  ::unlink(path.c_str());
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) return false;
  std::FILE* file = ::fdopen(fd, "wb");
  if (file == nullptr) {
    ::close(fd);
    return false;
  }
  bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size();
  written = std::fflush(file) == 0 && written;
  written = ::fsync(fd) == 0 && written;
  return std::fclose(file) == 0 && written;
}

}  // namespace

bool writeFileAtomically(const std::string& path, const std::string& content, std::string* error) {
  namespace fs = std::filesystem;
  auto fail = [&](const std::string& what) {
    if (error != nullptr) *error = path + ": " + what;
    return false;
  };
  std::error_code ec;
  fs::path target(path);
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) return fail("cannot create its folder: " + ec.message());
  }
  std::string temporary = path + ".tmp." + std::to_string(::getpid());
  if (!writeWhole(temporary, content)) {
    std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    return fail("cannot write: " + reason);
  }
  fs::rename(temporary, target, ec);
  if (ec) {
    std::remove(temporary.c_str());
    return fail("cannot replace it: " + ec.message());
  }
  return true;
}

}  // namespace kns::reports

namespace kns::reports {
namespace {

namespace fs = std::filesystem;

// ".<name>.tmp.<pid>" beside the folder: hidden, and the pid tells a live run from a dead one.
std::string temporaryPrefix(const fs::path& folder) {
  return "." + folder.filename().string() + ".tmp.";
}

void removeStaleTemporaries(const fs::path& folder) {
  std::error_code ec;
  fs::path parent = folder.has_parent_path() ? folder.parent_path() : fs::path(".");
  std::string prefix = temporaryPrefix(folder);
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)) {
      fs::remove_all(entry.path(), ec);
    }
  }
}

// For the test that kills a run between two files (tests/hostile): KNS_TEST_KILL_AFTER_FILES=N
// ends the process with SIGKILL once N files of a set are written.
void maybeKilledForTest(std::size_t written) {
  const char* after = std::getenv("KNS_TEST_KILL_AFTER_FILES");
  if (after != nullptr && std::strtoul(after, nullptr, 10) == written) std::raise(SIGKILL);
}

}  // namespace

std::string checkOutputFolder(const std::string& folder, const std::vector<std::string>& names) {
  std::error_code ec;
  fs::file_status status = fs::symlink_status(folder, ec);
  if (!fs::exists(status)) return "";
  if (!fs::is_directory(status)) {
    return folder + " exists and is not a folder; name a new or an earlier output folder";
  }
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    std::string name = entry.path().filename().string();
    bool ours = std::find(names.begin(), names.end(), name) != names.end();
    if (!ours || !entry.is_regular_file()) {
      return folder + " holds '" + name +
             "', which is not a report file; the whole folder is replaced by the new report, so "
             "name a new folder (or an earlier output folder) with --out";
    }
  }
  if (ec) return folder + ": " + ec.message();
  return "";
}

bool writeFolderAtomically(const std::string& folder_text,
                           const std::vector<std::pair<std::string, std::string>>& files,
                           std::string* error) {
  fs::path folder(folder_text);
  auto fail = [&](const std::string& what) {
    if (error != nullptr) *error = what;
    return false;
  };
  std::vector<std::string> names;
  for (const auto& [name, content] : files) names.push_back(name);
  if (std::string problem = checkOutputFolder(folder_text, names); !problem.empty()) {
    return fail(problem);
  }
  std::error_code ec;
  if (folder.has_parent_path()) {
    fs::create_directories(folder.parent_path(), ec);
    if (ec) return fail(folder_text + ": cannot create its parent folder: " + ec.message());
  }
  removeStaleTemporaries(folder);
  fs::path temporary = (folder.has_parent_path() ? folder.parent_path() : fs::path(".")) /
                       (temporaryPrefix(folder) + std::to_string(::getpid()));
  fs::remove_all(temporary, ec);
  if (!fs::create_directory(temporary, ec)) {
    return fail(temporary.string() + ": cannot create: " + ec.message());
  }
  std::size_t written = 0;
  for (const auto& [name, content] : files) {
    if (!writeWhole((temporary / name).string(), content)) {
      std::string reason = std::strerror(errno);
      fs::remove_all(temporary, ec);
      return fail((folder / name).string() + ": writing failed: " + reason +
                  "; the previous files are untouched");
    }
    maybeKilledForTest(++written);
  }
  bool exists = fs::exists(fs::symlink_status(folder, ec));
  int swapped =
      exists ? ::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, folder.c_str(), RENAME_EXCHANGE)
             : ::rename(temporary.c_str(), folder.c_str());
  if (swapped != 0) {
    std::string reason = std::strerror(errno);
    fs::remove_all(temporary, ec);
    return fail(folder_text + ": cannot put the new files in place: " + reason);
  }
  if (exists) fs::remove_all(temporary, ec);  // now the previous set
  return true;
}

}  // namespace kns::reports
