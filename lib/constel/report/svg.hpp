// A small SVG plot writer (no plotting dependency at run time): a rectangular data frame with linear
// or log10 axes, ticks and labels, and polylines, filled polygons, points with labels, bars and a
// legend. Every picture the tools draw (the feasible region, bounds against d, inner-product
// histograms, training trajectories) goes through it, so they share one look.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "constel/error.hpp"
#include "constel/report/label_placer.hpp"

namespace constel {

struct SvgPoint {
  double x = 0, y = 0;
};

class SvgPlot {
 public:
  SvgPlot(double x_min, double x_max, double y_min, double y_max, int width = 720, int height = 480);

  void set_title(std::string title) { title_ = std::move(title); }
  void set_labels(std::string x_label, std::string y_label);
  void set_log_x(bool on) { log_x_ = on; }  // x values are plotted as log10(x)
  void set_log_y(bool on) { log_y_ = on; }  // y values are plotted as log10(y) (decade ticks)

  // Drawing primitives in data coordinates. Colours are CSS colours ("#1f77b4", "none").
  void polyline(const std::vector<SvgPoint>& pts, const std::string& color, double width = 2,
                const std::string& dash = "", const std::string& legend = "");
  void polygon(const std::vector<SvgPoint>& pts, const std::string& fill, double opacity,
               const std::string& legend = "");
  // A marker; its label (if any) is placed when the document is written, around the marker, clear of
  // the other labels, markers and texts (label_placer.hpp).
  void point(SvgPoint p, const std::string& color, const std::string& label = "");
  void bar(double x0, double x1, double height, const std::string& fill, double opacity = 0.6);
  void text(SvgPoint p, const std::string& text, const std::string& color = "#333");
  void legend_entry(const std::string& color, const std::string& label);  // a filled swatch
  void legend_line(const std::string& color, const std::string& label, double width, const std::string& dash);

  // Where the point labels go (pixel boxes), as str() draws them.
  std::vector<PlacedLabel> placed_labels() const;
  SvgBox frame() const;
  double to_pixel_x(double x) const { return sx(x); }
  double to_pixel_y(double y) const { return sy(y); }

  // The whole document.
  std::string str() const;
  // The picture as an <svg> element at (x, y) of an enclosing document, its clip path named clip_id.
  std::string element(double x, double y, const std::string& clip_id) const;
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  double sx(double x) const;
  double sy(double y) const;
  std::string axes() const;

  double x_min_, x_max_, y_min_, y_max_;
  int width_, height_;
  bool log_x_ = false, log_y_ = false;
  std::string title_, x_label_, y_label_;
  std::string body_;
  struct Legend {
    std::string color, label;
    bool line = false;
    double width = 2;
    std::string dash;
  };
  std::vector<Legend> legend_;
  struct PendingLabel {
    double x, y;
    std::string text, color;
  };
  std::vector<PendingLabel> labels_;
  std::vector<SvgBox> obstacles_;  // markers and fixed texts

};

// Small multiples: one document with the panels (of the first panel's size) in rows of `columns`.
std::string svg_panels(const std::vector<SvgPlot>& panels, std::size_t columns);

// Escapes &, <, >, " for SVG text.
std::string svg_escape(const std::string& s);

}  // namespace constel
