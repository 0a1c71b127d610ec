// Writes output files so that a reader never sees half of one: a temporary file in the same
// folder, flushed, then renamed over the target (rename is atomic on POSIX file systems).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace kns::reports {

// Creates parent folders as needed. False (with `error` set) if anything fails; the target is
// then untouched and the temporary file removed.
bool writeFileAtomically(const std::string& path, const std::string& content, std::string* error);

// The files of one run, written as a set: into a temporary folder beside `folder`, then swapped
// in whole (renameat2 RENAME_EXCHANGE when `folder` exists, rename when it does not), so a
// reader, a kill or a full disk leaves either the old set or the new one, never a mix. Stale
// temporary folders of runs that were killed are removed. `folder` must be new or hold only
// files named in `files` (anything else would be lost with the old set): else false, with
// `error` saying so and nothing touched. See checkOutputFolder.
bool writeFolderAtomically(const std::string& folder,
                           const std::vector<std::pair<std::string, std::string>>& files,
                           std::string* error);
// Whether `folder` can take a set of files named `names` ("" when it can, else why not), so a
// command can refuse before it runs rather than after.
std::string checkOutputFolder(const std::string& folder, const std::vector<std::string>& names);

}  // namespace kns::reports
