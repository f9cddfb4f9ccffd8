// Helpers shared by the tests: running the constel executable and reading its output, temporary files.
#pragma once

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
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

}  // namespace constel::test
