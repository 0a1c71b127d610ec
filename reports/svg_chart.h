// Small inline SVG charts for the HTML report: no scripts, no network, readable when printed.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace kns::reports {

struct LineSeries {
  std::string name;
  std::string color;  // CSS colour
  std::vector<std::pair<double, double>> points;
};

struct ChartMark {
  double x = 0;
  std::string label;
};

struct LineChart {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<LineSeries> series;
  std::vector<ChartMark> marks;  // vertical dashed lines with a label (timeline events)
  double y_min = 0;
  double y_max = -1;  // < y_min: from the data
  double x_min = 0;
  double x_max = -1;  // < x_min: from the data
  // A logarithmic y axis (latencies spanning microseconds to seconds); y_min must be > 0 then.
  bool y_log = false;
};

struct Bar {
  std::string label;
  double value = 0;
  std::string color;
  std::string note;  // tooltip
};

struct BarChart {
  std::string title;
  std::string y_label;
  std::vector<Bar> bars;
  double reference = -1;  // a horizontal dashed line (the mean), when >= 0
  std::string reference_label;
};

std::string renderSvg(const LineChart& chart, int width = 880, int height = 300);
std::string renderSvg(const BarChart& chart, int width = 880, int height = 280);

// Text made safe for HTML and SVG.
std::string escapeXml(const std::string& text);
// Round axis steps: 1, 2 or 5 times a power of ten, about `count` ticks over [low, high].
std::vector<double> niceTicks(double low, double high, int count);

}  // namespace kns::reports
