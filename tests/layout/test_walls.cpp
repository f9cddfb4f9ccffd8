// The include walls between the library's folders (docs/design.md, "Walls"), checked on the sources:
// bounds/ includes nothing of report/ and of codes/ only the facts-only catalog and the linear codes'
// parameter search (algebraic.hpp: sizes and proved distances, for the lower bounds); the catalog itself is
// a leaf (error.hpp and number/); verify/ includes neither codes/ nor construct/; the library never
// includes the tools; GLPK only in bounds/, gap/ and the chunked simplex they share (detail/glpk_simplex.*,
// included only from those two); CBLAS only in verify/, loss/ and the BLAS thread guard. A new include across a wall fails here with the file and the line.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Include {
  std::string file;    // relative to lib/, e.g. "constel/bounds/region.cpp"
  std::string target;  // what it includes, e.g. "constel/number/rational.hpp" or "glpk.h"
  std::size_t line = 0;
};

std::vector<Include> library_includes() {
  const fs::path lib = fs::path(CONSTEL_SOURCE_DIR) / "lib";
  const std::regex inc(R"re(^\s*#\s*include\s*["<]([^">]+)[">])re");
  std::vector<Include> out;
  for (const auto& e : fs::recursive_directory_iterator(lib / "constel")) {
    const auto ext = e.path().extension();
    if (!e.is_regular_file() || (ext != ".hpp" && ext != ".cpp")) continue;
    std::ifstream in(e.path());
    std::string text;
    std::smatch m;
    for (std::size_t n = 1; std::getline(in, text); ++n)
      if (std::regex_search(text, m, inc)) out.push_back({fs::relative(e.path(), lib).generic_string(), m[1], n});
  }
  return out;
}

bool starts(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

TEST_CASE("1202: the library's include walls hold", "[quick][layout]") {
  const auto includes = library_includes();
  REQUIRE(includes.size() > 100);
  for (const auto& i : includes) {
    INFO(i.file << ":" << i.line << " includes " << i.target);
    const bool in_bounds = starts(i.file, "constel/bounds/");
    if (in_bounds) CHECK_FALSE(starts(i.target, "constel/report/"));
    if (in_bounds && starts(i.target, "constel/codes/"))
      CHECK((i.target == "constel/codes/catalog.hpp" || i.target == "constel/codes/algebraic.hpp"));
    if (starts(i.file, "constel/codes/catalog."))
      CHECK((!starts(i.target, "constel/") || i.target == "constel/error.hpp" ||
             i.target == "constel/codes/catalog.hpp" || starts(i.target, "constel/number/")));
    if (starts(i.file, "constel/verify/")) {
      CHECK_FALSE(starts(i.target, "constel/codes/"));
      CHECK_FALSE(starts(i.target, "constel/construct/"));
    }
    CHECK(i.target.find("tools/") == std::string::npos);
    CHECK(i.target.find("command.hpp") == std::string::npos);
    const bool glpk_helper = starts(i.file, "constel/detail/glpk_simplex.");
    if (i.target == "glpk.h") CHECK((in_bounds || starts(i.file, "constel/gap/") || glpk_helper));
    if (i.target == "constel/detail/glpk_simplex.hpp")
      CHECK((in_bounds || starts(i.file, "constel/gap/") || glpk_helper));
    if (i.target == "cblas.h")
      CHECK((starts(i.file, "constel/verify/") || starts(i.file, "constel/loss/") ||
             i.file == "constel/blas_threads.cpp"));
  }
}
