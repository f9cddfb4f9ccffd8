// The helpers every subcommand shares (command.hpp): the registry, exact option parsing, JSON and
// message printing. Its own file so that constel-mpi, which reuses the verify command's options and
// printing, compiles it too.
#include <algorithm>
#include <iostream>
#include <thread>

#include "command.hpp"
#include "constel/error.hpp"
#include "constel/io/cst.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/memory_limit.hpp"

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
  return app.add_option_function<std::string>("--threads", set, help)->type_name("UINT");
}

CLI::Option* add_max_memory_option(CLI::App& app) {
  auto set = [](const std::string& text) {
    try {
      set_memory_limit(with_option("--max-memory", [&] { return parse_memory_size(text); }));
    } catch (const std::exception& e) {
      throw CLI::ValidationError(e.what());
    }
  };
  return app
      .add_option_function<std::string>(
          "--max-memory", set,
          "Refuse (exit 2), before allocating, what needs more memory than SIZE: bytes, or K/M/G/T (powers of "
          "1024, also KiB/MiB/GiB/TiB), KB/MB/GB/TB (powers of 1000), or 'none'. Default: half of the "
          "physical memory (docs/reliability.md section 4)")
      ->type_name("SIZE");
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

Failure describe_failure(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const constel::LimitError& x) {
    std::string text = x.what();
    if (text.find("over the memory limit") != std::string::npos)
      text += " (--max-memory SIZE sets the limit, --max-memory none removes it)";
    return {2, text};
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
