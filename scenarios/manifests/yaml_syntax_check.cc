// YAML syntax pre-check with libyaml's event parser.
#include "scenarios/manifests/yaml_syntax_check.h"

#include <yaml.h>

#include <algorithm>
#include <map>
#include <vector>

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
  // Expanded sizes: each open collection's count so far (with its anchor), each anchor's size.
  struct Open {
    std::string anchor;
    std::uint64_t nodes = 1;
  };
  std::vector<Open> open;
  std::map<std::string, std::uint64_t> anchors;
  std::uint64_t total = 0;
  auto add = [&](std::uint64_t nodes) {
    std::uint64_t& into = open.empty() ? total : open.back().nodes;
    into = std::min(into + nodes, kMaxYamlExpandedNodes + 1);  // saturates: no overflow
  };
  auto anchorOf = [](const unsigned char* a) {
    return a == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(a));
  };
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
      open.push_back({anchorOf(type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor
                                                                 : event.data.mapping_start.anchor),
                      1});
    } else if (type == YAML_SEQUENCE_END_EVENT || type == YAML_MAPPING_END_EVENT) {
      --depth;
      Open done = open.back();
      open.pop_back();
      if (!done.anchor.empty()) anchors[done.anchor] = done.nodes;
      add(done.nodes);
    } else if (type == YAML_SCALAR_EVENT) {
      if (depth == 0 && (event.data.scalar.tag != nullptr || event.data.scalar.anchor != nullptr)) {
        // A document that is one scalar with a tag or an anchor (`!a x`), continued on a line
        // starting with `!` or `&` and holding a comma, sends yaml-cpp 0.7 into an endless
        // loop that allocates gigabytes (found by the scenario fuzzer). Such a document is
        // never a scenario or a manifest, which are mappings: refuse it here.
        diagnostics.error({file, static_cast<int>(event.start_mark.line) + 1,
                           static_cast<int>(event.start_mark.column) + 1},
                          "",
                          "this document is a single value with a YAML tag or anchor; a scenario "
                          "or a Kubernetes manifest is a mapping (apiVersion: ..., kind: ...)");
        yaml_event_delete(&event);
        ok = false;
        break;
      }
      std::string anchor = anchorOf(event.data.scalar.anchor);
      if (!anchor.empty()) anchors[anchor] = 1;
      add(1);
    } else if (type == YAML_ALIAS_EVENT) {
      auto it = anchors.find(anchorOf(event.data.alias.anchor));
      add(it == anchors.end() ? 1 : it->second);
    }
    if (total > kMaxYamlExpandedNodes ||
        (!open.empty() && open.back().nodes > kMaxYamlExpandedNodes)) {
      diagnostics.error({file, static_cast<int>(event.start_mark.line) + 1,
                         static_cast<int>(event.start_mark.column) + 1},
                        "",
                        "its aliases expand to more than " + std::to_string(kMaxYamlExpandedNodes) +
                            " nodes (an alias bomb?); write the repeated parts out or share less");
      yaml_event_delete(&event);
      ok = false;
      break;
    }
    yaml_event_delete(&event);
    if (type == YAML_STREAM_END_EVENT) break;
  }
  yaml_parser_delete(&parser);
  return ok;
}

}  // namespace kns::scenarios
