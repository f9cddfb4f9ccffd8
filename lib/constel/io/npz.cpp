// ZIP central-directory parsing, member extraction (stored or raw deflate through zlib) and the
// .npz layer on top (see npz.hpp).
#include "constel/io/npz.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <vector>

#include <unistd.h>

#include "constel/error.hpp"
#include "constel/memory_limit.hpp"
#include "constel/io/mapped_file.hpp"
#include "constel/io/npy.hpp"

namespace constel {
namespace {

constexpr std::uint32_t kEocd = 0x06054b50, kZip64Locator = 0x07064b50, kZip64Eocd = 0x06064b50,
                        kCentral = 0x02014b50, kLocal = 0x04034b50;

[[noreturn]] void bad(const std::string& source, const std::string& what) {
  throw InputError(source + ": bad .npz/ZIP archive: " + what);
}

void need(std::string_view b, std::uint64_t off, std::uint64_t len, const std::string& source, const char* what) {
  if (off > b.size() || len > b.size() - off) bad(source, std::string("truncated (") + what + " beyond the end)");
}

std::size_t find_eocd(std::string_view b, const std::string& source) {
  if (b.size() < 22) bad(source, b.empty() ? "the file is empty" : "too short for a ZIP archive");
  std::size_t lowest = b.size() > 22 + 65535 ? b.size() - 22 - 65535 : 0;
  for (std::size_t p = b.size() - 22 + 1; p-- > lowest;)
    if (load_le32(b.data() + p) == kEocd) return p;
  bad(source, "no end-of-central-directory record (not a ZIP file, or truncated)");
}

void apply_zip64_extra(std::string_view extra, ZipMember& m, bool need_u, bool need_c, bool need_o,
                       const std::string& source) {
  std::size_t p = 0;
  while (p + 4 <= extra.size()) {
    std::uint16_t id = load_le16(extra.data() + p), len = load_le16(extra.data() + p + 2);
    if (p + 4 + len > extra.size()) bad(source, "extra field overruns its header");
    if (id == 0x0001) {
      std::size_t q = p + 4, end = p + 4 + len;
      auto take = [&](std::uint64_t& v) {
        if (q + 8 > end) bad(source, "ZIP64 extra field too short");
        v = load_le64(extra.data() + q);
        q += 8;
      };
      if (need_u) take(m.uncompressed);
      if (need_c) take(m.compressed);
      if (need_o) take(m.local_offset);
      return;
    }
    p += 4 + len;
  }
  if (need_u || need_c || need_o) bad(source, "ZIP64 sizes announced but the ZIP64 extra field is missing");
}

// Raw deflate, streamed in 1 MiB pieces: the output grows with what actually comes out (never from
// the claimed size alone) and a stream that goes past `claimed` stops at once.
std::string inflate_member(std::string_view in, std::uint64_t claimed, const std::string& source,
                           const std::string& where) {
  std::string out;
  out.reserve(std::min<std::uint64_t>(claimed, (std::uint64_t(64) << 20) + 8 * std::uint64_t(in.size())));
  z_stream s{};
  if (inflateInit2(&s, -MAX_WBITS) != Z_OK) throw InternalError("zlib inflateInit2 failed");
  std::vector<char> piece(1 << 20);
  std::uint64_t in_pos = 0;
  int rc = Z_OK;
  while (rc == Z_OK) {
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + in_pos));
    s.avail_in = static_cast<uInt>(std::min<std::uint64_t>(in.size() - in_pos, 1u << 30));
    s.next_out = reinterpret_cast<Bytef*>(piece.data());
    s.avail_out = static_cast<uInt>(piece.size());
    uInt ai = s.avail_in;
    rc = inflate(&s, Z_NO_FLUSH);
    in_pos += ai - s.avail_in;
    std::size_t got = piece.size() - s.avail_out;
    if (out.size() + got > claimed) {
      inflateEnd(&s);
      bad(source, where + ": inflates to more than the stated " + std::to_string(claimed) + " bytes");
    }
    out.append(piece.data(), got);
    if (rc == Z_BUF_ERROR || (rc == Z_OK && ai == s.avail_in && got == 0)) break;
  }
  inflateEnd(&s);
  if (rc != Z_STREAM_END) bad(source, where + ": deflate data is corrupt or truncated");
  if (out.size() != claimed)
    bad(source, where + ": inflates to " + std::to_string(out.size()) + " bytes, not the stated " + std::to_string(claimed));
  return out;
}

}  // namespace

