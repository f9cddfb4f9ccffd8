// .safetensors reader: the fixture (F32, BF16, F16, F64 tensors and an integer one), our writer, and
// bad headers, offsets and dtypes.
#include <catch2/catch.hpp>
#include <cstring>

#include "constel/error.hpp"
#include "constel/io/embedding_file.hpp"
#include "constel/io/safetensors.hpp"
#include "support.hpp"

using namespace constel;
using Catch::Matchers::Contains;

namespace {
std::string fixture(const std::string& name) { return std::string(CONSTEL_TEST_DATA) + "/embeddings/" + name; }
}  // namespace

TEST_CASE("130: safetensors fixture: every float dtype reads exactly", "[quick][io]") {
  const std::string p = fixture("pairs.safetensors");
  FloatMatrix img = read_safetensors_matrix(p, "image"), txt = read_safetensors_matrix(p, "text");
  FloatMatrix aud = read_safetensors_matrix(p, "audio"), wide = read_embedding_matrix(p, "wide");
  CHECK(img.stored_type() == FloatDType::F32);
  CHECK(txt.stored_type() == FloatDType::BF16);
  CHECK(aud.stored_type() == FloatDType::F16);
  CHECK(wide.stored_type() == FloatDType::F64);
  CHECK(img.value(2, 3) == 0.125);
  CHECK(aud.value(2, 3) == 0.125);
  CHECK(txt.value(2, 3) == -0.125);
  CHECK(wide.value(1, 2) == 0.25);
  CHECK(txt.value(1, 2) == 0.25);
  CHECK(safetensors_names(test::read_file(p), "p").size() == 5);
  REQUIRE_THROWS_WITH(read_safetensors_matrix(p, "ids"), Contains("wrong dtype 'I64'"));
  REQUIRE_THROWS_WITH(read_safetensors_matrix(p, "nope"), Contains("no tensor 'nope' (the file holds: image, text, audio, wide, ids)"));
}

TEST_CASE("131: safetensors writer round-trips, bad headers and offsets are rejected", "[quick][io]") {
  std::string data(2 * 3 * 4, '\0');
  float one = 1.0f;
  std::memcpy(&data[0], &one, 4);
  std::string good = encode_safetensors({{"x", "F32", {2, 3}, data}});
  CHECK(decode_safetensors_matrix(good, "x", "g").value(0, 0) == 1.0);
  REQUIRE_THROWS_WITH(decode_safetensors_matrix(good.substr(0, good.size() - 1), "x", "t"), Contains("truncated: the tensor ends at data offset 24"));
  std::string absurd = good;
  absurd[7] = '\x7f';
  REQUIRE_THROWS_AS(decode_safetensors_matrix(absurd, "x", "a"), LimitError);
  REQUIRE_THROWS_WITH(decode_safetensors_matrix(absurd, "x", "a"), Contains("header length"));
  std::string big = good;
  big[0] = '\xff', big[1] = '\x00', big[2] = '\x10';
  REQUIRE_THROWS_WITH(decode_safetensors_matrix(big, "x", "b"), Contains("truncated: the header length is"));
  std::string lie = encode_safetensors({{"x", "F32", {4, 3}, data}});
  REQUIRE_THROWS_WITH(decode_safetensors_matrix(lie, "x", "l"), Contains("shape [4, 3] of F32 needs 48 bytes, data_offsets span 24"));
  std::string rank = encode_safetensors({{"x", "F32", {24}, std::string(96, '\0')}});
  REQUIRE_THROWS_WITH(decode_safetensors_matrix(rank, "x", "r"), Contains("expected a rank-2 tensor"));
  std::string notjson = std::string("\x04\0\0\0\0\0\0\0", 8) + "{{{{";
  REQUIRE_THROWS_WITH(decode_safetensors_matrix(notjson, "x", "n"), Contains("the header is not a JSON object"));
  REQUIRE_THROWS_WITH(decode_safetensors_matrix("", "x", "e"), Contains("the file is empty"));
}
