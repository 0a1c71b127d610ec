#include "reports/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kns::reports {
namespace {

constexpr int kLeft = 64, kRight = 16, kTop = 34, kBottom = 46;

std::string tickLabel(double value) {
  if (value != 0 && std::abs(value) < 0.01) return fmt::format("{:.3g}", value);
  return fmt::format("{:.6g}", value);
}

}  // namespace

std::string escapeXml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<double> niceTicks(double low, double high, int count) {
  if (!(high > low)) high = low + 1;
  double raw = (high - low) / std::max(count, 1);
  double magnitude = std::pow(10, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  for (double t = std::ceil(low / step) * step; t <= high + step * 1e-9; t += step) {
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0 : t);
  }
  return ticks;
}

std::string renderSvg(const LineChart& chart, int width, int height) {
  double x_min = 0, x_max = 1, y_min = chart.y_min, y_max = chart.y_max;
  bool any = false;
  double data_max = y_min, data_min = 0;
  for (const LineSeries& s : chart.series) {
    for (const auto& [x, y] : s.points) {
      x_min = any ? std::min(x_min, x) : x;
      x_max = any ? std::max(x_max, x) : x;
      data_min = any ? std::min(data_min, y) : y;
      data_max = std::max(data_max, y);
      any = true;
    }
  }
  if (chart.x_max >= chart.x_min) {
    x_min = chart.x_min;
    x_max = chart.x_max;
  }
  if (chart.y_log) {
    // Whole decades around the data.
    double low = std::max(data_min, 1e-3);
    y_min = std::pow(10, std::floor(std::log10(any ? low : 1.0)));
    y_max = std::pow(10, std::ceil(std::log10(std::max(data_max, y_min * 10))));
  } else if (y_max < y_min) {
    y_max = data_max > y_min ? data_max * 1.05 : y_min + 1;
  }
  if (x_max <= x_min) x_max = x_min + 1;
  double plot_w = width - kLeft - kRight, plot_h = height - kTop - kBottom;
  auto px = [&](double x) { return kLeft + (x - x_min) / (x_max - x_min) * plot_w; };
  auto fraction = [&](double y) {
    y = std::clamp(y, y_min, y_max);
    if (chart.y_log)
      return (std::log10(y) - std::log10(y_min)) / (std::log10(y_max) - std::log10(y_min));
    return (y - y_min) / (y_max - y_min);
  };
  auto py = [&](double y) { return kTop + plot_h - fraction(y) * plot_h; };
  std::vector<double> y_ticks;
  if (chart.y_log) {
    for (double t = y_min; t <= y_max * 1.0001; t *= 10) y_ticks.push_back(t);
  } else {
    y_ticks = niceTicks(y_min, y_max, 5);
  }
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" "
      "height=\"{1}\" role=\"img\" aria-label=\"{2}\" font-family=\"sans-serif\" "
      "font-size=\"12\">\n<text x=\"{3}\" y=\"20\" font-size=\"14\" "
      "font-weight=\"bold\">{2}</text>\n",
      width, height, escapeXml(chart.title), kLeft);
  for (double t : y_ticks) {
    svg += fmt::format(
        "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#e3e3e3\"/>"
        "<text x=\"{3}\" y=\"{4:.1f}\" text-anchor=\"end\">{5}</text>\n",
        kLeft, width - kRight, py(t), kLeft - 6, py(t) + 4, tickLabel(t));
  }
  for (double t : niceTicks(x_min, x_max, 10)) {
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", px(t),
                       height - kBottom + 16, tickLabel(t));
  }
  svg += fmt::format(
      "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n"
      "<text transform=\"translate(14,{:.1f}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n",
      kLeft + plot_w / 2, height - 8, escapeXml(chart.x_label), kTop + plot_h / 2,
      escapeXml(chart.y_label));
  svg += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"none\" "
      "stroke=\"#999\"/>\n",
      kLeft, kTop, plot_w, plot_h);
  for (std::size_t i = 0; i < chart.marks.size(); ++i) {
    const ChartMark& m = chart.marks[i];
    double x = px(m.x);
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2:.1f}\" stroke=\"#b35900\" "
        "stroke-dasharray=\"4 3\"><title>{3}</title></line>"
        "<text x=\"{4:.1f}\" y=\"{5}\" fill=\"#b35900\" font-size=\"11\">{3}</text>\n",
        x, kTop, kTop + plot_h, escapeXml(m.label), x + 3, kTop + 12 + 13 * (i % 4));
  }
  double legend_x = width - kRight - 8;
  for (std::size_t i = chart.series.size(); i-- > 0;) {
    const LineSeries& s = chart.series[i];
    std::string path;
    for (const auto& [x, y] : s.points) {
      path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", px(x), py(y));
    }
    if (!path.empty()) {
      svg += fmt::format(
          "<path d=\"{}\" fill=\"none\" stroke=\"{}\" "
          "stroke-width=\"1.6\"><title>{}</title></path>\n",
          path, s.color, escapeXml(s.name));
    }
    double text_width = 7.0 * static_cast<double>(s.name.size()) + 22;
    legend_x -= text_width;
    svg += fmt::format(
        "<rect x=\"{0:.1f}\" y=\"12\" width=\"14\" height=\"4\" fill=\"{1}\"/><text x=\"{2:.1f}\" "
        "y=\"18\">{3}</text>\n",
        legend_x, s.color, legend_x + 18, escapeXml(s.name));
  }
  return svg + "</svg>\n";
}

