// The one ZIP writer (see zip_writer.hpp).
#include "constel/io/zip_writer.hpp"

#include <zlib.h>

#include "constel/error.hpp"

namespace constel {

constexpr std::uint32_t kEocd = 0x06054b50, kZip64Locator = 0x07064b50, kZip64Eocd = 0x06064b50,
                        kCentral = 0x02014b50, kLocal = 0x04034b50;

namespace {
void put16(std::string& s, std::uint32_t v) { s.push_back(char(v & 0xff)), s.push_back(char((v >> 8) & 0xff)); }
void put32(std::string& s, std::uint32_t v) { put16(s, v & 0xffff), put16(s, v >> 16); }
void put64(std::string& s, std::uint64_t v) { put32(s, std::uint32_t(v)), put32(s, std::uint32_t(v >> 32)); }
}  // namespace

std::string encode_zip(const std::vector<std::pair<std::string, std::string>>& members, bool use_deflate, bool zip64) {
  std::string out, cd;
  for (const auto& [name, content] : members) {
    if (!zip64 && (content.size() >= 0xffffffffu || out.size() + content.size() + 100 >= 0xffffffffu))
      throw LimitError("zip: member '" + name + "' is too large for a ZIP without ZIP64 (4 GiB)");
    std::string data = content;
    if (use_deflate) {
      z_stream s{};
      deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
      data.resize(deflateBound(&s, content.size()));
      s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(content.data()));
      s.avail_in = static_cast<uInt>(content.size());
      s.next_out = reinterpret_cast<Bytef*>(data.data());
      s.avail_out = static_cast<uInt>(data.size());
      deflate(&s, Z_FINISH);
      data.resize(s.total_out);
      deflateEnd(&s);
    }
    std::uint32_t crc = static_cast<std::uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(content.data()), content.size()));
    std::uint64_t offset = out.size();
    std::uint16_t version = zip64 ? 45 : 20, method = use_deflate ? 8 : 0;
    put32(out, kLocal), put16(out, version), put16(out, 0), put16(out, method), put16(out, 0), put16(out, 0x21);
    put32(out, crc);
    put32(out, zip64 ? 0xffffffffu : std::uint32_t(data.size()));
    put32(out, zip64 ? 0xffffffffu : std::uint32_t(content.size()));
    put16(out, std::uint16_t(name.size())), put16(out, zip64 ? 20 : 0);
    out += name;
    if (zip64) put16(out, 1), put16(out, 16), put64(out, content.size()), put64(out, data.size());
    out += data;
    put32(cd, kCentral), put16(cd, version), put16(cd, version), put16(cd, 0), put16(cd, method);
    put16(cd, 0), put16(cd, 0x21), put32(cd, crc);
    put32(cd, zip64 ? 0xffffffffu : std::uint32_t(data.size()));
    put32(cd, zip64 ? 0xffffffffu : std::uint32_t(content.size()));
    put16(cd, std::uint16_t(name.size())), put16(cd, zip64 ? 28 : 0), put16(cd, 0), put16(cd, 0), put16(cd, 0);
    put32(cd, 0x01800000u), put32(cd, zip64 ? 0xffffffffu : std::uint32_t(offset));
    cd += name;
    if (zip64) put16(cd, 1), put16(cd, 24), put64(cd, content.size()), put64(cd, data.size()), put64(cd, offset);
  }
  std::uint64_t cd_off = out.size();
  out += cd;
  if (zip64) {
    std::uint64_t z = out.size();
    put32(out, kZip64Eocd), put64(out, 44), put16(out, 45), put16(out, 45), put32(out, 0), put32(out, 0);
    put64(out, members.size()), put64(out, members.size()), put64(out, cd.size()), put64(out, cd_off);
    put32(out, kZip64Locator), put32(out, 0), put64(out, z), put32(out, 1);
  }
  put32(out, kEocd), put16(out, 0), put16(out, 0);
  put16(out, zip64 ? 0xffff : std::uint16_t(members.size())), put16(out, zip64 ? 0xffff : std::uint16_t(members.size()));
  put32(out, zip64 ? 0xffffffffu : std::uint32_t(cd.size())), put32(out, zip64 ? 0xffffffffu : std::uint32_t(cd_off));
  put16(out, 0);
  return out;
}

}  // namespace constel
