// Shared by the benchmark programs: run a command as a user would and measure it.
#pragma once

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace constel::bench {

// Runs a shell command and returns its wall seconds, its peak RSS in MiB (the largest of the shell and
// what it waited for, from wait4) and its CPU seconds; a nonzero exit status is printed. The peak is an
// upper bound: Linux keeps the forked child's peak from before exec, which starts at this process's
// resident size (bench_verify's command peak, 160 MiB, is the command's own: /usr/bin/time -f %M gives
// the same).
struct ChildRun {
  double wall, rss_mib, cpu;
};

inline ChildRun timed_child(const std::string& cmd) {
  const auto t = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) return {0, 0, 0};
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    std::printf("  (command exited with status %d: %s)\n", WEXITSTATUS(status), cmd.c_str());
  const double cpu =
      double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + 1e-6 * double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
  return {s, double(ru.ru_maxrss) / 1024.0, cpu};
}

}  // namespace constel::bench
