// Kissing records and why the toolkit does not reach some of them (see kissing_records.hpp; the reasons
// are spelled out in docs/constructions.md "Kissing records n = 9..23").
#include "constel/tables/kissing_records.hpp"

namespace constel {
namespace {

const long kRecord[25] = {0,   2,    6,    12,   24,   40,   72,    126,   240,   306,   510,   593,    840,
                          1154, 1932, 2564, 4320, 5730, 7654, 11692, 19448, 29768, 49896, 93150, 196560};

}  // namespace

std::optional<Integer> kissing_record(std::size_t n) {
  if (n < 1 || n > 24) return std::nullopt;
  return Integer(kRecord[n]);
}

std::string kissing_record_status(std::size_t n, const Integer& reached) {
  auto r = kissing_record(n);
  if (!r) return "";
  if (reached >= *r) return "reached";
  if (n == 9) return "not built: nonlattice record; Lambda_9 (272) not built either";
  if (n == 10 || n == 11 || n == 14) return "not built: nonlattice record (Ganzhinov 2022)";
  if (n == 12) return "not built: nonlattice P12a (K12 gives 756)";
  if (n == 13 || n == 15) return "not built: nonlattice record";
  if (n >= 17 && n <= 21) return "not built: Cohn-Li 2024 sign-modified Leech sections (Lambda_n built)";
  return "not built";
}

}  // namespace constel
