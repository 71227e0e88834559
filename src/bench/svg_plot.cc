#include "src/bench/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace nce2vec {
namespace {

// Layout in SVG user units (pixels at 96 dpi).
constexpr double kPanelWidth = 700;
constexpr double kPanelHeight = 450;
constexpr double kPlotLeft = 80;    // room for the y tick labels and label
constexpr double kPlotRight = 200;  // room for the legend
constexpr double kPlotTop = 64;     // room for the panel title, y label
constexpr double kPlotBottom = 56;  // room for the x tick labels and label
constexpr double kTitleHeight = 44;
constexpr double kSubtitleHeight = 22;
constexpr char kFont[] = "DejaVu Sans, Helvetica, Arial, sans-serif";

// Okabe & Ito's palette, distinguishable with the common colour-vision
// deficiencies; yellow last, as it is faint on white.
constexpr const char* kPalette[] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                    "#e69f00", "#56b4e9", "#000000", "#f0e442"};
constexpr int kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);

std::string Escape(absl::string_view text) {
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

std::string Text(double x, double y, absl::string_view text, int size,
                 absl::string_view anchor, absl::string_view extra = "") {
  return absl::StrFormat(
      "<text x=\"%.1f\" y=\"%.1f\" font-family=\"%s\" font-size=\"%d\" "
      "text-anchor=\"%s\"%s>%s</text>\n",
      x, y, kFont, size, anchor, extra, Escape(text));
}

// "1.5k", "2M", "0.25": short enough for a tick.
std::string TickLabel(double v) {
  const double a = std::fabs(v);
  if (a >= 1e6) return absl::StrFormat("%.4gM", v / 1e6);
  if (a >= 1e4) return absl::StrFormat("%.4gk", v / 1e3);
  if (a > 0 && a < 1e-12) return "0";
  return absl::StrFormat("%.4g", v);
}

struct Axis {
  bool log = false;
  double lo = 0;
  double hi = 1;
  std::vector<double> ticks;

  double Transform(double v) const { return log ? std::log10(v) : v; }
  // Position of `v` between `from` (at lo) and `to` (at hi).
  double Map(double v, double from, double to) const {
    const double t0 = Transform(lo), t1 = Transform(hi);
    return from + (Transform(v) - t0) / (t1 - t0) * (to - from);
  }
  bool Drawable(double v) const { return std::isfinite(v) && (!log || v > 0); }
};

Axis LinearAxis(double lo, double hi) {
  Axis axis;
  if (hi - lo < 1e-12 * std::max(1.0, std::fabs(hi))) {
    const double pad = std::max(1e-3, std::fabs(lo) * 0.1);
    lo -= pad;
    hi += pad;
  }
  // A step of 1, 2 or 5 times a power of ten giving about 5 intervals.
  const double raw = (hi - lo) / 5;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * power;
    if (step >= raw) break;
  }
  axis.lo = std::floor(lo / step) * step;
  axis.hi = std::ceil(hi / step) * step;
  for (double t = axis.lo; t <= axis.hi + step * 1e-6; t += step) {
    axis.ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  }
  return axis;
}

Axis LogAxis(double lo, double hi) {
  Axis axis;
  axis.log = true;
  double e0 = std::log10(lo), e1 = std::log10(hi);
  const double pad = std::max(0.04 * (e1 - e0), e1 - e0 < 0.2 ? 0.15 : 0.0);
  e0 -= pad;
  e1 += pad;
  axis.lo = std::pow(10.0, e0);
  axis.hi = std::pow(10.0, e1);
  // Ticks at 1, 2, 5 x 10^n; all digits when that gives too few, decades
  // only when it gives too many.
  for (const std::vector<double>& mantissas :
       {std::vector<double>{1, 2, 5},
        std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9}}) {
    axis.ticks.clear();
    for (int n = static_cast<int>(std::floor(e0));
         n <= static_cast<int>(std::ceil(e1)); ++n) {
      for (double m : mantissas) {
        const double t = m * std::pow(10.0, n);
        if (t >= axis.lo && t <= axis.hi) axis.ticks.push_back(t);
      }
    }
    if (axis.ticks.size() >= 3) break;
  }
  if (axis.ticks.size() > 10) {
    std::vector<double> decades;
    for (double t : axis.ticks) {
      const double e = std::log10(t);
      if (std::fabs(e - std::round(e)) < 1e-9) decades.push_back(t);
    }
    if (decades.size() >= 2) axis.ticks = decades;
  }
  return axis;
}

