// Reading a scenario file's text (bounded) and its one YAML document into the schema.
#include "scenarios/scenario_reader.h"

#include "reports/bounded_read.h"
#include "scenarios/manifests/manifest_loader.h"
#include "scenarios/manifests/yaml_syntax_check.h"
#include "scenarios/schema_reader.h"

namespace kns::scenarios {

bool readScenarioDocument(const std::string& text, const std::string& name,
                          proto::Scenario& scenario,
                          std::map<std::string, SourceLocation>& locations,
                          Diagnostics& diagnostics) {
  if (text.find('\0') != std::string::npos) {
    diagnostics.error({name, 0, 0}, "", "file contains NUL bytes: it is not YAML text");
    return false;
  }
  if (!checkYamlSyntax(text, name, diagnostics)) return false;
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    diagnostics.error({name, e.mark.line + 1, e.mark.column + 1}, "", "not valid YAML: " + e.msg);
    return false;
  }
  documents.erase(std::remove_if(documents.begin(), documents.end(),
                                 [](const YAML::Node& d) { return !d || d.IsNull(); }),
                  documents.end());
  if (documents.size() != 1) {
    diagnostics.error({name, 0, 0}, "",
                      "a scenario file holds exactly one YAML document; found " +
                          std::to_string(documents.size()));
    return false;
  }
  SchemaReader reader(name, diagnostics, locations);
  reader.fill(documents[0], scenario, "");
  return true;
}

bool readScenarioSource(const std::string& path, const SourceLocation& where, std::string& text,
                        Diagnostics& diagnostics) {
  std::string error;
  if (reports::readBoundedFile(path, kMaxManifestBytes, text, error)) return true;
  diagnostics.error(where, "", path + " " + error);
  return false;
}

}  // namespace kns::scenarios
