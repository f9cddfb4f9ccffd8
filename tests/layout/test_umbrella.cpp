// The umbrella header constel/constel.hpp must name every public header (every .hpp under
// lib/constel/ outside detail/ folders) and no internal one: a header added without updating the
// umbrella, or a detail/ header leaking into it, fails here.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

namespace fs = std::filesystem;

TEST_CASE("1100: the umbrella header includes exactly the public headers", "[quick][layout]") {
  const fs::path lib = fs::path(CONSTEL_SOURCE_DIR) / "lib";
  std::set<std::string> public_headers;
  for (const auto& e : fs::recursive_directory_iterator(lib / "constel")) {
    if (!e.is_regular_file() || e.path().extension() != ".hpp") continue;
    const std::string rel = fs::relative(e.path(), lib).generic_string();
    if (rel.find("/detail/") != std::string::npos || rel == "constel/constel.hpp") continue;
    public_headers.insert(rel);
  }
  public_headers.insert("constel/version.hpp");  // generated into the build tree
  std::ifstream in(lib / "constel" / "constel.hpp");
  REQUIRE(in);
  std::set<std::string> included;
  const std::regex inc(R"re(^#include "([^"]+)")re");
  std::string line;
  std::smatch m;
  while (std::getline(in, line))
    if (std::regex_search(line, m, inc)) included.insert(m[1]);
  for (const auto& h : public_headers) {
    INFO("public header missing from constel.hpp: " << h);
    CHECK(included.count(h) == 1);
  }
  for (const auto& h : included) {
    INFO("constel.hpp includes a header that is not public: " << h);
    CHECK(public_headers.count(h) == 1);
  }
}
