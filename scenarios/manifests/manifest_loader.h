// Reads real Kubernetes manifests (multi-document YAML, block or flow style) into Manifests.
#pragma once

#include <string>

#include "scenarios/diagnostics.h"
#include "scenarios/manifests/manifests.h"

namespace kns::scenarios {

// Files larger than this are refused with an error instead of being parsed.
inline constexpr std::size_t kMaxManifestBytes = 16 * 1024 * 1024;

// Loads every document of `path` into `out`. Problems go to `diagnostics` with file, line and
// column; a broken document does not stop the others. Kinds the simulator does not use
// (ServiceAccount, ConfigMap, PodDisruptionBudget, ...) are counted in `out.skipped` with one
// notice per kind and file, never an error.
void loadManifestFile(const std::string& path, Manifests& out, Diagnostics& diagnostics);
// The same for text already in memory; `name` stands for the file in diagnostics.
void loadManifestText(const std::string& text, const std::string& name, Manifests& out,
                      Diagnostics& diagnostics);

// "250m" -> 250, "0.5" -> 500, "2" -> 2000; nullopt if not a CPU quantity.
std::optional<int> parseCpuMillicores(const std::string& text);

}  // namespace kns::scenarios
