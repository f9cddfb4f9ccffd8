// The constel executable: one CLI11 app with a subcommand per file (see command.hpp). main maps the
// library's exceptions to exit codes: InputError -> 2, any other exception -> 3 (describe_failure in
// cli_common.cpp, shared with constel-mpi). Standard output is checked: a closed stdout at the start,
// or a failed write or flush at the end (a full disk, /dev/full), is exit 2 with a message; SIGPIPE
// keeps its default (a quiet end under `| head`). The helpers of command.hpp are in cli_common.cpp.
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
      add_max_memory_option(*sub);
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
  } catch (...) {
    Failure f = describe_failure(std::current_exception());
    message(f.message);
    return f.code;
  }
}
