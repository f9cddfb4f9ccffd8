// The options `--sdp [--sdp-degree K]` of bound, table and choose-d (the names of codebound's): they turn
// on the certified three-point SDP bound (lib/constel/bounds/three_point.hpp) where the dimension is
// at most bounds::kSdpMaxDimension. Either option alone asks for the SDP.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "command.hpp"
#include "constel/bounds/three_point.hpp"
#include "constel/error.hpp"

namespace constel::tool {

struct SdpArgs {
  bool sdp = false;
  std::string degree;

  void add_to(CLI::App& app, const std::string& degree_help =
                                 "Three-point SDP degree (default 6; 2..14, time grows fast; implies --sdp)") {
    app.add_flag("--sdp", sdp,
                 "Add the certified three-point SDP bound (Bachoc-Vallentin) where d <= 24 (seconds per bound at "
                 "degree 6)");
    app.add_option("--sdp-degree", degree, degree_help);
  }

  bool asked() const { return sdp || !degree.empty(); }

  // The SDP's options, or nullopt when neither option was given. With `per_n` (table only) the value may
  // be a list "K,n:K,...": K the degree of every n not named, n:K the degree at that n.
  std::optional<bounds::ThreePointOptions> options(std::map<std::size_t, std::size_t>* per_n = nullptr) const {
    if (!sdp && degree.empty()) return std::nullopt;
    bounds::ThreePointOptions o;
    if (degree.empty()) return o;
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = degree.find(',', start);
      const std::string item = degree.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      const std::size_t colon = item.find(':');
      if (colon != std::string::npos && per_n)
        (*per_n)[parse_degree_part(item.substr(0, colon), 3, 200)] = parse_degree_part(item.substr(colon + 1));
      else if (colon != std::string::npos || (comma != std::string::npos && !per_n))
        throw InputError("--sdp-degree: '" + degree + "': expected one degree" + (per_n ? " or K,n:K,..." : ""));
      else
        o.degree = parse_degree_part(item);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return o;
  }

  // A degree (2..kMaxThreePointDegree), or with other limits a dimension n of a per-n item.
  static std::size_t parse_degree_part(const std::string& text, std::size_t lo = 2,
                                       std::size_t hi = bounds::kMaxThreePointDegree) {
    return parse_count_option("--sdp-degree", text, lo, hi);
  }

  // The words a command line would carry (for provenance lines).
  std::string command_text() const {
    if (!sdp && degree.empty()) return "";
    return " --sdp" + (degree.empty() ? std::string() : " --sdp-degree " + degree);
  }
};

}  // namespace constel::tool
