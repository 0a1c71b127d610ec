// spec.include: scenarios built on shared files (one cluster and set of manifests, many
// traffic variants). Merged by reflection, so a new schema field needs no code here.
#include <algorithm>
#include <filesystem>

#include "scenarios/scenario_reader.h"

namespace kns::scenarios {
namespace {

namespace pb = google::protobuf;
namespace fs = std::filesystem;

constexpr std::size_t kMaxIncludeDepth = 16;

void copyScalar(pb::Message& to, const pb::Message& from, const pb::FieldDescriptor* field) {
  const pb::Reflection* in = from.GetReflection();
  const pb::Reflection* out = to.GetReflection();
  switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING:
      out->SetString(&to, field, in->GetString(from, field));
      break;
    case pb::FieldDescriptor::CPPTYPE_INT32:
      out->SetInt32(&to, field, in->GetInt32(from, field));
      break;
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      out->SetUInt64(&to, field, in->GetUInt64(from, field));
      break;
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      out->SetDouble(&to, field, in->GetDouble(from, field));
      break;
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      out->SetBool(&to, field, in->GetBool(from, field));
      break;
    default:
      break;  // the schema has no other scalar types
  }
}

// Puts every field set in `top` over `base`. Lists are joined when `join_lists` (the top level
// of spec) and replaced otherwise (zones inside cluster.nodes, a selector map).
void overlay(pb::Message& base, const pb::Message& top, bool join_lists) {
  const pb::Reflection* in = top.GetReflection();
  const pb::Reflection* out = base.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  in->ListFields(top, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    if (field->is_repeated()) {
      if (!join_lists) out->ClearField(&base, field);
      for (int i = 0; i < in->FieldSize(top, field); ++i) {
        if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
          out->AddMessage(&base, field)->CopyFrom(in->GetRepeatedMessage(top, field, i));
        } else {
          out->AddString(&base, field, in->GetRepeatedString(top, field, i));
        }
      }
    } else if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      overlay(*out->MutableMessage(&base, field), in->GetMessage(top, field), false);
    } else {
      copyScalar(base, top, field);
    }
  }
}

// "spec.traffic[2].arrivals.rate" with `offsets` {traffic: 3} -> "spec.traffic[5].arrivals.rate".
std::string shiftListIndex(const std::string& path, const std::map<std::string, int>& offsets) {
  const std::string prefix = "spec.";
  if (path.compare(0, prefix.size(), prefix) != 0) return path;
  std::size_t bracket = path.find('[', prefix.size());
  std::size_t dot = path.find('.', prefix.size());
  if (bracket == std::string::npos || (dot != std::string::npos && dot < bracket)) return path;
  auto offset = offsets.find(path.substr(prefix.size(), bracket - prefix.size()));
  if (offset == offsets.end()) return path;
  std::size_t close = path.find(']', bracket);
  int index = std::stoi(path.substr(bracket + 1, close - bracket - 1));
  return path.substr(0, bracket + 1) + std::to_string(index + offset->second) + path.substr(close);
}

// Puts `top` (a spec with its locations) over the accumulated `base`.
void mergeSpec(proto::Scenario& base, std::map<std::string, SourceLocation>& base_locations,
               const proto::Scenario& top,
               const std::map<std::string, SourceLocation>& top_locations) {
  std::map<std::string, int> offsets;  // list json name -> entries already in base
  const pb::Descriptor* spec = proto::ScenarioSpec::descriptor();
  const pb::Reflection* r = base.spec().GetReflection();
  for (int i = 0; i < spec->field_count(); ++i) {
    const pb::FieldDescriptor* field = spec->field(i);
    if (field->is_repeated()) offsets[field->json_name()] = r->FieldSize(base.spec(), field);
  }
  overlay(*base.mutable_spec(), top.spec(), true);
  for (const auto& [path, where] : top_locations) {
    if (path.compare(0, 5, "spec.") == 0) base_locations[shiftListIndex(path, offsets)] = where;
  }
}

std::string canonical(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::path(path), ec);
  return ec ? path : p.string();
}

// Manifest files named by an included file are relative to that file.
void rebaseManifestFiles(proto::Scenario& scenario, const fs::path& directory) {
  for (proto::ManifestSource& m : *scenario.mutable_spec()->mutable_manifests()) {
    if (!m.file().empty() && fs::path(m.file()).is_relative()) {
      m.set_file(fs::absolute(directory / m.file()).lexically_normal().string());
    }
  }
}

}  // namespace

void resolveIncludes(proto::Scenario& scenario, std::map<std::string, SourceLocation>& locations,
                     const std::string& directory, std::vector<std::string>& chain,
                     Diagnostics& diagnostics, IncludeBudget* budget) {
  if (scenario.spec().include_size() == 0) return;
  IncludeBudget own;
  if (budget == nullptr) budget = &own;
  proto::Scenario base;
  std::map<std::string, SourceLocation> base_locations;
  for (int i = 0; i < scenario.spec().include_size(); ++i) {
    std::string field_path = "spec.include[" + std::to_string(i) + "]";
    auto at = locations.find(field_path);
    SourceLocation where = at != locations.end() ? at->second : SourceLocation{};
    fs::path file = fs::path(directory) / scenario.spec().include(i);
    std::string key = canonical(file.string());
    std::vector<std::string> canonical_chain;
    for (const std::string& f : chain) canonical_chain.push_back(canonical(f));
    if (std::find(canonical_chain.begin(), canonical_chain.end(), key) != canonical_chain.end()) {
      std::string cycle;
      for (const std::string& f : chain) cycle += f + " -> ";
      diagnostics.error(where, field_path, "include cycle: " + cycle + file.string());
      continue;
    }
    if (chain.size() >= kMaxIncludeDepth) {
      diagnostics.error(where, field_path,
                        "includes nest more than " + std::to_string(kMaxIncludeDepth) + " deep");
      continue;
    }
    if (budget->reads >= kMaxIncludeReads) {
      diagnostics.error(where, field_path,
                        "the includes read more than " + std::to_string(kMaxIncludeReads) +
                            " files in all (the same file included along many paths counts "
                            "each time); include shared files once");
      return;
    }
    std::string text;
    if (!readScenarioSource(file.string(), where, text, diagnostics)) continue;
    ++budget->reads;
    budget->bytes += text.size();
    if (budget->bytes > kMaxIncludeBytes) {
      diagnostics.error(where, field_path,
                        "the includes hold more than " +
                            std::to_string(kMaxIncludeBytes / (1024 * 1024)) + " MiB in all");
      return;
    }
    proto::Scenario included;
    std::map<std::string, SourceLocation> included_locations;
    if (!readScenarioDocument(text, file.string(), included, included_locations, diagnostics)) {
      continue;
    }
    chain.push_back(file.string());
    resolveIncludes(included, included_locations, file.parent_path().string(), chain, diagnostics,
                    budget);
    chain.pop_back();
    rebaseManifestFiles(included, file.parent_path());
    included.mutable_spec()->clear_include();
    mergeSpec(base, base_locations, included, included_locations);
  }
  mergeSpec(base, base_locations, scenario, locations);
  base.mutable_spec()->clear_include();
  *scenario.mutable_spec() = base.spec();
  std::erase_if(locations, [](const auto& entry) { return entry.first.rfind("spec.", 0) == 0; });
  locations.insert(base_locations.begin(), base_locations.end());
}

}  // namespace kns::scenarios
