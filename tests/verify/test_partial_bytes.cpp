// The bytes of certified partials as the MPI front end sends them (docs/distributed.md, "Bytes
// sent"): row and column flags packed 2 bits each, only the stretch that holds nonzero flags.
#include <catch2/catch.hpp>

#include <random>

#include "constel/error.hpp"
#include "constel/verify/certified_parts.hpp"

using namespace constel;

namespace {

// Values k/4 - 1: ties everywhere, so that many rows and columns get flags.
FloatMatrix tied_matrix(std::size_t n, std::size_t d, std::mt19937_64& rng) {
  FloatMatrix m(n, d, FloatDType::F32, "m");
  std::uniform_int_distribution<int> k(0, 8);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) m.set(i, j, double(k(rng)) / 4 - 1);
  return m;
}

}  // namespace

TEST_CASE("1400: certified partials keep their flags through the packed bytes, any length", "[quick][verify]") {
  std::mt19937_64 rng(1400);
  for (std::size_t n : {1u, 3u, 4u, 5u, 7u, 130u}) {
    const FloatMatrix U = tied_matrix(n, 2, rng), V = tied_matrix(n, 2, rng);
    CertifiedOptions opt;
    opt.tile = 16;
    const CertifiedPlan plan = certified_prepare(U, V, opt);
    CertifiedPartial p = certified_process(plan, 0, plan.tiles());
    // every flag value at every position, the last entries of a partial byte included
    for (std::size_t i = 0; i < n; ++i) p.row_flags[i] = std::uint8_t(i % 4), p.col_flags[i] = std::uint8_t((i + 1) % 4);
    CHECK(decode_certified_partial(encode(p)) == p);
    p.row_flags.assign(n, 0), p.col_flags.assign(n, 0);
    p.row_flags[n - 1] = kRowFail | kRowTie;
    CHECK(decode_certified_partial(encode(p)) == p);
  }
}

TEST_CASE("1401: a part sends flag bytes for the rows it touches, not 2 bytes per row", "[quick][verify]") {
  std::mt19937_64 rng(1401);
  const std::size_t n = 4096;
  const FloatMatrix U = tied_matrix(n, 2, rng), V = tied_matrix(n, 2, rng);
  CertifiedOptions opt;
  opt.tile = 256;  // float64 kernel: 16 x 16 square tiles of 256 x 256
  opt.force_float64_kernel = true;
  const CertifiedPlan plan = certified_prepare(U, V, opt);
  REQUIRE(plan.tiles() == 256);
  const CertifiedPartial band = certified_process(plan, 16, 32);  // rows 256..511, every column
  std::size_t flagged_rows = 0, flagged_outside = 0;
  for (std::size_t i = 0; i < n; ++i) {
    flagged_rows += band.row_flags[i] != 0;
    flagged_outside += band.row_flags[i] != 0 && (i < 256 || i >= 512);
  }
  REQUIRE(flagged_rows > 0);
  CHECK(flagged_outside == 0);
  const std::string bytes = encode(band);
  // the same partial without flags: what the flags add is at most 256 / 4 + n / 4 bytes
  CertifiedPartial unflagged = band;
  unflagged.row_flags.assign(n, 0), unflagged.col_flags.assign(n, 0);
  const std::size_t flag_bytes = bytes.size() - encode(unflagged).size();
  CHECK(flag_bytes > 0);
  CHECK(flag_bytes <= 256 / 4 + n / 4);
  CHECK(flag_bytes < 2 * n / 4);  // one byte per row and per column would be 2 n
  CHECK(decode_certified_partial(bytes) == band);
  // a truncated stretch of flags is refused
  std::string bad = bytes;
  CHECK_THROWS_WITH(decode_certified_partial(bad.substr(0, bad.size() - 1)), Catch::Contains("certified partial"));
}
