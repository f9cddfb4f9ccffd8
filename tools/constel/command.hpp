// Subcommand registry of the constel executable. Each subcommand lives in its own file and registers
// itself with a static CommandRegistrar: its setup function adds the options to the CLI11 subcommand
// and returns the function that runs it. run() returns the exit code (0: the asked property holds or
// nothing was asked, 1: it does not hold) and throws constel exceptions on bad input (mapped to 2) or
// internal errors (3) by main.cpp.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <exception>
#include <functional>
#include <ostream>
#include <optional>
#include <string>
#include <vector>

#include "constel/config/configuration.hpp"
#include "constel/error.hpp"
#include "constel/number/rational.hpp"

namespace constel::tool {

using RunFunction = std::function<int()>;
using SetupFunction = std::function<RunFunction(CLI::App&)>;

struct CommandInfo {
  std::string name;
  std::string summary;
  SetupFunction setup;
};

std::vector<CommandInfo>& command_registry();

struct CommandRegistrar {
  CommandRegistrar(std::string name, std::string summary, SetupFunction setup) {
    command_registry().push_back({std::move(name), std::move(summary), std::move(setup)});
  }
};

// Parses an option value exactly; errors name the option ("--m: '0.x' is not a number ...").
Rational parse_rational_option(const std::string& option, const std::string& text);
std::optional<Rational> parse_optional_rational(const std::string& option, const std::string& text);

// A whole number for a count option, parsed exactly ("1e6" is 1000000): "-5", "1.5", "x" and values
// outside [min, max] are InputErrors naming the option and the allowed range.
std::uint64_t parse_count_option(const std::string& option, const std::string& text, std::uint64_t min,
                                 std::uint64_t max);

// Adds a count option (CLI11 alone would wrap "-5" into a huge unsigned value): the value goes
// through parse_count_option while the command line is parsed, and a bad one is a usage error (exit 2).
template <class T>
CLI::Option* add_count_option(CLI::App& app, const std::string& name, T& target, const std::string& help,
                              std::uint64_t min, std::uint64_t max) {
  auto set = [&target, name, min, max](const std::string& text) {
    try {
      target = static_cast<T>(parse_count_option(name, text, min, max));
    } catch (const std::exception& e) {
      throw CLI::ValidationError(e.what());
    }
  };
  return app.add_option_function<std::string>(name, set, help)->type_name("UINT");
}

// The largest --threads accepted: 4 x the cores (at least 4); larger requests are lowered to it.
unsigned max_threads();

// Adds --threads (0 = all cores); values above max_threads() are lowered to it, negative ones refused.
CLI::Option* add_threads_option(CLI::App& app, unsigned& target, const std::string& help);

// Adds --max-memory SIZE (memory_limit.hpp: "512M", "2GiB", "1.5GB", "none"); the value sets the
// process-wide memory limit while the command line is parsed, a bad one is a usage error (exit 2).
CLI::Option* add_max_memory_option(CLI::App& app);

// Runs f() and returns what it returns; an InputError it throws comes back with "OPTION: " in front
// (a LimitError stays a LimitError, a ParseError with its "file:line:" is passed on unchanged). The
// library's messages name the quantity ("the dimension must be >= 2"); this adds the option that
// carried it ("--d: the dimension must be >= 2").
template <class F>
decltype(auto) with_option(const std::string& option, F&& f) {
  try {
    return f();
  } catch (const ParseError&) {
    throw;
  } catch (const LimitError& e) {
    throw LimitError(option + ": " + e.what());
  } catch (const InputError& e) {
    throw InputError(option + ": " + e.what());
  }
}

// read_cst_file, except that an embedding file (named .npy, .npz, ...) given where a .cst is expected
// is answered with what the option takes and how to pass embeddings (`hint`), not with the .cst
// parser's "expected 'constel 1' as the first line".
Configuration read_cst_or_explain(const std::string& path, const std::string& where, const std::string& hint);

// Prints one JSON object on stdout (pretty, two-space indent, newline).
void print_json_line(const std::string& dumped);

// The human verdict on a target (m, b): "  (m, b) = (M, B): is an (m, b)-constellation", or "is NOT ...:
// P positive and Q negative pairs violate" followed by `extra` (shared by both modes of verify).
void print_target_verdict(std::ostream& out, const Rational& m, const Rational& b, bool holds,
                          std::uint64_t violations_pos, std::uint64_t violations_neg, const std::string& extra = "");

// The exit code and message (without "constel: ") for an exception escaping a command: InputError
// (and LimitError) -> 2, anything else -> 3 as "internal error: ...", bad_alloc -> 3 "out of memory".
struct Failure {
  int code = 3;
  std::string message;
};
Failure describe_failure(std::exception_ptr e);

// Writes "constel: message" to stderr.
void message(const std::string& text);

}  // namespace constel::tool