// The axis spanning the drawable values of one coordinate of every series.
bool FitAxis(const Chart& chart, bool x, bool log, Axis* axis) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const Series& s : chart.series) {
    const bool horizontal = s.style == Series::Style::kHorizontal;
    if (horizontal && x) continue;
    const std::vector<double>& values = x ? s.x : s.y;
    const size_t n =
        horizontal ? std::min<size_t>(1, values.size()) : values.size();
    for (size_t i = 0; i < n; ++i) {
      const double spread =
          !x && i < s.y_spread.size() && std::isfinite(s.y_spread[i])
              ? s.y_spread[i]
              : 0;
      for (const double v : {values[i] - spread, values[i] + spread}) {
        if (!std::isfinite(v) || (log && v <= 0)) continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
  }
  if (!(lo <= hi)) return false;
  *axis = log ? LogAxis(lo, hi) : LinearAxis(lo, hi);
  return true;
}

// A marker shape per series index, so that series differ in more than
// colour.
std::string Marker(int index, double x, double y, const std::string& color) {
  const double r = 4.5;
  const std::string style = absl::StrFormat(
      "fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"1\"", color);
  switch (index % 4) {
    case 0:
      return absl::StrFormat(
          "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" %s/>\n", x, y, r, style);
    case 1:
      return absl::StrFormat(
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" %s/>\n",
          x - r, y - r, 2 * r, 2 * r, style);
    case 2:
      return absl::StrFormat(
          "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" %s/>\n", x, y - r * 1.2,
          x + r * 1.1, y + r * 0.8, x - r * 1.1, y + r * 0.8, style);
    default:
      return absl::StrFormat(
          "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" %s/>\n", x,
          y - r * 1.3, x + r * 1.3, y, x, y + r * 1.3, x - r * 1.3, y, style);
  }
}

std::string LineStyle(const std::string& color, bool dashed) {
  return absl::StrFormat(
      "fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
      "stroke-linejoin=\"round\"%s",
      color, dashed ? " stroke-dasharray=\"7 4\"" : "");
}

std::string RenderPanel(const Chart& chart, double left, double top) {
  std::string svg;
  const double x0 = left + kPlotLeft;
  const double x1 = left + kPanelWidth - kPlotRight;
  const double y0 = top + kPlotTop;
  const double y1 = top + kPanelHeight - kPlotBottom;
  absl::StrAppend(&svg, Text((x0 + x1) / 2, top + 24, chart.title, 15, "middle",
                             " font-weight=\"bold\""));
  Axis ax, ay;
  if (!FitAxis(chart, true, chart.log_x, &ax) ||
      !FitAxis(chart, false, chart.log_y, &ay)) {
    absl::StrAppend(&svg, Text((x0 + x1) / 2, (y0 + y1) / 2, "no data to plot",
                               14, "middle"));
    return svg;
  }
  auto px = [&](double v) { return ax.Map(v, x0, x1); };
  auto py = [&](double v) { return ay.Map(v, y1, y0); };

  // Grid, ticks and their labels.
  for (double t : ax.ticks) {
    absl::StrAppendFormat(
        &svg,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
        "stroke=\"#dddddd\" stroke-width=\"1\"/>\n",
        px(t), y0, px(t), y1);
    absl::StrAppend(&svg, Text(px(t), y1 + 17, TickLabel(t), 12, "middle"));
  }
  for (double t : ay.ticks) {
    absl::StrAppendFormat(
        &svg,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
        "stroke=\"#dddddd\" stroke-width=\"1\"/>\n",
        x0, py(t), x1, py(t));
    absl::StrAppend(&svg, Text(x0 - 6, py(t) + 4, TickLabel(t), 12, "end"));
  }
  absl::StrAppendFormat(&svg,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                        "height=\"%.1f\" fill=\"none\" stroke=\"#333333\"/>\n",
                        x0, y0, x1 - x0, y1 - y0);
  absl::StrAppend(&svg,
                  Text((x0 + x1) / 2, y1 + 40, chart.x_label, 13, "middle"));
  // Above the axis, unrotated: renderers disagree on rotated text.
  absl::StrAppend(&svg, Text(left + 12, y0 - 12, chart.y_label, 13, "start"));

  std::string legend;
  double legend_y = y0 + 10;
  int palette_index = 0;
  for (size_t i = 0; i < chart.series.size(); ++i) {
    const Series& s = chart.series[i];
    const std::string color =
        !s.color.empty() ? s.color : kPalette[palette_index++ % kPaletteSize];
    const bool line = s.style != Series::Style::kMarkers;
    const bool markers = s.style == Series::Style::kLineMarkers ||
                         s.style == Series::Style::kMarkers;
    const int shape = s.marker >= 0 ? s.marker : static_cast<int>(i);
    if (s.style == Series::Style::kHorizontal) {
      if (!s.y.empty() && !s.y_spread.empty() && std::isfinite(s.y_spread[0]) &&
          s.y_spread[0] > 0 && ay.Drawable(s.y[0] - s.y_spread[0]) &&
          ay.Drawable(s.y[0] + s.y_spread[0])) {
        const double top = py(s.y[0] + s.y_spread[0]);
        absl::StrAppendFormat(&svg,
                              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                              "height=\"%.1f\" fill=\"%s\" "
                              "fill-opacity=\"0.15\" stroke=\"none\"/>\n",
                              x0, top, x1 - x0,
                              py(s.y[0] - s.y_spread[0]) - top, color);
      }
      if (!s.y.empty() && ay.Drawable(s.y[0])) {
        absl::StrAppendFormat(
            &svg,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>\n", x0,
            py(s.y[0]), x1, py(s.y[0]), LineStyle(color, s.dashed));
      }
    } else {
      std::string path;
      bool pen_down = false;
      std::string marks;
      for (size_t k = 0; k < std::min(s.x.size(), s.y.size()); ++k) {
        if (!ax.Drawable(s.x[k]) || !ay.Drawable(s.y[k])) {
          pen_down = false;
          continue;
        }
        const double x = px(s.x[k]), y = py(s.y[k]);
        absl::StrAppendFormat(&path, "%s%.1f %.1f", pen_down ? "L" : "M", x, y);
        pen_down = true;
        if (k < s.y_spread.size() && std::isfinite(s.y_spread[k]) &&
            s.y_spread[k] > 0 && ay.Drawable(s.y[k] - s.y_spread[k]) &&
            ay.Drawable(s.y[k] + s.y_spread[k])) {
          const double top = py(s.y[k] + s.y_spread[k]);
          const double bottom = py(s.y[k] - s.y_spread[k]);
          absl::StrAppendFormat(
              &marks,
              "<path d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1fM%.1f "
              "%.1fL%.1f %.1f\" stroke=\"%s\" stroke-width=\"1.2\" "
              "fill=\"none\"/>\n",
              x, top, x, bottom, x - 4, top, x + 4, top, x - 4, bottom, x + 4,
              bottom, color);
        }
        if (markers) absl::StrAppend(&marks, Marker(shape, x, y, color));
        if (k < s.point_labels.size() && !s.point_labels[k].empty()) {
          absl::StrAppend(&marks,
                          Text(x + 7, y - 7, s.point_labels[k], 11, "start",
                               absl::StrCat(" fill=\"", color, "\"")));
        }
      }
      if (line && !path.empty()) {
        absl::StrAppendFormat(&svg, "<path d=\"%s\" %s/>\n", path,
                              LineStyle(color, s.dashed));
      }
      absl::StrAppend(&svg, marks);
    }
    // The legend entry: a sample of the line and marker, then the label.
    const double lx = x1 + 14;
    if (line) {
      absl::StrAppendFormat(
          &legend,
          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>\n", lx,
          legend_y, lx + 28, legend_y, LineStyle(color, s.dashed));
    }
    if (markers)
      absl::StrAppend(&legend, Marker(shape, lx + 14, legend_y, color));
    absl::StrAppend(&legend, Text(lx + 36, legend_y + 4, s.label, 12, "start"));
    legend_y += 20;
  }
  absl::StrAppend(&svg, legend);
  return svg;
}

}  // namespace

std::string RenderSvg(const Figure& figure) {
  const int columns = std::max(1, figure.columns);
  const int rows =
      (static_cast<int>(figure.panels.size()) + columns - 1) / columns;
  const double header =
      kTitleHeight + (figure.subtitle.empty() ? 0 : kSubtitleHeight);
  const double width =
      kPanelWidth *
      std::min<int>(columns, std::max<int>(1, figure.panels.size()));
  const double height = header + kPanelHeight * std::max(1, rows);
  std::string svg = absl::StrFormat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
      "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n"
      "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" "
      "fill=\"#ffffff\"/>\n",
      width, height, width, height, width, height);
  absl::StrAppend(&svg, Text(width / 2, 30, figure.title, 18, "middle",
                             " font-weight=\"bold\""));
  if (!figure.subtitle.empty()) {
    absl::StrAppend(&svg, Text(width / 2, 30 + kSubtitleHeight, figure.subtitle,
                               13, "middle", " fill=\"#444444\""));
  }
  for (size_t i = 0; i < figure.panels.size(); ++i) {
    const double left = kPanelWidth * static_cast<double>(i % columns);
    const double top = header + kPanelHeight * static_cast<double>(i / columns);
    absl::StrAppend(&svg, RenderPanel(figure.panels[i], left, top));
  }
  absl::StrAppend(&svg, "</svg>\n");
  return svg;
}

}  // namespace nce2vec