std::vector<ZipMember> list_zip_members(std::string_view b, const std::string& source) {
  std::size_t e = find_eocd(b, source);
  std::uint64_t entries = load_le16(b.data() + e + 10);
  std::uint64_t cd_size = load_le32(b.data() + e + 12);
  std::uint64_t cd_off = load_le32(b.data() + e + 16);
  if (entries == 0xffff || cd_size == 0xffffffffu || cd_off == 0xffffffffu) {
    if (e < 20 || load_le32(b.data() + e - 20) != kZip64Locator) bad(source, "ZIP64 locator missing");
    std::uint64_t z = load_le64(b.data() + e - 20 + 8);
    need(b, z, 56, source, "ZIP64 end record");
    if (load_le32(b.data() + z) != kZip64Eocd) bad(source, "ZIP64 end record signature wrong");
    entries = load_le64(b.data() + z + 32);
    cd_size = load_le64(b.data() + z + 40);
    cd_off = load_le64(b.data() + z + 48);
  }
  need(b, cd_off, cd_size, source, "central directory");
  if (entries > cd_size / 46 + 1) bad(source, "entry count " + std::to_string(entries) + " too large for the directory");
  std::vector<ZipMember> out;
  std::set<std::string> names;
  std::uint64_t p = cd_off, end = cd_off + cd_size;
  for (std::uint64_t k = 0; k < entries; ++k) {
    if (p + 46 > end || load_le32(b.data() + p) != kCentral) bad(source, "central directory entry " + std::to_string(k) + " is broken");
    const char* h = b.data() + p;
    ZipMember m;
    m.flags = load_le16(h + 8);
    m.method = load_le16(h + 10);
    m.crc = load_le32(h + 16);
    m.compressed = load_le32(h + 20);
    m.uncompressed = load_le32(h + 24);
    std::uint64_t nlen = load_le16(h + 28), xlen = load_le16(h + 30), clen = load_le16(h + 32);
    m.local_offset = load_le32(h + 42);
    if (p + 46 + nlen + xlen + clen > end) bad(source, "central directory entry " + std::to_string(k) + " overruns");
    m.name.assign(h + 46, nlen);
    apply_zip64_extra(std::string_view(h + 46 + nlen, xlen), m, m.uncompressed == 0xffffffffu,
                      m.compressed == 0xffffffffu, m.local_offset == 0xffffffffu, source);
    if (!names.insert(m.name).second) bad(source, "member '" + m.name.substr(0, 60) + "' appears twice (readers disagree on which to take)");
    out.push_back(std::move(m));
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

std::string extract_zip_member(std::string_view b, const ZipMember& m, const std::string& source) {
  const std::string where = "member '" + m.name + "'";
  if (m.flags & 1) bad(source, where + " is encrypted");
  need(b, m.local_offset, 30, source, "local header");
  const char* h = b.data() + m.local_offset;
  if (load_le32(h) != kLocal) bad(source, where + ": local header signature wrong");
  need(b, m.local_offset + 30, load_le16(h + 26), source, "local header name");
  if (std::string_view(h + 30, load_le16(h + 26)) != m.name)
    bad(source, where + ": the local header names it '" + std::string(h + 30, std::min<std::size_t>(load_le16(h + 26), 60)) +
                    "' (the archive's two directories disagree)");
  std::uint64_t data = m.local_offset + 30 + load_le16(h + 26) + load_le16(h + 28);
  need(b, data, m.compressed, source, "member data");
  std::string_view in = b.substr(data, m.compressed);
  if (m.uncompressed > (kMaxMatrixEntries * 8))
    throw LimitError(source + ": " + where + " claims " + std::to_string(m.uncompressed) + " bytes (beyond the limit)");
  // the memory limit (memory_limit.hpp), before anything is allocated from the claimed size
  check_memory(m.uncompressed, source + ": " + where + " (" + std::to_string(m.uncompressed) + " bytes inflated)");
  std::string out;
  if (m.method == 0) {
    if (m.compressed != m.uncompressed) bad(source, where + ": stored member with different sizes");
    out.assign(in.data(), in.size());
  } else if (m.method == 8) {
    // deflate cannot expand more than 1032:1; a larger claim is a lie, refused before allocating
    if (m.uncompressed > m.compressed * 1032 + 1024) bad(source, where + ": uncompressed size is impossible for its compressed size");
    out = inflate_member(in, m.uncompressed, source, where);
  } else {
    bad(source, where + ": compression method " + std::to_string(m.method) + " is not supported (stored or deflate only)");
  }
  std::uint32_t crc = static_cast<std::uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(out.data()), out.size()));
  if (crc != m.crc) bad(source, where + ": CRC-32 mismatch (corrupt archive)");
  return out;
}

