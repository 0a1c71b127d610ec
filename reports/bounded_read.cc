#include "reports/bounded_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kns::reports {

bool readBoundedFile(const std::string& path, std::size_t max_bytes, std::string& content,
                     std::string& error, bool follow_symlinks) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the fstat below refuses it anyway.
  int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | (follow_symlinks ? 0 : O_NOFOLLOW);
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) {
    if (errno == ELOOP) {
      error = "is a symbolic link, which is not followed here";
    } else {
      error = std::string("cannot open it: ") + std::strerror(errno) +
              " (does it exist, is it readable?)";
    }
    return false;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    error = S_ISDIR(info.st_mode) ? "is a directory; name a file in it"
                                  : "is not a regular file (a device, FIFO or socket); name a file";
    return false;
  }
  content.clear();
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::string("reading failed: ") + std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    if (content.size() + static_cast<std::size_t>(n) > max_bytes) {
      ::close(fd);
      error = "is larger than " +
              (max_bytes >= 1024 * 1024 ? std::to_string(max_bytes / (1024 * 1024)) + " MiB"
                                        : std::to_string(max_bytes) + " bytes") +
              ", the most such a file may hold";
      return false;
    }
    content.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return true;
}

}  // namespace kns::reports
