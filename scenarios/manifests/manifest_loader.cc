// Loading manifest files: size and syntax checks, then each YAML document through the
// DocumentParser (document_parser.h); and CPU quantities.
#include "scenarios/manifests/manifest_loader.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "reports/bounded_read.h"
#include "scenarios/manifests/document_parser.h"
#include "scenarios/manifests/yaml_reader.h"
#include "scenarios/manifests/yaml_syntax_check.h"

namespace kns::scenarios {

std::optional<int> parseCpuMillicores(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (text.back() == 'm') {
    int value = 0;
    auto [next, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, value);
    if (ec != std::errc{} || next != text.data() + text.size() - 1 || value < 0)
      return std::nullopt;
    return value;
  }
  // Whole or decimal cores, exact to the millicore.
  std::size_t dot = text.find('.');
  std::string whole = text.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if ((whole.empty() && fraction.empty()) || fraction.size() > 3) return std::nullopt;
  int cores = 0, thousandths = 0;
  if (!whole.empty()) {
    auto [next, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), cores);
    if (ec != std::errc{} || next != whole.data() + whole.size() || cores < 0 ||
        cores > 1'000'000) {
      return std::nullopt;
    }
  }
  for (std::size_t i = 0; i < 3; ++i) {
    char c = i < fraction.size() ? fraction[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    thousandths = thousandths * 10 + (c - '0');
  }
  return cores * 1000 + thousandths;
}

void loadManifestText(const std::string& text, const std::string& name, Manifests& out,
                      Diagnostics& diagnostics) {
  if (text.size() > kMaxManifestBytes) {
    diagnostics.error({name, 0, 0}, "",
                      "file is " + std::to_string(text.size() / (1024 * 1024)) +
                          " MiB; manifests larger than 16 MiB are refused");
    return;
  }
  if (text.find('\0') != std::string::npos) {
    diagnostics.error({name, 0, 0}, "", "file contains NUL bytes: it is not YAML text");
    return;
  }
  if (!checkYamlSyntax(text, name, diagnostics)) return;
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    diagnostics.error(
        {name, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1},
        "", "not valid YAML: " + e.msg);
    return;
  }
  YamlReader reader(name, diagnostics);
  DocumentParser parser(reader, out);
  std::set<std::string> noticed;
  for (const YAML::Node& doc : documents) {
    if (!doc || doc.IsNull()) continue;  // empty documents (a trailing ---) are fine
    parser.parse(doc, noticed);
  }
}

void loadManifestFile(const std::string& path, Manifests& out, Diagnostics& diagnostics) {
  std::string text, error;
  if (!reports::readBoundedFile(path, kMaxManifestBytes, text, error)) {
    diagnostics.error({path, 0, 0}, "", "the file " + error);
    return;
  }
  loadManifestText(text, path, out, diagnostics);
}

}  // namespace kns::scenarios
