// The SVG chart writer: well-formed output, axes that fit the data, and
// points that cannot be drawn left out.
#include <cmath>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/bench/svg_plot.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t p = text.find(what); p != std::string::npos;
       p = text.find(what, p + 1)) {
    ++n;
  }
  return n;
}

bool WellFormedXml(const std::string& svg) {
  const std::string dir = testing::TempDir();
  const std::string path = testing::WriteTempFile(dir, "plot.svg", svg);
  std::string output;
  return testing::RunCommand(
             "python3 -c 'import xml.etree.ElementTree as E; E.parse(\"" +
                 path + "\")'",
             &output) == 0;
}

Figure OneChart(Chart chart) {
  Figure figure;
  figure.title = "A <title> & more";
  figure.panels.push_back(std::move(chart));
  return figure;
}

TEST(SvgPlotTest, WellFormedWithEscapedText) {
  Chart chart;
  chart.title = "loss \"per\" pair";
  chart.x_label = "time (s) < 1 & > 0";
  chart.y_label = "loss (nats)";
  Series s;
  s.label = "nce <k=5>";
  s.x = {0, 1, 2};
  s.y = {3, 2, 1.5};
  s.point_labels = {"a&b", "", "c"};
  chart.series.push_back(s);
  const std::string svg = RenderSvg(OneChart(chart));
  EXPECT_TRUE(WellFormedXml(svg)) << svg;
  EXPECT_THAT(svg, HasSubstr("A &lt;title&gt; &amp; more"));
  EXPECT_THAT(svg, HasSubstr("nce &lt;k=5&gt;"));
  EXPECT_THAT(svg, HasSubstr("time (s) &lt; 1 &amp; &gt; 0"));
  EXPECT_THAT(svg, HasSubstr("a&amp;b"));
  EXPECT_EQ(Count(svg, "<circle"), 3 + 1);  // the points and the legend's
}

TEST(SvgPlotTest, ExplicitMarkerOverridesTheSeriesPosition) {
  Chart chart;
  Series first;
  first.x = {0, 1};
  first.y = {1, 2};
  Series second = first;  // its position, 1, draws squares
  chart.series = {first, second};
  const std::string by_position = RenderSvg(OneChart(chart));
  chart.series[1].marker = 0;  // as in another panel where it came first
  const std::string overridden = RenderSvg(OneChart(chart));
  EXPECT_EQ(Count(by_position, "<circle"), 2 + 1);  // points and legend
  EXPECT_EQ(Count(overridden, "<circle"), 2 * (2 + 1));
  EXPECT_EQ(Count(overridden, "<rect"), Count(by_position, "<rect") - (2 + 1));
}

TEST(SvgPlotTest, LogAxisTicksAtOneTwoFive) {
  Chart chart;
  chart.log_x = true;
  Series s;
  s.x = {1, 5, 25, 100};
  s.y = {900, 890, 880, 875};
  chart.series.push_back(s);
  const std::string svg = RenderSvg(OneChart(chart));
  for (const char* tick :
       {">1<", ">2<", ">5<", ">10<", ">20<", ">50<", ">100<"}) {
    EXPECT_THAT(svg, HasSubstr(tick));
  }
  // Linear y with round steps.
  EXPECT_THAT(svg, HasSubstr(">880<"));
  EXPECT_THAT(svg, HasSubstr(">900<"));
}

TEST(SvgPlotTest, UndrawablePointsBreakTheLine) {
  Chart chart;
  chart.log_y = true;
  Series s;
  s.style = Series::Style::kLine;
  s.x = {1, 2, 3, 4, 5};
  s.y = {1, 2, NAN, 4, -1};  // NaN, and -1 on a log axis
  chart.series.push_back(s);
  const std::string svg = RenderSvg(OneChart(chart));
  const size_t path = svg.find("<path d=\"");
  ASSERT_NE(path, std::string::npos);
  const std::string d = svg.substr(path, svg.find('"', path + 9) - path);
  EXPECT_EQ(Count(d, "M"), 2) << d;
  EXPECT_EQ(Count(d, "L"), 1) << d;
}

TEST(SvgPlotTest, HorizontalLineAndLargeNumbers) {
  Chart chart;
  Series points;
  points.x = {250000, 1500000};
  points.y = {10, 20};
  Series line;
  line.style = Series::Style::kHorizontal;
  line.dashed = true;
  line.label = "softmax";
  line.y = {30};
  chart.series = {points, line};
  const std::string svg = RenderSvg(OneChart(chart));
  EXPECT_THAT(svg, HasSubstr("stroke-dasharray"));
  EXPECT_THAT(svg, HasSubstr(">1.5M<"));
  EXPECT_THAT(svg, HasSubstr(">500k<"));
  EXPECT_THAT(svg, HasSubstr(">30<"));  // the y axis reaches the line
}

// Means over seeds carry their spread: an error bar per point, a band
// around a horizontal line, and an axis that takes them in.
TEST(SvgPlotTest, SpreadsAreErrorBarsAndBands) {
  Chart chart;
  Series points;
  points.style = Series::Style::kMarkers;
  points.x = {1, 2, 3};
  points.y = {10, 20, 30};
  points.y_spread = {1, 0, 45};  // none drawn for 0
  Series line;
  line.style = Series::Style::kHorizontal;
  line.y = {25};
  line.y_spread = {2};
  chart.series = {points, line};
  const std::string svg = RenderSvg(OneChart(chart));
  EXPECT_EQ(Count(svg, "stroke-width=\"1.2\""), 2);
  EXPECT_EQ(Count(svg, "fill-opacity=\"0.15\""), 1);
  EXPECT_THAT(svg, HasSubstr(">80<"));  // the axis reaches 30 + 45
  EXPECT_TRUE(WellFormedXml(svg));
}

TEST(SvgPlotTest, PanelsAndEmptyCharts) {
  Figure figure;
  figure.title = "two";
  figure.subtitle = "a subtitle";
  figure.columns = 2;
  Chart empty;
  empty.title = "nothing";
  Series nan;
  nan.x = {1};
  nan.y = {NAN};
  empty.series.push_back(nan);
  figure.panels = {empty, empty, empty};
  const std::string svg = RenderSvg(figure);
  EXPECT_TRUE(WellFormedXml(svg));
  EXPECT_EQ(Count(svg, "no data to plot"), 3);
  EXPECT_THAT(svg, HasSubstr("width=\"1400\""));
  EXPECT_THAT(svg, HasSubstr("a subtitle"));
  EXPECT_THAT(svg, Not(HasSubstr("nan")));
}

}  // namespace
}  // namespace nce2vec
