// libFuzzer target: any bytes given to the manifest loader give diagnostics, never a crash or
// a hang. See docs/fuzzing.md for how to run it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "scenarios/manifests/manifest_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  kns::scenarios::Diagnostics diagnostics;
  kns::scenarios::Manifests manifests;
  kns::scenarios::loadManifestText(text, "fuzz.yaml", manifests, diagnostics);
  (void)diagnostics.str();  // formatting must not fail either
  return 0;
}
