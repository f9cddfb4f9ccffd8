// SVG plot writer (see svg.hpp). Coordinates are mapped into a frame with fixed margins; ticks are
// chosen as 1, 2 or 5 times a power of ten (or decades on a log10 axis).
#include "constel/report/svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "constel/error.hpp"

namespace constel {
namespace {

constexpr double kLeft = 70, kRight = 250, kTop = 40, kBottom = 55;

std::vector<double> nice_ticks(double lo, double hi) {
  std::vector<double> ticks;
  double span = hi - lo;
  if (!(span > 0)) return ticks;
  double raw = span / 6, mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  return ticks;
}

std::string fmt_num(double v) { return fmt::format("{:g}", v); }

}  // namespace

std::string svg_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

SvgPlot::SvgPlot(double x_min, double x_max, double y_min, double y_max, int width, int height)
    : x_min_(x_min), x_max_(x_max), y_min_(y_min), y_max_(y_max), width_(width), height_(height) {
  if (!(x_max > x_min) || !(y_max > y_min) || !std::isfinite(x_min) || !std::isfinite(x_max) ||
      !std::isfinite(y_min) || !std::isfinite(y_max))
    throw InputError("plot range is empty or not finite");
}

void SvgPlot::set_labels(std::string x_label, std::string y_label) {
  x_label_ = std::move(x_label);
  y_label_ = std::move(y_label);
}

double SvgPlot::sx(double x) const {
  double lo = x_min_, hi = x_max_;
  if (log_x_) x = std::log10(x), lo = std::log10(lo), hi = std::log10(hi);
  return kLeft + (x - lo) / (hi - lo) * (width_ - kLeft - kRight);
}

double SvgPlot::sy(double y) const {
  double lo = y_min_, hi = y_max_;
  if (log_y_) y = std::log10(y), lo = std::log10(lo), hi = std::log10(hi);
  return height_ - kBottom - (y - lo) / (hi - lo) * (height_ - kTop - kBottom);
}

SvgBox SvgPlot::frame() const { return {kLeft, kTop, width_ - kRight, double(height_) - kBottom}; }

void SvgPlot::polyline(const std::vector<SvgPoint>& pts, const std::string& color, double width, const std::string& dash,
                       const std::string& legend) {
  std::string d;
  for (const auto& p : pts)
    if (std::isfinite(p.x) && std::isfinite(p.y)) d += fmt::format("{:.2f},{:.2f} ", sx(p.x), sy(p.y));
  body_ += fmt::format("<polyline class=\"series\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{} points=\"{}\"/>\n",
                       color, width, dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"", d);
  if (!legend.empty()) legend_line(color, legend, width, dash);
}

void SvgPlot::polygon(const std::vector<SvgPoint>& pts, const std::string& fill, double opacity, const std::string& legend) {
  std::string d;
  for (const auto& p : pts) d += fmt::format("{:.2f},{:.2f} ", sx(p.x), sy(p.y));
  body_ += fmt::format("<polygon class=\"region\" fill=\"{}\" fill-opacity=\"{}\" stroke=\"{}\" points=\"{}\"/>\n", fill,
                       opacity, fill, d);
  if (!legend.empty()) legend_entry(fill, legend);
}

void SvgPlot::point(SvgPoint p, const std::string& color, const std::string& label) {
  const double x = sx(p.x), y = sy(p.y);
  body_ += fmt::format("<circle class=\"point\" cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"4\" fill=\"{}\"/>\n", x, y, color);
  obstacles_.push_back({x - 5, y - 5, x + 5, y + 5});
  if (!label.empty()) labels_.push_back({x, y, label, color});
}

std::vector<PlacedLabel> SvgPlot::placed_labels() const {
  std::vector<std::pair<double, double>> anchors;
  std::vector<std::string> texts;
  for (const auto& l : labels_) anchors.emplace_back(l.x, l.y), texts.push_back(l.text);
  return place_labels(anchors, texts, 11, obstacles_, frame());
}

void SvgPlot::bar(double x0, double x1, double height, const std::string& fill, double opacity) {
  double top = sy(height), base = sy(y_min_);
  body_ += fmt::format("<rect class=\"bar\" x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\" fill-opacity=\"{}\"/>\n",
                       sx(x0), top, std::max(0.0, sx(x1) - sx(x0)), std::max(0.0, base - top), fill, opacity);
}

void SvgPlot::text(SvgPoint p, const std::string& t, const std::string& color) {
  body_ += fmt::format("<text class=\"note\" x=\"{:.2f}\" y=\"{:.2f}\" font-size=\"12\" fill=\"{}\">{}</text>\n", sx(p.x),
                       sy(p.y), color, svg_escape(t));
  obstacles_.push_back(text_box(sx(p.x), sy(p.y), t, 12));
}

void SvgPlot::legend_entry(const std::string& color, const std::string& label) { legend_.push_back({color, label}); }

void SvgPlot::legend_line(const std::string& color, const std::string& label, double width, const std::string& dash) {
  legend_.push_back({color, label, true, width, dash});
}

std::string SvgPlot::axes() const {
  std::string s;
  const double x0 = kLeft, x1 = width_ - kRight, y0 = height_ - kBottom, y1 = kTop;
  s += fmt::format("<rect class=\"frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#444\"/>\n", x0, y1,
                   x1 - x0, y0 - y1);
  std::vector<double> xt;
  if (log_x_) {
    for (double e = std::ceil(std::log10(x_min_)); e <= std::log10(x_max_) + 1e-9; e += 1) xt.push_back(std::pow(10.0, e));
  } else {
    xt = nice_ticks(x_min_, x_max_);
  }
  for (double t : xt)
    s += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1}\" x2=\"{0:.2f}\" y2=\"{2}\" stroke=\"#444\"/><text x=\"{0:.2f}\" y=\"{3}\" "
                     "font-size=\"11\" text-anchor=\"middle\">{4}</text>\n",
                     sx(t), y0, y0 + 5, y0 + 18, fmt_num(t));
  std::vector<double> yt;
  if (log_y_) {
    // Decades; 1, 2 and 5 times them when the axis spans fewer than three decades.
    const bool fine = std::log10(y_max_ / y_min_) < 3;
    for (double e = std::floor(std::log10(y_min_)); e <= std::log10(y_max_) + 1e-9; e += 1)
      for (double f : {1.0, 2.0, 5.0})
        if ((f == 1.0 || fine) && f * std::pow(10.0, e) >= y_min_ * (1 - 1e-9) && f * std::pow(10.0, e) <= y_max_ * (1 + 1e-9))
          yt.push_back(f * std::pow(10.0, e));
  } else {
    yt = nice_ticks(y_min_, y_max_);
  }
  for (double t : yt)
    s += fmt::format("<line x1=\"{0}\" y1=\"{1:.2f}\" x2=\"{2}\" y2=\"{1:.2f}\" stroke=\"#444\"/><text x=\"{3}\" y=\"{4:.2f}\" "
                     "font-size=\"11\" text-anchor=\"end\">{5}</text>\n",
                     x0 - 5, sy(t), x0, x0 - 8, sy(t) + 4, fmt_num(t));
  s += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"middle\">{}</text>\n", (x0 + x1) / 2, height_ - 15,
                   svg_escape(x_label_));
  s += fmt::format("<text x=\"18\" y=\"{0}\" font-size=\"13\" text-anchor=\"middle\" transform=\"rotate(-90 18 {0})\">{1}</text>\n",
                   (y0 + y1) / 2, svg_escape(y_label_));
  s += fmt::format("<text x=\"{}\" y=\"24\" font-size=\"15\" text-anchor=\"middle\">{}</text>\n", (x0 + x1) / 2, svg_escape(title_));
  return s;
}

