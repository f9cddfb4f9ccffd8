// Atomic output files. The content is written to an unnamed temporary file in the target's folder
// (Linux O_TMPFILE), flushed and synced, given a name and renamed over the target only when complete:
// a crash or kill -9 leaves either the old file or the new one, and no debris (where O_TMPFILE is not
// available a named temporary TARGET.tmp.PID.XXXXXX is used, and the next write to the same target
// removes those left by processes that no longer run). The rules (docs/reliability.md section 3):
//   - "-", /dev/stdout, /dev/fd/1, /proc/self/fd/1, and any path naming the file standard output is
//     connected to, write to standard output;
//   - a symbolic link is followed: the file it points to is replaced, the link stays;
//   - anything that exists and is not a regular file (a device, a FIFO, a folder) is refused;
//   - a new file gets the permissions 0666 less the umask; a replaced file keeps its mode (and its
//     owner where the process may set it); other hard links to a replaced file keep the old content;
//   - every failure (folder missing or not writable, disk full) is an InputError naming the path, and
//     the old file is left as it was.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "constel/error.hpp"

namespace constel {

// Calls write(stream) and commits the result to path (rules above).
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

// Same for binary content already in memory.
void write_bytes_atomically(const std::string& path, const std::string& bytes);

// Throws InputError when `output` and `input` name the same existing file (same device and inode,
// through links): writing the output would destroy the input. `what` names the two roles for the
// message, e.g. "the certificate and the input". Does nothing when either does not exist, or when
// output writes to standard output.
void throw_if_same_file(const std::string& output, const std::string& input, const std::string& what);

// True when path writes to standard output under the rules above.
bool writes_to_stdout(const std::string& path);

}  // namespace constel
