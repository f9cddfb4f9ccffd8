// The progress line of the long commands (lib/constel/report/progress_bar.hpp): drawn on stderr when it is a
// terminal (here a pseudo-terminal, with CONSTEL_PROGRESS_AFTER=0 so that short runs draw it), cleared
// before the command ends, never with --quiet, never when stderr is a file or pipe, and stdout is
// the same either way. Tests 1346-1348.
#include <catch2/catch.hpp>

#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "support.hpp"

using constel::test::read_file;
using constel::test::run_tool;
using constel::test::TempDir;

namespace {

struct TerminalRun {
  int code = -1;
  std::string terminal;  // what the command wrote to its stderr, a pseudo-terminal
  std::string out;       // its stdout (a file)
};

// Runs `constel ARGS` with stderr on a pseudo-terminal, stdout into a file and CONSTEL_PROGRESS_AFTER
// set to `after`.
TerminalRun run_on_terminal(const std::string& args, const char* after = "0") {
  TempDir dir;
  const std::string out = dir.file("out");
  const std::string cmd = std::string("cd '") + dir.file("") + "' && '" + CONSTEL_BIN + "' " + args + " >'" + out + "'";
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::setenv("CONSTEL_PROGRESS_AFTER", after, 1);
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  TerminalRun r;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(master, buf, sizeof buf);
    if (n > 0) r.terminal.append(buf, std::size_t(n));
    else if (n < 0 && errno == EINTR) continue;
    else break;  // EIO once the child has closed the terminal
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(master);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  return r;
}

// The line was drawn ("constel: LABEL [" and a percentage) and cleared at the end (a carriage return
// after spaces), and stdout is what the same command prints without a terminal.
void check_drawn(const std::string& args, const std::string& label) {
  INFO("constel " << args);
  const TerminalRun t = run_on_terminal(args);
  INFO("terminal: " << t.terminal);
  CHECK(t.terminal.find("\rconstel: " + label + " [") != std::string::npos);
  CHECK(t.terminal.find("%") != std::string::npos);
  const auto last = t.terminal.find_last_not_of(" \r\n");
  CHECK((last == std::string::npos || t.terminal.find('\r', last) != std::string::npos));  // ends cleared
  const constel::test::ToolResult plain = run_tool(args);
  CHECK(t.code == plain.code);
  CHECK(t.out == plain.out);
  CHECK(plain.err.empty());  // stderr a file: no line
  const TerminalRun quiet = run_on_terminal(args + " --quiet");
  CHECK(quiet.terminal.empty());
  CHECK(quiet.out == plain.out);
}

}  // namespace

TEST_CASE("1346: codebound and table draw the progress line on a terminal only", "[standard][hooks]") {
  check_drawn("codebound --n 8 --s 1/2 --degree 6 --json", "codebound");
  check_drawn("table --codes --n 3:5 --s 1/2 --no-delsarte", "table");
  check_drawn("table --d 8,16 --m 1/10 --b 0 --no-delsarte --format json", "table");
}

TEST_CASE("1347: gap and train draw the progress line on a terminal only", "[standard][hooks]") {
  const std::string src = CONSTEL_SOURCE_DIR;
  check_drawn("gap --u '" + src + "/tests/data/embeddings/u_f4.npy' --v '" + src + "/tests/data/embeddings/v_f4.npy' --json",
              "gap (hypotheses)");
  check_drawn("gap '" + src + "/data/examples/simplex3.cst'", "gap (search)");
  const TempDir dir;  // the trained model goes there, not into the working folder
  check_drawn("train --N 6 --d 3 --steps 300 --precision float64 --seed 1 -o '" + dir.file("t.npz") + "' --json",
              "train");
}

TEST_CASE("1348: the progress line waits CONSTEL_PROGRESS_AFTER seconds, and a bad value means the default", "[standard][hooks]") {
  // With the default delay (2 s) a short run draws nothing even on a terminal.
  for (const char* after : {"bad", "-1", "", "2"}) {
    INFO("CONSTEL_PROGRESS_AFTER='" << after << "'");
    const TerminalRun t = run_on_terminal("table --codes --n 3:4 --s 1/2 --no-delsarte", after);
    CHECK(t.code == 0);
    CHECK(t.terminal.empty());
    CHECK(!t.out.empty());
  }
}
