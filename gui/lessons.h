// The lesson an example scenario carries: the comment block at the top of its file, whose first
// line is the title and whose "What to watch:" paragraph tells a learner where to look.
#pragma once

#include <string>

namespace kns::gui {

struct Lesson {
  std::string title;
  std::string body;           // the rest of the comment, paragraphs separated by blank lines
  std::string what_to_watch;  // the "What to watch:" paragraph, without the label; may be empty
  bool empty() const { return title.empty() && body.empty(); }
};

// Reads the leading `#` comment block of a scenario's text (nothing when it has none).
Lesson lessonFromScenarioText(const std::string& text);

}  // namespace kns::gui
