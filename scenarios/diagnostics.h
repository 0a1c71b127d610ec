// Errors, warnings and notices about input files, each with file, line, column and field path.
#pragma once

#include <string>
#include <vector>

namespace kns::scenarios {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based
};

enum class Severity { Error, Warning, Notice };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLocation where;
  std::string path;     // field path, e.g. "spec.ports[0].targetPort"
  std::string message;  // what is wrong and what would be right
  // "file:line:col: error: path: message", as compilers print.
  std::string str() const;
};

// Collects every problem of a load, so that a user sees all of them at once.
class Diagnostics {
 public:
  void error(SourceLocation where, std::string path, std::string message);
  void warning(SourceLocation where, std::string path, std::string message);
  void notice(SourceLocation where, std::string path, std::string message);
  bool hasErrors() const { return errors_ > 0; }
  std::size_t errorCount() const { return errors_; }
  const std::vector<Diagnostic>& all() const { return items_; }
  // One line per diagnostic.
  std::string str() const;

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
};

}  // namespace kns::scenarios
