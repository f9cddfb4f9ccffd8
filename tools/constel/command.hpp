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
