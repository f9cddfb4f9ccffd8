// NumPy .npz archives: ZIP files (stored or deflated members, ZIP64 sizes and offsets) whose members
// are .npy files named KEY.npy. Arrays are chosen by key; the other members (string labels, metadata)
// are never decoded, so they cannot make the read fail. The ZIP reader trusts nothing: every offset
// and size is checked against the file, inflated sizes are capped by what deflate can reach, and the
// CRC-32 of each member read is checked.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "constel/io/float_matrix.hpp"
#include "constel/io/zip_writer.hpp"  // encode_zip, for the writers of .npz files

namespace constel {

struct ZipMember {
  std::string name;
  std::uint16_t method = 0;  // 0 stored, 8 deflated
  std::uint16_t flags = 0;
  std::uint32_t crc = 0;
  std::uint64_t compressed = 0, uncompressed = 0, local_offset = 0;
};

// The central directory of a ZIP archive held in `bytes`.
std::vector<ZipMember> list_zip_members(std::string_view bytes, const std::string& source);

// The uncompressed content of one member (CRC checked).
std::string extract_zip_member(std::string_view bytes, const ZipMember& m, const std::string& source);

// Keys of the .npy members ("image" for "image.npy").
std::vector<std::string> npz_keys(std::string_view bytes, const std::string& source);

// The array under `key` (member "key.npy" or exactly "key"); an unknown key is an InputError listing
// the keys present.
FloatMatrix decode_npz_matrix(std::string_view bytes, const std::string& key, const std::string& source);
std::vector<std::int64_t> decode_npz_integers(std::string_view bytes, const std::string& key,
                                              const std::string& source);

FloatMatrix read_npz_matrix(const std::string& path, const std::string& key);


}  // namespace constel
