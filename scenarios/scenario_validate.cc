// The checks of a loaded scenario: the document's header and every field's domain here, then
// each section's checks (validate_sections.h), in order.
#include "scenarios/scenario_validate.h"

#include "scenarios/field_checks.h"
#include "scenarios/scenario_cluster_checks.h"
#include "scenarios/scenario_ingress.h"
#include "scenarios/scenario_slos.h"
#include "scenarios/validate_sections.h"

namespace kns::scenarios {

SourceLocation locate(const LoadedScenario& s, const std::string& path) {
  auto it = s.locations.find(path);
  return it != s.locations.end() ? it->second : SourceLocation{s.file, 0, 0};
}

void validate(LoadedScenario& s, Diagnostics& diagnostics) {
  const proto::Scenario& sc = s.scenario;
  if (!sc.api_version().empty() && sc.api_version() != "kubenetsim/v1") {
    diagnostics.error(locate(s, "apiVersion"), "apiVersion",
                      "'" + sc.api_version() + "' is not kubenetsim/v1");
  }
  if (!sc.kind().empty() && sc.kind() != "Scenario") {
    diagnostics.error(locate(s, "kind"), "kind", "'" + sc.kind() + "' is not Scenario");
  }
  if (sc.metadata().name().empty()) {
    diagnostics.error(locate(s, "metadata"), "metadata.name",
                      "missing: every scenario needs a name");
  }
  checkFieldDomains(sc, "", s, diagnostics);
  validateMetadataName(s, diagnostics);
  validateClusterShape(s, diagnostics);
  validateManifestSources(s, diagnostics);
  validateClusterSize(s, diagnostics);
  validateWorkloads(s, diagnostics);
  validateTraffic(s, diagnostics);
  validateIngressReferences(s, diagnostics);
  validateSlos(s, diagnostics);
  validateIngressControllers(s, diagnostics);
  validateTimeline(s, diagnostics);
}

}  // namespace kns::scenarios
