#include "gui/lessons.h"

#include <sstream>

namespace kns::gui {
namespace {

std::string trim(const std::string& s) {
  std::size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r") - a + 1);
}

}  // namespace

Lesson lessonFromScenarioText(const std::string& text) {
  Lesson lesson;
  std::istringstream in(text);
  std::string line;
  std::string paragraph;
  auto endParagraph = [&] {
    if (paragraph.empty()) return;
    const std::string label = "What to watch:";
    if (paragraph.rfind(label, 0) == 0) {
      lesson.what_to_watch = trim(paragraph.substr(label.size()));
    } else {
      lesson.body += (lesson.body.empty() ? "" : "\n\n") + paragraph;
    }
    paragraph.clear();
  };
  while (std::getline(in, line)) {
    std::string t = trim(line);
    if (t.empty() && lesson.title.empty()) continue;
    if (t.empty() || t[0] != '#') break;  // the block ends at the first line of YAML
    std::string content = trim(t.substr(1));
    if (lesson.title.empty()) {
      lesson.title = content;
      continue;
    }
    if (content.empty()) {
      endParagraph();
    } else {
      paragraph += (paragraph.empty() ? "" : " ") + content;
    }
  }
  endParagraph();
  return lesson;
}

}  // namespace kns::gui
