// The one exception hierarchy of the library. The library never exits or aborts: it throws one of
// these, and the tools map them to exit codes (InputError -> 2, everything else -> 3). Expected
// outcomes (a property that does not hold, an undecided case, a limit reached) are values, not
// exceptions.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace constel {

// Base of everything the library throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The caller's input is wrong: a malformed file, a bad number, an infeasible parameter, a usage error.
// The message says what and where. Tools exit with code 2.
class InputError : public Error {
 public:
  using Error::Error;
};

// A malformed file: the message starts with "file:line: ".
class ParseError : public InputError {
 public:
  ParseError(const std::string& file, std::size_t line, const std::string& what)
      : InputError(file + ":" + std::to_string(line) + ": " + what), file_(file), line_(line) {}
  const std::string& file() const noexcept { return file_; }
  std::size_t line() const noexcept { return line_; }

 private:
  std::string file_;
  std::size_t line_;
};

// A request beyond what the library can do within its limits (memory, degree, size). Tools exit 2.
class LimitError : public InputError {
 public:
  using InputError::InputError;
};

// A long computation was stopped by its caller's stop hook (ExactVerifyOptions::stop,
// CertifiedOptions::stop, checked at tile boundaries; RunHooks::stop of training, the code bounds,
// the bound tables and the gap search, run_hooks.hpp); nothing partial is returned. Tools exit 3; the
// Python module turns it into KeyboardInterrupt.
class Cancelled : public Error {
 public:
  using Error::Error;
};

// A broken invariant inside the library (a bug), or an I/O failure of the system. Tools exit 3.
class InternalError : public Error {
 public:
  using Error::Error;
};

}  // namespace constel
