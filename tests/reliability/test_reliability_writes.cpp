// Output files (lib/constel/io/atomic_file.hpp, docs/reliability.md section 3): what may be
// replaced, links, standard output, permissions, inputs that would be overwritten, debris, and a
// kill -9 at several moments of `generate` and `train -o` (old file or new file, nothing else).
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "constel/error.hpp"
#include "constel/io/atomic_file.hpp"
#include "constel/io/npz.hpp"
#include "support.hpp"

using constel::test::read_file;
using constel::test::run_tool;
using constel::test::TempDir;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

extern char** environ;

namespace {

std::string q(const std::string& p) { return "'" + p + "'"; }

std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

mode_t mode_of(const std::string& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 07777;
}

// Starts constel ARGS (stdout and stderr to /dev/null), kills it with SIGKILL after `delay`, reaps it.
void kill_after(const std::vector<std::string>& args, std::chrono::microseconds delay) {
  std::vector<std::string> all{CONSTEL_BIN};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, CONSTEL_BIN, &fa, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&fa);
  std::this_thread::sleep_for(delay);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
}

}  // namespace

TEST_CASE("920: the writer refuses devices, FIFOs and folders, follows links, writes '-' and /dev/stdout", "[quick][reliability]") {
  TempDir dir;
  const std::string fifo = dir.file("f.cst");
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  REQUIRE_THROWS_WITH(constel::write_bytes_atomically(fifo, "x"), Contains("is not a regular file (a FIFO)"));
  struct stat st {};
  REQUIRE(::stat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  REQUIRE_THROWS_WITH(constel::write_bytes_atomically(dir.file(""), "x"), Contains("(a folder)"));
  REQUIRE_THROWS_WITH(constel::write_bytes_atomically("/dev/null", "x"), Contains("(a device or socket)"));
  REQUIRE_THROWS_AS(constel::write_bytes_atomically(dir.file("no/such/folder.cst"), "x"), constel::InputError);
  // a symbolic link: the target is replaced, the link stays
  const std::string target = dir.write("target.cst", "old"), link = dir.file("link.cst");
  fs::create_symlink("target.cst", link);
  constel::write_bytes_atomically(link, "new");
  CHECK(fs::is_symlink(link));
  CHECK(read_file(target) == "new");
  // a dangling link creates its target
  fs::create_symlink("later.cst", dir.file("dangling.cst"));
  constel::write_bytes_atomically(dir.file("dangling.cst"), "made");
  CHECK(read_file(dir.file("later.cst")) == "made");
  CHECK(constel::writes_to_stdout("-"));
  CHECK(constel::writes_to_stdout("/dev/stdout"));
  CHECK_FALSE(constel::writes_to_stdout(target));
  CHECK(entries(dir.file("")) == std::vector<std::string>{"dangling.cst", "f.cst", "later.cst", "link.cst", "target.cst"});
}

TEST_CASE("921: permissions follow the umask, a replaced file keeps its mode, stale temporaries go", "[quick][reliability]") {
  TempDir dir;
  mode_t old = ::umask(077);
  constel::write_bytes_atomically(dir.file("a"), "x");
  ::umask(022);
  constel::write_bytes_atomically(dir.file("b"), "x");
  ::umask(old);
  CHECK(mode_of(dir.file("a")) == 0600);
  CHECK(mode_of(dir.file("b")) == 0644);
  const std::string c = dir.write("c", "old");
  ::chmod(c.c_str(), 0640);
  constel::write_bytes_atomically(c, "new");
  CHECK(mode_of(c) == 0640);
  CHECK(read_file(c) == "new");
  // a temporary left by a killed writer (its pid no longer runs) is removed by the next write
  dir.write("c.tmp.4194303.abc123", "debris");
  dir.write("c.tmp.other", "not ours");
  dir.write("c.tmp.99999999999999999999.abcdef", "not a pid");
  constel::write_bytes_atomically(c, "newer");
  CHECK(entries(dir.file("")) == std::vector<std::string>{"a", "b", "c", "c.tmp.99999999999999999999.abcdef", "c.tmp.other"});
}

TEST_CASE("922: an output that is an input is refused, and the input is kept", "[standard][reliability]") {
  TempDir dir;
  const std::string g = dir.file("g.cst");
  REQUIRE(run_tool("generate lift --code cross:4 --m 1/4 --b -1/8 -o " + q(g)).code == 0);
  const std::string before = read_file(g);
  auto gap = run_tool("gap " + q(g) + " --certificate " + q(g));
  CHECK(gap.code == 2);
  CHECK_THAT(gap.err, Contains("--certificate and an input are the same file"));
  CHECK(read_file(g) == before);
  const std::string u = dir.write("u.csv", "1,0\n0,1\n");
  auto plot = run_tool("verify --u " + q(u) + " --v " + q(u) + " --plot " + q(u) + " --quiet");
  CHECK(plot.code == 2);
  CHECK_THAT(plot.err, Contains("--plot and an input are the same file"));
  CHECK(read_file(u) == "1,0\n0,1\n");
  auto train = run_tool("train --N 3 --d 2 --steps 1 -o " + q(dir.file("s.npz")) + " --log " + q(dir.file("s.npz")));
  CHECK(train.code == 2);
  CHECK_THAT(train.err, Contains("-o and --log are the same file"));
  CHECK_FALSE(fs::exists(dir.file("s.npz")));
  // through a link, still the same file
  fs::create_symlink("g.cst", dir.file("alias.cst"));
  CHECK(run_tool("gap " + q(g) + " --certificate " + q(dir.file("alias.cst"))).code == 2);
}

TEST_CASE("923: -o - and -o /dev/stdout write to the stream", "[quick][reliability]") {
  TempDir dir;
  for (const char* o : {"-", "/dev/stdout"}) {
    auto r = run_tool(std::string("generate line --code simplex:3 -o ") + o);
    INFO(o << ": " << r.err);
    CHECK(r.code == 0);
    CHECK(r.out.rfind("constel 1\n", 0) == 0);
  }
}

TEST_CASE("924: kill -9 during generate and train -o leaves the old file or the new one, nothing else", "[standard][reliability]") {
  TempDir ref, dir;
  const std::vector<std::string> gen = {"generate", "line", "--code", "golay24"};
  REQUIRE(run_tool("generate line --code golay24 -o " + q(ref.file("g.cst"))).code == 0);
  const std::string fresh = read_file(ref.file("g.cst"));
  REQUIRE(fresh.size() > 100000);
  const std::string target = dir.file("g.cst");
  int old_seen = 0, new_seen = 0;
  for (int delay_ms : {0, 5, 20, 60, 150, 400}) {
    dir.write("g.cst", "old content\n");
    auto args = gen;
    args.push_back("-o");
    args.push_back(target);
    kill_after(args, std::chrono::milliseconds(delay_ms));
    INFO("generate killed after " << delay_ms << " ms");
    CHECK(entries(dir.file("")) == std::vector<std::string>{"g.cst"});
    const std::string now = read_file(target);
    CHECK((now == "old content\n" || now == fresh));
    (now == fresh ? new_seen : old_seen)++;
  }
  CHECK(old_seen > 0);  // the early kills hit before the rename
  const std::string npz = dir.file("t.npz");
  fs::remove(target);
  for (int delay_ms : {0, 10, 40, 120, 300}) {
    dir.write("t.npz", "old model\n");
    kill_after({"train", "--N", "40", "--d", "6", "--steps", "400", "-o", npz}, std::chrono::milliseconds(delay_ms));
    INFO("train killed after " << delay_ms << " ms");
    CHECK(entries(dir.file("")) == std::vector<std::string>{"t.npz"});
    const std::string now = read_file(npz);
    if (now != "old model\n") CHECK(constel::read_npz_matrix(npz, "U").rows() == 40);
  }
  (void)new_seen;
}

namespace {

// Runs `sh -c SCRIPT` in `dir` (CONSTEL is the executable); returns the exit code, stderr in `err`.
int run_limited(const TempDir& dir, const std::string& script, std::string& err) {
  const std::string cmd = "cd " + q(dir.file("")) + " && CONSTEL=" + q(CONSTEL_BIN) +
                          " OPENBLAS_NUM_THREADS=1 sh -c " + q(script) + " >/dev/null 2>" + q(dir.file("err"));
  const int status = std::system(cmd.c_str());
  err = read_file(dir.file("err"));
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("1520: a full disk (RLIMIT_FSIZE, SIGXFSZ ignored) is exit 2 naming the path, the old file kept", "[standard][reliability]") {
  TempDir dir;
  dir.write("g.cst", "old\n");
  std::string err;
  const int code = run_limited(dir, "trap \"\" XFSZ; ulimit -f 8; \"$CONSTEL\" generate line --code golay24 -o g.cst", err);
  CHECK(code == 2);
  CHECK_THAT(err, Contains("cannot write 'g.cst'") && Contains("the old file, if any, is kept"));
  CHECK(read_file(dir.file("g.cst")) == "old\n");
  CHECK(entries(dir.file("")) == std::vector<std::string>{"err", "g.cst"});
  // The same write without the limit succeeds and replaces the old file.
  CHECK(run_limited(dir, "\"$CONSTEL\" generate line --code golay24 -o g.cst", err) == 0);
  CHECK(read_file(dir.file("g.cst")).rfind("constel 1", 0) == 0);
}

TEST_CASE("1521: a thread that cannot be started (stacks beyond ulimit -v) is exit 2 with a message, no abort", "[standard][reliability]") {
  TempDir dir;
  std::string err;
  REQUIRE(run_limited(dir, "\"$CONSTEL\" generate line --code golay24 -o g.cst", err) == 0);
  // 600 MB thread stacks in a 2 GB address space: the third or fourth thread cannot be mapped.
  const int code = run_limited(dir, "ulimit -v 2000000 && ulimit -s 600000 && \"$CONSTEL\" verify g.cst --threads 8", err);
  CHECK(code == 2);
  CHECK_THAT(err, Contains("constel: cannot start thread") && Contains("of 8") && Contains("use fewer threads"));
  CHECK_THAT(err, !Contains("terminate"));
  // One thread needs no new stack: the same limits then give the answer.
  CHECK(run_limited(dir, "ulimit -v 2000000 && ulimit -s 600000 && \"$CONSTEL\" verify g.cst --threads 1", err) == 0);
}
