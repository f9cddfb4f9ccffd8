// The 2-D block partition of the pair grid (verify/block_partition.hpp): every pair in exactly one
// block, nearly equal areas, about sqrt(P) bands, aligned cuts, and empty blocks when N < P.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "constel/error.hpp"
#include "constel/verify/block_partition.hpp"

using namespace constel;
using Catch::Matchers::Contains;

namespace {

void check_cover(std::size_t n, std::size_t m, std::size_t P, std::size_t align, std::size_t col_align = 0) {
  INFO("grid " << n << " x " << m << ", P = " << P << ", align " << align << " x " << col_align);
  auto blocks = col_align ? block_partition(n, m, P, align, col_align) : block_partition(n, m, P, align);
  if (!col_align) col_align = align;
  REQUIRE(blocks.size() == P);
  std::vector<int> seen(n * m, 0);
  for (const auto& b : blocks) {
    REQUIRE(b.row_begin <= b.row_end);
    REQUIRE(b.row_end <= n);
    REQUIRE(b.col_begin <= b.col_end);
    REQUIRE(b.col_end <= m);
    for (std::size_t i = b.row_begin; i < b.row_end; ++i)
      for (std::size_t j = b.col_begin; j < b.col_end; ++j) seen[i * m + j]++;
    for (std::size_t cut : {b.row_begin, b.row_end}) CHECK((cut % align == 0 || cut == n));
    for (std::size_t cut : {b.col_begin, b.col_end}) CHECK((cut % col_align == 0 || cut == m));
  }
  CHECK(std::all_of(seen.begin(), seen.end(), [](int c) { return c == 1; }));
  for (std::size_t r = 1; r < P; ++r) CHECK(blocks[r].band >= blocks[r - 1].band);
}

}  // namespace

TEST_CASE("1005: every pair lies in exactly one block, for P = 1..12, N below and above P", "[quick][verify]") {
  for (std::size_t P = 1; P <= 12; ++P)
    for (std::size_t n : {1, 2, 3, 5, 13, 40})
      for (std::size_t m : {1, 4, 13, 41}) check_cover(n, m, P, 1);
  check_cover(40, 40, 6, 8);
  check_cover(37, 50, 5, 16);
}

TEST_CASE("1006: blocks are balanced and each needs about (N_u + N_v) / sqrt(P) rows", "[quick][verify]") {
  for (std::size_t P : {2, 3, 4, 5, 6, 7, 16, 64, 256}) {
    INFO("P = " << P);
    const std::size_t N = 1 << 16;
    auto blocks = block_partition(N, N, P);
    double area = double(N) * double(N) / double(P), most = 0, rows = 0;
    for (const auto& b : blocks) {
      most = std::max(most, double(b.rows()) * double(b.cols()));
      rows = std::max(rows, double(b.rows() + b.cols()));
    }
    CHECK(most <= 1.01 * area);
    CHECK(rows <= 2.2 * double(2 * N) / std::sqrt(double(P)));  // within about 2x of 2 N / sqrt(P)
  }
  auto sq = block_partition(1000, 1000, 4);
  CHECK(sq[0].band == 0);
  CHECK(sq[2].band == 1);
  CHECK(sq[3].rows() == 500);
  CHECK(sq[3].cols() == 500);
  REQUIRE_THROWS_WITH(block_partition(10, 10, 0), Contains("number of workers must be at least 1"));
}

TEST_CASE("1402: blocks aligned to a tile of 240 x 512 cover the grid once, cuts on tile edges", "[quick][verify]") {
  for (std::size_t P = 1; P <= 7; ++P)
    for (std::size_t n : {1, 239, 241, 1301})
      for (std::size_t m : {1, 511, 513, 2000}) check_cover(n, m, P, 240, 512);
  // 2 bands of 2: the cut at 1000 falls to 960 = 4 x 240 for rows and to 512 for columns
  auto b = block_partition(2000, 2000, 4, 240, 512);
  CHECK(b[0].row_end == 960);
  CHECK(b[0].col_end == 512);
  CHECK(b[1].col_begin == 512);
  CHECK(b[2].row_begin == 960);
  REQUIRE_THROWS_WITH(block_partition(10, 10, 2, 240, 0), Contains("alignment must be at least 1"));
}