std::string renderSvg(const BarChart& chart, int width, int height) {
  double y_max = 0;
  for (const Bar& b : chart.bars) y_max = std::max(y_max, b.value);
  y_max = std::max(y_max * 1.25, 1.0);  // headroom for the reference line's label
  double plot_w = width - kLeft - kRight, plot_h = height - kTop - kBottom - 20;
  auto py = [&](double y) { return kTop + plot_h - y / y_max * plot_h; };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" "
      "height=\"{1}\" role=\"img\" aria-label=\"{2}\" font-family=\"sans-serif\" "
      "font-size=\"12\">\n<text x=\"{3}\" y=\"20\" font-size=\"14\" "
      "font-weight=\"bold\">{2}</text>\n",
      width, height, escapeXml(chart.title), kLeft);
  for (double t : niceTicks(0, y_max, 5)) {
    svg += fmt::format(
        "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#e3e3e3\"/>"
        "<text x=\"{3}\" y=\"{4:.1f}\" text-anchor=\"end\">{5}</text>\n",
        kLeft, width - kRight, py(t), kLeft - 6, py(t) + 4, tickLabel(t));
  }
  svg += fmt::format(
      "<text transform=\"translate(14,{:.1f}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n",
      kTop + plot_h / 2, escapeXml(chart.y_label));
  std::size_t n = std::max<std::size_t>(chart.bars.size(), 1);
  double slot = plot_w / static_cast<double>(n);
  double bar_w = std::clamp(slot * 0.7, 2.0, 80.0);
  std::size_t longest = 0;
  for (const Bar& b : chart.bars) longest = std::max(longest, b.label.size());
  bool rotate = slot < 7.0 * static_cast<double>(longest) + 8;  // labels would overlap
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const Bar& b = chart.bars[i];
    double x = kLeft + slot * static_cast<double>(i) + (slot - bar_w) / 2;
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
        "<title>{}: {:.6g}{}</title></rect>\n",
        x, py(b.value), bar_w, kTop + plot_h - py(b.value), b.color.empty() ? "#3b75af" : b.color,
        escapeXml(b.label), b.value, b.note.empty() ? "" : " (" + escapeXml(b.note) + ")");
    double cx = x + bar_w / 2, ly = kTop + plot_h + 14;
    if (rotate && chart.bars.size() <= 60) {
      svg += fmt::format(
          "<text transform=\"translate({:.1f},{:.1f}) rotate(30)\" font-size=\"10\">{}</text>\n",
          cx - 3, ly - 4, escapeXml(b.label));
    } else if (!rotate) {
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", cx,
                         ly, escapeXml(b.label));
    }
  }
  if (chart.reference >= 0) {
    svg += fmt::format(
        "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#b35900\" "
        "stroke-dasharray=\"5 3\"/><text x=\"{3}\" y=\"{4}\" text-anchor=\"end\" "
        "fill=\"#b35900\" font-size=\"11\">- - {5}</text>\n",
        kLeft, width - kRight, py(chart.reference), width - kRight - 4, kTop + 12,
        escapeXml(chart.reference_label));
  }
  return svg + "</svg>\n";
}

}  // namespace kns::reports
