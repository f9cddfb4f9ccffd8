// Helpers shared by the tests: running the constel executable and reading its output, temporary files,
// and the loop of the randomised property tests (seeds, CONSTEL_TEST_MULTIPLIER).
#pragma once

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <stdexcept>
#include <vector>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace constel::test {

struct ToolResult {
  int code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// A fresh temporary folder, removed when the object dies.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("constel-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(file(name), std::ios::binary) << content;
    return file(name);
  }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `constel ARGS` through the shell (ARGS is shell text: quote what needs it).
inline ToolResult run_tool(const std::string& args, const std::string& stdin_text = "") {
  TempDir dir;
  std::string in = dir.write("stdin", stdin_text);
  std::string cmd = std::string("'") + CONSTEL_BIN + "' " + args + " <'" + in + "' >'" + dir.file("out") + "' 2>'" +
                    dir.file("err") + "'";
  int status = std::system(cmd.c_str());
  ToolResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(dir.file("out"));
  r.err = read_file(dir.file("err"));
  return r;
}

// True when every XML tag is closed in order (self-closing tags allowed): a well-formedness check of
// the SVG pictures without an XML parser.
inline bool svg_balanced(const std::string& s) {
  std::vector<std::string> stack;
  std::regex tag("<(/?)([a-zA-Z]+)[^>]*?(/?)>");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), tag); it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    if (m[3] == "/") continue;
    if (m[1] == "/") {
      if (stack.empty() || stack.back() != m[2]) return false;
      stack.pop_back();
    } else {
      stack.push_back(m[2]);
    }
  }
  return stack.empty();
}

// Number of (possibly overlapping) occurrences of `what` in s.
inline std::size_t occurrences(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

// The iteration multiplier of the randomised property tests: the environment variable
// CONSTEL_TEST_MULTIPLIER (a whole number >= 1; default 1) multiplies how many random cases each runs,
// so a long run (CONSTEL_TEST_MULTIPLIER=100 ctest -R ...) searches further than CI does.
inline std::size_t test_multiplier() {
  const char* text = std::getenv("CONSTEL_TEST_MULTIPLIER");
  if (!text || !*text) return 1;
  char* end = nullptr;
  unsigned long long n = std::strtoull(text, &end, 10);
  if (*end != '\0' || n < 1 || n > 1000000)
    throw std::invalid_argument(std::string("CONSTEL_TEST_MULTIPLIER: expected a whole number in [1, 1000000], got '") +
                                text + "'");
  return static_cast<std::size_t>(n);
}

// Runs body(rng) for `iterations` x CONSTEL_TEST_MULTIPLIER random cases, case i with its own
// generator seeded by first_seed + i, so that each case is reproducible alone: on a failure Catch
// prints "random case with seed S" next to the body's own INFO lines (which name the input), and
// CONSTEL_TEST_SEED=S reruns that one case only.
template <class Rng, class Body>
void for_each_random_case(std::uint64_t first_seed, std::size_t iterations, Body&& body) {
  const char* only = std::getenv("CONSTEL_TEST_SEED");
  if (only && *only) {
    const std::uint64_t seed = std::strtoull(only, nullptr, 10);
    INFO("random case with seed " << seed << " (CONSTEL_TEST_SEED)");
    Rng rng(static_cast<typename Rng::result_type>(seed));
    body(rng);
    return;
  }
  const std::size_t n = iterations * test_multiplier();
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t seed = first_seed + i;
    INFO("random case with seed " << seed << " (" << i + 1 << " of " << n << "; rerun it alone with CONSTEL_TEST_SEED="
                                  << seed << ")");
    Rng rng(static_cast<typename Rng::result_type>(seed));
    body(rng);
  }
}

}  // namespace constel::test
