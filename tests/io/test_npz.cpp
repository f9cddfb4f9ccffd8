// .npz reader: numpy-style archives (stored and deflated, ZIP64 extra fields as numpy's savez writes),
// choosing arrays by key, skipping string arrays, and corrupt archives.
#include <catch2/catch.hpp>

#include "constel/error.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/io/npy.hpp"
#include "constel/io/npz.hpp"
#include "support.hpp"

using namespace constel;
using Catch::Matchers::Contains;

namespace {
std::string fixture(const std::string& name) { return std::string(CONSTEL_TEST_DATA) + "/embeddings/" + name; }
}  // namespace

TEST_CASE("120: npz fixtures (stored and deflated, ZIP64) give the arrays by key", "[quick][io]") {
  FloatMatrix ref_u = read_npy_matrix(fixture("u_f4.npy")), ref_v = read_npy_matrix(fixture("v_f4.npy"));
  for (const char* name : {"pairs.npz", "pairs_deflated.npz"}) {
    INFO(name);
    FloatMatrix u = read_npz_matrix(fixture(name), "image");
    FloatMatrix v = read_embedding_matrix(fixture(name), "text");
    REQUIRE(u.rows() == 3);
    for (std::size_t i = 0; i < 3; ++i)
      for (std::size_t j = 0; j < 4; ++j) CHECK((u.value(i, j) == ref_u.value(i, j) && v.value(i, j) == ref_v.value(i, j)));
    CHECK(read_labels(fixture(name)) == std::vector<std::int64_t>{0, 1, 2});
    std::string bytes = test::read_file(fixture(name));
    CHECK(npz_keys(bytes, name) == std::vector<std::string>{"names", "image", "text", "labels"});
  }
}

TEST_CASE("121: our ZIP writer round-trips in all four modes", "[quick][io]") {
  std::string a = test::read_file(fixture("u_f4.npy")), b = std::string(5000, 'x');
  for (bool deflate : {false, true})
    for (bool zip64 : {false, true}) {
      std::string z = encode_zip({{"a.npy", a}, {"b.bin", b}}, deflate, zip64);
      auto members = list_zip_members(z, "z.npz");
      REQUIRE(members.size() == 2);
      CHECK(extract_zip_member(z, members[0], "z.npz") == a);
      CHECK(extract_zip_member(z, members[1], "z.npz") == b);
      CHECK(decode_npz_matrix(z, "a", "z.npz").rows() == 3);
    }
}

TEST_CASE("122: unknown keys list the keys, a string array is skipped, asked for it is a dtype error", "[quick][io]") {
  REQUIRE_THROWS_WITH(read_npz_matrix(fixture("pairs.npz"), "audio"),
                      Contains("no array 'audio' (the archive holds: names, image, text, labels)"));
  REQUIRE_THROWS_WITH(read_npz_matrix(fixture("pairs.npz"), "names"), Contains("pairs.npz[names]: wrong dtype '<U5'"));
  REQUIRE_THROWS_WITH(read_embedding_matrix(fixture("pairs.npz")), Contains("an array name (key) is needed"));
}

TEST_CASE("123: truncated, corrupt and lying npz archives are rejected", "[quick][io]") {
  std::string good = test::read_file(fixture("pairs_deflated.npz"));
  REQUIRE_THROWS_WITH(decode_npz_matrix(good.substr(0, good.size() / 2), "image", "t.npz"),
                      Contains("no end-of-central-directory record"));
  REQUIRE_THROWS_WITH(decode_npz_matrix("", "image", "e.npz"), Contains("the file is empty"));
  // flip a byte inside the compressed data of the first member
  std::string corrupt = good;
  corrupt[120] = char(corrupt[120] ^ 0x55);
  REQUIRE_THROWS_AS(decode_npz_matrix(corrupt, "names", "c.npz"), InputError);
  // a stored archive whose member content changed: CRC mismatch
  std::string stored = encode_zip({{"image.npy", test::read_file(fixture("u_f4.npy"))}}, false, false);
  std::string flipped = stored;
  flipped[stored.find("\x93NUMPY") + 130] ^= 1;
  REQUIRE_THROWS_WITH(decode_npz_matrix(flipped, "image", "f.npz"), Contains("CRC-32 mismatch"));
  // a central directory claiming an impossible uncompressed size
  std::string lying = encode_zip({{"image.npy", test::read_file(fixture("u_f4.npy"))}}, true, false);
  std::size_t cd = lying.find("PK\x01\x02");
  lying[cd + 24] = '\xff', lying[cd + 25] = '\xff', lying[cd + 26] = '\xff', lying[cd + 27] = '\x7f';
  REQUIRE_THROWS_WITH(decode_npz_matrix(lying, "image", "l.npz"), Contains("uncompressed size is impossible"));
  // member offset beyond the end
  std::string off = encode_zip({{"image.npy", "abc"}}, false, false);
  cd = off.find("PK\x01\x02");
  off[cd + 42] = '\x7f';
  REQUIRE_THROWS_WITH(decode_npz_matrix(off, "image", "o.npz"), Contains("truncated (local header beyond the end)"));
}
