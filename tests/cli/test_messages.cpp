// Who names what in an error message: the library names the quantity ("the dimension must be >= 2"),
// the command line adds the option that carried it ("--d: ..."). A scan of the library's sources keeps
// CLI option names out of its exception messages; the CLI tests check the flag comes back in front, and
// that an embedding file given where a .cst file is expected is answered with what to do instead.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "support.hpp"

using namespace constel::test;

TEST_CASE("820: no exception message of the library starts with a command-line option", "[quick][cli][messages]") {
  const std::filesystem::path lib = std::filesystem::path(CONSTEL_SOURCE_DIR) / "lib" / "constel";
  // An exception constructed from a literal that starts with an option name: Error("--d: ...") or
  // Error(std::string("--normalize: ") + ...), and throws whose message text names "--option".
  const std::regex flag_first(R"((Error|LimitError|ParseError)\((std::string\()?"--[a-z])");
  const std::regex flag_inside(R"(throw [A-Za-z]+Error\([^;]*"[^"]*--[a-z][a-z0-9-]*[^"]*")");
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(lib)) {
    if (entry.path().extension() != ".cpp" && entry.path().extension() != ".hpp") continue;
    ++files;
    const std::string text = read_file(entry.path().string());
    INFO(entry.path().string());
    CHECK_FALSE(std::regex_search(text, flag_first));
    CHECK_FALSE(std::regex_search(text, flag_inside));
  }
  CHECK(files > 50);
}

TEST_CASE("821: the CLI puts the option in front of the library's words", "[quick][cli][messages]") {
  auto r = run_tool("bound --d 1 --m 0.1 --b 0");
  CHECK(r.code == 2);
  CHECK(r.err == "constel: --d: the dimension must be >= 2, got 1\n");
  r = run_tool("codebound --n 8 --s 1/2 --degree 201");
  CHECK(r.code == 2);
  CHECK(r.err == "constel: --degree: the Delsarte LP degree must lie in 1..200, got 201\n");
  r = run_tool("train --lr 0 -o x.npz");
  CHECK(r.code == 2);
  CHECK(r.err == "constel: --lr: the learning rate must be a positive number, got 0\n");
  r = run_tool("choose-d --margin-for --d 10 --N 10 --resolution 1/5");
  CHECK(r.code == 2);
  CHECK(r.err == "constel: --resolution: the resolution must lie in (0, 1/10], got 1/5\n");
}

TEST_CASE("822: an embedding file where a .cst file is expected says how to pass it", "[quick][cli][messages]") {
  const std::string npz = std::string(CONSTEL_TEST_DATA) + "/embeddings/pairs.npz";
  auto r = run_tool("verify '" + npz + "'");
  CHECK(r.code == 2);
  CHECK(r.err.find("is not a .cst configuration (its name says embeddings: .npy, .npz") != std::string::npos);
  CHECK(r.err.find("give embeddings as --u U --v V, or --npz FILE") != std::string::npos);
  const std::string npy = std::string(CONSTEL_TEST_DATA) + "/embeddings/u_f4.npy";
  TempDir dir;
  r = run_tool("train --N 3 --d 4 --lock-u '" + npy + "' -o '" + dir.file("o.npz") + "'");
  CHECK(r.code == 2);
  CHECK(r.err.find("constel: --lock-u: ") == 0);
  CHECK(r.err.find("--lock-u takes a .cst file whose modality 0 is the locked U") != std::string::npos);
  // A malformed .cst file keeps the parser's file:line message.
  auto bad = dir.write("bad.cst", "constel 2\n");
  r = run_tool("verify '" + bad + "'");
  CHECK(r.code == 2);
  CHECK(r.err.find("bad.cst:1: ") != std::string::npos);
}

TEST_CASE("823: no test name holds a semicolon (ctest would split the name and run no test under it)", "[quick][cli]") {
  const std::filesystem::path tests = std::filesystem::path(CONSTEL_SOURCE_DIR) / "tests";
  const std::regex semicolon_name(R"re(TEST_CASE\("[^"]*;)re");
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(tests)) {
    if (entry.path().extension() != ".cpp") continue;
    ++files;
    INFO(entry.path().string());
    CHECK_FALSE(std::regex_search(read_file(entry.path().string()), semicolon_name));
  }
  CHECK(files > 20);
}
