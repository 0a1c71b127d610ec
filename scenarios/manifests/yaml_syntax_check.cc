// YAML syntax pre-check with libyaml's event parser.
#include "scenarios/manifests/yaml_syntax_check.h"

#include <yaml.h>

namespace kns::scenarios {

bool checkYamlSyntax(const std::string& text, const std::string& file, Diagnostics& diagnostics) {
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    diagnostics.error({file, 0, 0}, "", "out of memory while reading YAML");
    return false;
  }
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  bool ok = true;
  int depth = 0;
  for (;;) {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser, &event)) {
      std::string problem = parser.problem != nullptr ? parser.problem : "malformed YAML";
      if (parser.context != nullptr) problem = std::string(parser.context) + ": " + problem;
      diagnostics.error({file, static_cast<int>(parser.problem_mark.line) + 1,
                         static_cast<int>(parser.problem_mark.column) + 1},
                        "", "not valid YAML: " + problem);
      ok = false;
      break;
    }
    yaml_event_type_t type = event.type;
    if (type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT) {
      if (++depth > kMaxYamlDepth) {
        diagnostics.error({file, static_cast<int>(event.start_mark.line) + 1,
                           static_cast<int>(event.start_mark.column) + 1},
                          "", "nested more than " + std::to_string(kMaxYamlDepth) + " levels deep");
        yaml_event_delete(&event);
        ok = false;
        break;
      }
    } else if (type == YAML_SEQUENCE_END_EVENT || type == YAML_MAPPING_END_EVENT) {
      --depth;
    }
    yaml_event_delete(&event);
    if (type == YAML_STREAM_END_EVENT) break;
  }
  yaml_parser_delete(&parser);
  return ok;
}

}  // namespace kns::scenarios
