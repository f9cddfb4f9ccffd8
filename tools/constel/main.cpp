// The constel executable: one CLI11 app with a subcommand per file (see command.hpp). main maps the
// library's exceptions to exit codes: InputError -> 2, any other exception -> 3.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <exception>
#include <iostream>
#include <map>

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
