// Formatting and collection of diagnostics.
#include "scenarios/diagnostics.h"

#include <cstdio>

namespace kns::scenarios {
namespace {

// Input text quoted in a message must not drive the user's terminal: control characters (ESC
// sequences, carriage returns, bells) are shown as \xNN.
std::string printable(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string Diagnostic::str() const {
  const char* label = severity == Severity::Error     ? "error"
                      : severity == Severity::Warning ? "warning"
                                                      : "note";
  std::string out = where.file;
  if (where.line > 0) {
    out.append(":").append(std::to_string(where.line));
    out.append(":").append(std::to_string(where.column));
  }
  out.append(": ").append(label).append(": ");
  if (!path.empty()) out.append(path).append(": ");
  out.append(message);
  return printable(out);
}

void Diagnostics::error(SourceLocation where, std::string path, std::string message) {
  items_.push_back({Severity::Error, std::move(where), std::move(path), std::move(message)});
  ++errors_;
}

void Diagnostics::warning(SourceLocation where, std::string path, std::string message) {
  items_.push_back({Severity::Warning, std::move(where), std::move(path), std::move(message)});
}

void Diagnostics::notice(SourceLocation where, std::string path, std::string message) {
  items_.push_back({Severity::Notice, std::move(where), std::move(path), std::move(message)});
}

std::string Diagnostics::str() const {
  std::string out;
  for (const Diagnostic& d : items_) out += d.str() + "\n";
  return out;
}

}  // namespace kns::scenarios
