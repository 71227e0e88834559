// A small SVG chart writer for the bench's plots: line and scatter charts
// with linear or logarithmic axes, labelled ticks, a title and a legend,
// laid out as one or several panels in a figure. Self-contained SVG 1.1 (no
// scripts, no external fonts), so browsers, rsvg-convert and ImageMagick all
// render it.
#ifndef NCE2VEC_BENCH_SVG_PLOT_H_
#define NCE2VEC_BENCH_SVG_PLOT_H_

#include <string>
#include <vector>

namespace nce2vec {

struct Series {
  enum class Style {
    kLine,         // points joined in order
    kLineMarkers,  // joined, each point marked
    kMarkers,      // marked only
    kHorizontal,   // a line across the panel at y[0]
  };
  std::string label;  // in the legend
  std::vector<double> x;
  std::vector<double> y;
  // Empty, or the spread of each y (a standard deviation over seeds): drawn
  // as an error bar y ± spread at each point, and as a band for kHorizontal.
  std::vector<double> y_spread;
  // Empty, or one short text per point written beside its marker.
  std::vector<std::string> point_labels;
  Style style = Style::kLineMarkers;
  bool dashed = false;
  // An SVG colour ("#0072b2"); "" takes the next of a colour-blind-safe
  // palette.
  std::string color;
  // The marker shape's index; -1 takes the series' position in its chart.
  // Set it when one series appears in several panels, so it keeps its shape.
  int marker = -1;
};

struct Chart {
  std::string title;
  std::string x_label;  // with the unit, e.g. "wall time (s)"
  std::string y_label;
  bool log_x = false;
  bool log_y = false;
  std::vector<Series> series;
};

struct Figure {
  std::string title;     // above every panel
  std::string subtitle;  // a smaller line under the title, or ""
  std::vector<Chart> panels;
  int columns = 1;
};

// Points that cannot be drawn (NaN, Inf, or <= 0 on a log axis) are left out
// and break a line. A panel with no point says so instead of drawing axes.
std::string RenderSvg(const Figure& figure);

}  // namespace nce2vec

#endif  // NCE2VEC_BENCH_SVG_PLOT_H_
