// Atomic output files: the content goes to a temporary file in the target's folder, is flushed and
// synced, and is renamed over the target only when complete, so a crash never leaves half a file.
// The path "-" writes to standard output instead.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "constel/error.hpp"

namespace constel {

// Calls write(stream) and commits the result to path. Throws InputError when the folder cannot be
// written (bad path), InternalError on a failed write; the temporary file is removed on any failure.
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

// Same for binary content already in memory.
void write_bytes_atomically(const std::string& path, const std::string& bytes);

}  // namespace constel
