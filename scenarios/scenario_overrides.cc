#include "scenarios/scenario_overrides.h"

#include "scenarios/schema_reader.h"

namespace kns::scenarios {

void applyOverride(proto::Scenario& scenario, const std::string& assignment,
                   const std::string& file, Diagnostics& diagnostics) {
  SourceLocation where{"--set", 0, 0};
  std::size_t equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0) {
    diagnostics.error(where, assignment, "expected path=value, e.g. spec.cluster.nodes.count=12");
    return;
  }
  std::string path = assignment.substr(0, equals);
  std::string value = assignment.substr(equals + 1);
  pb::Message* message = &scenario;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = path.find('.', start);
    std::string part =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    int index = -1;
    std::size_t bracket = part.find('[');
    if (bracket != std::string::npos) {
      std::string digits = part.substr(bracket + 1);
      bool closed = !digits.empty() && digits.back() == ']';
      if (closed) digits.pop_back();
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (!closed || digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() ||
          index < 0) {
        diagnostics.error(where, path,
                          "'" + part + "' is not list[index] with a number, e.g. traffic[0]");
        return;
      }
      part = part.substr(0, bracket);
    }
    const pb::Descriptor* d = message->GetDescriptor();
    const pb::FieldDescriptor* field = nullptr;
    for (int i = 0; i < d->field_count(); ++i) {
      if (d->field(i)->json_name() == part) field = d->field(i);
    }
    if (field == nullptr) {
      diagnostics.error(where, path, "'" + part + "' is not a field of " + d->name());
      return;
    }
    const pb::Reflection* r = message->GetReflection();
    bool last = dot == std::string::npos;
    if (field->is_map()) {
      // The rest of the path is the key, dots and all: selector.app.kubernetes.io/name=web.
      if (last || dot + 1 >= path.size()) {
        diagnostics.error(where, path, "'" + part + "' is a map; name a key: " + path + ".<key>");
        return;
      }
      std::string key = path.substr(dot + 1);
      const pb::Descriptor* entry = field->message_type();
      pb::Message* slot = nullptr;
      for (int i = 0; i < r->FieldSize(*message, field); ++i) {
        pb::Message* e = r->MutableRepeatedMessage(message, field, i);
        if (e->GetReflection()->GetString(*e, entry->FindFieldByName("key")) == key) slot = e;
      }
      if (slot == nullptr) {
        slot = r->AddMessage(message, field);
        slot->GetReflection()->SetString(slot, entry->FindFieldByName("key"), key);
      }
      slot->GetReflection()->SetString(slot, entry->FindFieldByName("value"), value);
      return;
    }
    if (field->is_repeated()) {
      if (index < 0 || index >= r->FieldSize(*message, field)) {
        diagnostics.error(where, path,
                          part + " has " + std::to_string(r->FieldSize(*message, field)) +
                              " entries; there is no [" + std::to_string(index) + "]");
        return;
      }
      if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
        if (last) r->SetRepeatedString(message, field, index, value);
        return;
      }
      message = r->MutableRepeatedMessage(message, field, index);
    } else if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      message = r->MutableMessage(message, field);
    } else {
      if (!last) {
        diagnostics.error(where, path, "'" + part + "' is a value, not a section");
        return;
      }
      // Read the value as if it were written in the file, with the same conversions.
      Diagnostics local;
      std::map<std::string, SourceLocation> ignored;
      SchemaReader reader(file, local, ignored);
      YAML::Node node;
      node[part] = value;
      reader.fill(node, *message, "");
      for (const Diagnostic& diag : local.all()) diagnostics.error(where, path, diag.message);
      return;
    }
    if (last) {
      diagnostics.error(where, path, "'" + part + "' is a section; name one of its fields");
      return;
    }
    start = dot + 1;
  }
}

}  // namespace kns::scenarios
