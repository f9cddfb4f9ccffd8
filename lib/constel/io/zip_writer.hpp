// The one ZIP writer of the library: `constel generate --format npz`, the trainer's .npz output and the
// tests' archives all go through encode_zip. Members are written as Python's zipfile writes them (no
// data descriptors, Unix mode 0600), stored or raw-deflated, and with zip64 the ZIP64 extra fields that
// numpy's savez writes (force_zip64). Readers live in npz.hpp; the two meet only in the format.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "constel/error.hpp"

namespace constel {

// The archive of (name, content) members. Throws LimitError when a member would need ZIP64 (4 GiB or
// more) and zip64 is not set.
std::string encode_zip(const std::vector<std::pair<std::string, std::string>>& members, bool deflate, bool zip64);

}  // namespace constel
