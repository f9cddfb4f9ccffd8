// The constel executable: one CLI11 app with a subcommand per file (see command.hpp). main maps the
// library's exceptions to exit codes: InputError -> 2, any other exception -> 3. Standard output is
// checked: a closed stdout at the start, or a failed write or flush at the end (a full disk, /dev/full),
// is exit 2 with a message; SIGPIPE keeps its default (a quiet end under `| head`).
#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <map>
#include <thread>

#include "command.hpp"
#include "constel/error.hpp"
#include "constel/io/cst.hpp"
#include "constel/io/embedding_file.hpp"

namespace constel::tool {

std::vector<CommandInfo>& command_registry() {
  static std::vector<CommandInfo> registry;
  return registry;
}

Rational parse_rational_option(const std::string& option, const std::string& text) {
  return with_option(option, [&] { return parse_rational(text); });
}

std::optional<Rational> parse_optional_rational(const std::string& option, const std::string& text) {
  if (text.empty()) return std::nullopt;
  return parse_rational_option(option, text);
}

std::uint64_t parse_count_option(const std::string& option, const std::string& text, std::uint64_t min,
                                 std::uint64_t max) {
  try {
    return parse_bounded_count(text, min, max);
  } catch (const InputError& e) {
    throw InputError(option + ": " + e.what());
  }
}

unsigned max_threads() { return std::max(4u, 4 * std::thread::hardware_concurrency()); }

CLI::Option* add_threads_option(CLI::App& app, unsigned& target, const std::string& help) {
  auto set = [&target](const std::string& text) {
    try {
      target = unsigned(std::min<std::uint64_t>(parse_count_option("--threads", text, 0, 1000000), max_threads()));
    } catch (const std::exception& e) {
      throw CLI::ValidationError(e.what());
    }
  };
  return app.add_option_function<std::string>("--threads", set, help);
}


Configuration read_cst_or_explain(const std::string& path, const std::string& where, const std::string& hint) {
  try {
    return read_cst_file(path);
  } catch (const ParseError& e) {
    if (e.line() != 1 || !embedding_format_from_name(path)) throw;
    throw InputError(where + ": " + path + " is not a .cst configuration (its name says embeddings: " +
                     kEmbeddingFormats + "); " + hint);
  }
}

void print_json_line(const std::string& dumped) { std::cout << dumped << std::endl; }

void print_target_verdict(std::ostream& out, const Rational& m, const Rational& b, bool holds,
                          std::uint64_t violations_pos, std::uint64_t violations_neg, const std::string& extra) {
  out << "  (m, b) = (" << to_string(m) << ", " << to_string(b) << "): ";
  if (holds)
    out << "is an (m, b)-constellation\n";
  else
    out << "is NOT an (m, b)-constellation: " << violations_pos << " positive and " << violations_neg
        << " negative pairs violate" << extra << "\n";
}

void message(const std::string& text) { std::cerr << "constel: " << text << std::endl; }

}  // namespace constel::tool

int run_main(int argc, char** argv);

namespace {

// A closed descriptor 0 or 2 is reopened on /dev/null, so that no file the command opens takes its
// number; a closed standard output is an error (the results would have nowhere to go).
bool standard_streams_open() {
  for (int fd : {0, 2})
    if (::fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
      int n = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
      if (n >= 0 && n != fd) ::close(n);
    }
  if (::fcntl(1, F_GETFD) < 0 && errno == EBADF) {
    int n = ::open("/dev/null", O_WRONLY);  // holds descriptor 1, so no output file lands on it
    (void)n;
    return false;
  }
  return true;
}

// Every byte for standard output is written out and checked before the exit code is returned.
int checked_exit(int code) {
  std::cout.flush();
  bool failed = !std::cout;
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) failed = true;
  if (failed) {
    if (code == 2) return 2;  // an exit-2 path has printed its message already (a failed -o - for one)
    constel::tool::message(std::string("cannot write to standard output") + (errno ? std::string(" (") + std::strerror(errno) + ")" : ""));
    return 2;
  }
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace constel::tool;
  if (!standard_streams_open()) {
    message("standard output is closed: nowhere to write the results");
    return 2;
  }
  return checked_exit(run_main(argc, argv));
}

int run_main(int argc, char** argv) {
  using namespace constel::tool;
  CLI::App app{"constel: exact geometry of sigmoid contrastive learning (SigLIP constellations)", "constel"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "constel 0.1.0");
  auto& registry = command_registry();
  std::sort(registry.begin(), registry.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::map<CLI::App*, RunFunction> runs;
  try {
    for (auto& info : registry) {
      CLI::App* sub = app.add_subcommand(info.name, info.summary);
      runs[sub] = info.setup(*sub);
    }
  } catch (const std::exception& e) {
    message(std::string("internal error while setting up: ") + e.what());
    return 3;
  }
  if (argc >= 2 && argv[1][0] != '-' &&
      std::none_of(registry.begin(), registry.end(), [&](const auto& c) { return c.name == argv[1]; })) {
    std::string names;
    for (const auto& c : registry) names += (names.empty() ? "" : ", ") + c.name;
    message(std::string("unknown command '") + argv[1] + "'; the commands are: " + names);
    std::cerr << "Run 'constel --help' for usage." << std::endl;
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    message(e.what());
    std::cerr << "Run 'constel --help' or 'constel COMMAND --help' for usage." << std::endl;
    return 2;
  }
  try {
    for (auto& [sub, run] : runs)
      if (sub->parsed()) return run();
    message("no command given");
    return 2;
  } catch (const constel::InputError& e) {
    message(e.what());
    return 2;
  } catch (const constel::Error& e) {
    message(std::string("internal error: ") + e.what());
    return 3;
  } catch (const std::bad_alloc&) {
    message("out of memory");
    return 3;
  } catch (const std::exception& e) {
    message(std::string("internal error: ") + e.what());
    return 3;
  }
}
