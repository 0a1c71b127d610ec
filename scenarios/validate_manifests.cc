// The scenario's manifests section (loading each source into LoadedScenario::manifests), its
// workloads section, and the Ingresses' references to Services.
#include <filesystem>

#include "scenarios/field_checks.h"
#include "scenarios/manifests/manifest_loader.h"
#include "scenarios/scenario_cluster_checks.h"
#include "scenarios/validate_sections.h"

namespace kns::scenarios {

bool hasService(const Manifests& m, const std::string& name, const std::string& ns) {
  return std::any_of(m.services.begin(), m.services.end(),
                     [&](const ServiceManifest& s) { return s.name == name && s.ns == ns; });
}

bool loadManifestSource(const LoadedScenario& s, const proto::ManifestSource& source,
                        const std::string& path, Manifests& into, Diagnostics& diagnostics) {
  if (source.file().empty() == source.inline_().empty()) {
    diagnostics.error(locate(s, path), path, "give exactly one of file or inline");
    return false;
  }
  if (source.file().empty()) {
    loadManifestText(source.inline_(), s.file + ":" + path + ".inline", into, diagnostics);
    return true;
  }
  std::filesystem::path file = std::filesystem::path(s.directory) / source.file();
  if (!std::filesystem::is_regular_file(file)) {
    diagnostics.error(locate(s, path + ".file"), path + ".file",
                      "no such file '" + file.string() + "' (paths are relative to the scenario)");
    return false;
  }
  loadManifestFile(file.string(), into, diagnostics);
  return true;
}

void validateManifestSources(LoadedScenario& s, Diagnostics& diagnostics) {
  const proto::ScenarioSpec& spec = s.scenario.spec();
  for (int i = 0; i < spec.manifests_size(); ++i) {
    loadManifestSource(s, spec.manifests(i), "spec.manifests[" + std::to_string(i) + "]",
                       s.manifests, diagnostics);
  }
}

void validateWorkloads(const LoadedScenario& s, Diagnostics& diagnostics) {
  const proto::ScenarioSpec& spec = s.scenario.spec();
  for (int i = 0; i < spec.workloads_size(); ++i) {
    const proto::Workload& w = spec.workloads(i);
    std::string path = "spec.workloads[" + std::to_string(i) + "]";
    if (w.selector().empty()) {
      diagnostics.error(locate(s, path), path + ".selector",
                        "missing: the pod labels this applies to");
    }
    validateServiceTime(s, w.service_time(), path + ".serviceTime", diagnostics);
  }
}

// A dangling reference is a warning: the simulation shows it as failed requests (503).
void validateIngressReferences(const LoadedScenario& s, Diagnostics& diagnostics) {
  for (const IngressManifest& ing : s.manifests.ingresses) {
    auto check = [&](const IngressBackendManifest& b) {
      if (!b.service.empty() && !hasService(s.manifests, b.service, ing.ns)) {
        diagnostics.warning(ing.where, "spec",
                            "Ingress " + ing.name + " names Service '" + b.service +
                                "', which no manifest defines in "
                                "namespace '" +
                                ing.ns + "': its requests get 503");
      }
    };
    if (ing.default_backend) check(*ing.default_backend);
    for (const IngressRuleManifest& rule : ing.rules) {
      for (const IngressPathManifest& path : rule.paths) check(path.backend);
    }
  }
}

}  // namespace kns::scenarios
