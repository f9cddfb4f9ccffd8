// The constel executable: one CLI11 app with a subcommand per file (see command.hpp). main maps the
// library's exceptions to exit codes: InputError -> 2, any other exception -> 3. The helpers of
// command.hpp are in cli_common.cpp (compiled into constel-mpi too).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <exception>
#include <iostream>
#include <map>

#include "command.hpp"
#include "constel/error.hpp"

int main(int argc, char** argv) {
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
