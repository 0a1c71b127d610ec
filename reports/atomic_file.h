// Writes output files so that a reader never sees half of one: a temporary file in the same
// folder, flushed, then renamed over the target (rename is atomic on POSIX file systems).
#pragma once

#include <string>

namespace kns::reports {

// Creates parent folders as needed. False (with `error` set) if anything fails; the target is
// then untouched and the temporary file removed.
bool writeFileAtomically(const std::string& path, const std::string& content, std::string* error);

}  // namespace kns::reports