std::vector<std::string> npz_keys(std::string_view bytes, const std::string& source) {
  std::vector<std::string> keys;
  for (const auto& m : list_zip_members(bytes, source))
    keys.push_back(m.name.size() > 4 && m.name.ends_with(".npy") ? m.name.substr(0, m.name.size() - 4) : m.name);
  return keys;
}

std::uint64_t zip_stored_member_offset(std::string_view b, const ZipMember& m, const std::string& source) {
  const std::string where = "member '" + m.name + "'";
  if (m.flags & 1) bad(source, where + " is encrypted");
  if (m.method != 0 || m.compressed != m.uncompressed) bad(source, where + " is compressed, not stored");
  need(b, m.local_offset, 30, source, "local header");
  const char* h = b.data() + m.local_offset;
  if (load_le32(h) != kLocal) bad(source, where + ": local header signature wrong");
  std::uint64_t data = m.local_offset + 30 + load_le16(h + 26) + load_le16(h + 28);
  need(b, data, m.compressed, source, "member data");
  return data;
}

ZipMember find_npz_member(std::string_view bytes, const std::string& key, const std::string& source) {
  auto members = list_zip_members(bytes, source);
  for (const auto& m : members)
    if (m.name == key + ".npy" || m.name == key) return m;
  std::string list;
  for (const auto& k : npz_keys(bytes, source)) list += (list.empty() ? "" : ", ") + k;
  throw InputError(source + ": no array '" + key + "' (the archive holds: " + (list.empty() ? "nothing" : list) + ")");
}

namespace {
std::string member_bytes(std::string_view bytes, const std::string& key, const std::string& source) {
  return extract_zip_member(bytes, find_npz_member(bytes, key, source), source);
}
}  // namespace

FloatMatrix decode_npz_matrix(std::string_view bytes, const std::string& key, const std::string& source) {
  std::string member = member_bytes(bytes, key, source);
  return decode_npy_matrix(member, source + "[" + key + "]");
}

std::vector<std::int64_t> decode_npz_integers(std::string_view bytes, const std::string& key,
                                              const std::string& source) {
  std::string member = member_bytes(bytes, key, source);
  return decode_npy_integers(member, source + "[" + key + "]");
}

FloatMatrix read_npz_matrix(const std::string& path, const std::string& key) {
  MappedFile f(path);
  return decode_npz_matrix(f.bytes(), key, path);
}

}  // namespace constel
