// Reads an input file with a byte cap that holds for every kind of file: only regular files are
// read (a FIFO, /dev/zero or a directory is refused before anything blocks or grows), and never
// more than the cap, whatever the file system reports as its size.
#pragma once

#include <cstddef>
#include <string>

namespace kns::reports {

// False with `error` set ("is not a regular file", "is larger than N MiB", ...); `error` starts
// with what is wrong, not with the path, so callers can place it. Symlinks are followed unless
// `follow_symlinks` is false (merge reads folders other users may write).
bool readBoundedFile(const std::string& path, std::size_t max_bytes, std::string& content,
                     std::string& error, bool follow_symlinks = true);

}  // namespace kns::reports