std::string SvgPlot::str() const { return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element(0, 0, "frame"); }

std::string SvgPlot::element(double x, double y, const std::string& clip_id) const {
  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" x=\"{2}\" y=\"{3}\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
      width_, height_, x, y);
  s += fmt::format("<clipPath id=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>\n", clip_id, kLeft,
                   kTop, width_ - kLeft - kRight, height_ - kTop - kBottom);
  s += "<g clip-path=\"url(#" + clip_id + ")\">\n" + body_;
  const std::vector<PlacedLabel> placed = placed_labels();
  for (std::size_t i = 0; i < placed.size(); ++i)
    s += fmt::format("<text class=\"label\" x=\"{:.2f}\" y=\"{:.2f}\" font-size=\"11\" fill=\"{}\">{}</text>\n", placed[i].x,
                     placed[i].y, labels_[i].color, svg_escape(labels_[i].text));
  s += "</g>\n";
  s += axes();
  double ly = kTop + 10;
  for (const auto& e : legend_) {
    if (e.line)
      s += fmt::format("<line class=\"legend\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{}/>",
                       width_ - kRight + 6, ly + 6, width_ - kRight + 24, ly + 6, e.color, e.width,
                       e.dash.empty() ? "" : " stroke-dasharray=\"" + e.dash + "\"");
    else
      s += fmt::format("<rect class=\"legend\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>", width_ - kRight + 10,
                       ly, e.color);
    s += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>\n", width_ - kRight + 27, ly + 10, svg_escape(e.label));
    ly += 18;
  }
  return s + "</svg>\n";
}

std::string svg_panels(const std::vector<SvgPlot>& panels, std::size_t columns) {
  if (panels.empty() || columns == 0) throw InputError("svg_panels: no panels");
  const double w = panels.front().width(), h = panels.front().height();
  const std::size_t rows = (panels.size() + columns - 1) / columns, cols = std::min(columns, panels.size());
  std::string s = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\">\n",
      w * double(cols), h * double(rows));
  for (std::size_t k = 0; k < panels.size(); ++k)
    s += panels[k].element(w * double(k % columns), h * double(k / columns), "frame" + std::to_string(k));
  return s + "</svg>\n";
}

}  // namespace constel
