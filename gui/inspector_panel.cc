#include "gui/inspector_panel.h"

#include <QScrollBar>

namespace kns::gui {
namespace {
QString esc(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }
}  // namespace

InspectorPanel::InspectorPanel(QWidget* parent) : QTextBrowser(parent) {
  setOpenLinks(false);
  document()->setDefaultStyleSheet("body, td, th { font-size: 12px; }");
  setPlaceholderText(
      "Click a pod, node, Service, load balancer, ingress controller or a moving "
      "request dot to see its state here.");
}

QString InspectorPanel::html(const Inspector& inspector) {
  if (inspector.title.empty() && inspector.sections.empty()) return QString();
  QString out = "<h3 style='margin:2px 0 6px 0'>" + esc(inspector.title) + "</h3>";
  for (const Section& s : inspector.sections) {
    if (!s.title.empty()) {
      // An anchor per section ("Journey, hop by hop" -> #journey) to scroll to.
      QString anchor = esc(s.title).section(' ', 0, 0).toLower().remove(',');
      out += "<p style='margin:8px 0 2px 0'><a name='" + anchor + "'></a><b>" + esc(s.title) +
             "</b></p>";
    }
    for (const std::string& line : s.lines) {
      out += "<div style='font-family:monospace; white-space:pre-wrap'>" + esc(line) + "</div>";
    }
    if (s.rows.empty()) continue;
    out += "<table border='1' cellspacing='0' cellpadding='3' style='border-color:#bbb'>";
    if (!s.header.empty()) {
      out += "<tr style='background:#eef2f8'>";
      for (const std::string& h : s.header) out += "<th align='left'>" + esc(h) + "</th>";
      out += "</tr>";
    }
    for (const auto& row : s.rows) {
      out += "<tr>";
      // A cell's first line is its heading, the rest (after a newline) its explanation.
      for (const std::string& cell : row) {
        QString text = esc(cell);
        int nl = text.indexOf('\n');
        if (nl >= 0)
          text = "<b>" + text.left(nl) + "</b><br>" + text.mid(nl + 1).replace('\n', "<br>");
        out += "<td valign='top'>" + text + "</td>";
      }
      out += "</tr>";
    }
    out += "</table>";
  }
  return out;
}

void InspectorPanel::show(const Inspector& inspector) {
  QString next = html(inspector);
  if (next == shown_) return;
  shown_ = next;
  int scroll = verticalScrollBar()->value();
  setHtml(next);
  verticalScrollBar()->setValue(scroll);
}

}  // namespace kns::gui
