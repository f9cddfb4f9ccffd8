// The helpers every subcommand shares (command.hpp): the registry, exact option parsing, JSON and
// message printing. Its own file so that constel-mpi, which reuses the verify command's options and
// printing, compiles it too.
#include <iostream>

#include "command.hpp"
#include "constel/error.hpp"

namespace constel::tool {

std::vector<CommandInfo>& command_registry() {
  static std::vector<CommandInfo> registry;
  return registry;
}

Rational parse_rational_option(const std::string& option, const std::string& text) {
  try {
    return parse_rational(text);
  } catch (const InputError& e) {
    throw InputError(option + ": " + e.what());
  }
}

std::optional<Rational> parse_optional_rational(const std::string& option, const std::string& text) {
  if (text.empty()) return std::nullopt;
  return parse_rational_option(option, text);
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

Failure describe_failure(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const constel::InputError& x) {
    return {2, x.what()};
  } catch (const constel::Error& x) {
    return {3, std::string("internal error: ") + x.what()};
  } catch (const std::bad_alloc&) {
    return {3, "out of memory"};
  } catch (const std::exception& x) {
    return {3, std::string("internal error: ") + x.what()};
  } catch (...) {
    return {3, "internal error: unknown exception"};
  }
}

void message(const std::string& text) { std::cerr << "constel: " << text << std::endl; }

}  // namespace constel::tool
