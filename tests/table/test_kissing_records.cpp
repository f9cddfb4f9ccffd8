// The kissing-record columns of `constel table --codes` (tables/kissing_records.hpp): at s = 1/2 the
// record and whether the catalog's explicit code reaches it, with the reason when it does not; empty at
// other s.
#include <catch2/catch.hpp>

#include "constel/tables/bound_tables.hpp"
#include "constel/tables/kissing_records.hpp"

using namespace constel;

TEST_CASE("1229: kissing records are reached at 2, 6, 7, 16, 22-24 with reasons elsewhere, in the table columns", "[quick][table]") {
  CHECK(*kissing_record(16) == 4320);
  CHECK(*kissing_record(9) == 306);
  CHECK_FALSE(kissing_record(25).has_value());
  CHECK(kissing_record_status(16, Integer(4320)) == "reached");
  CHECK(kissing_record_status(17, Integer(5346)).find("Cohn-Li") != std::string::npos);
  CHECK(kissing_record_status(12, Integer(756)).find("P12a") != std::string::npos);
  const auto& cols = code_table_columns();
  auto col = [&](const std::string& name) { return std::size_t(std::find(cols.begin(), cols.end(), name) - cols.begin()); };
  REQUIRE(col("record_status") < cols.size());
  Table t = code_bounds_table({2, 6, 7, 12, 16, 17, 23}, {Rational(1, 3), Rational(1, 2)}, false);
  REQUIRE(t.rows.size() == 14);
  std::size_t reached = 0;
  for (const auto& row : t.rows) {
    INFO(row[0].text << " " << row[1].text << " " << row[col("explicit_code")].text);
    if (row[1].text == "1/3") {
      CHECK(row[col("record")].text.empty());
      continue;
    }
    const std::string& status = row[col("record_status")].text;
    bool is_reached = status == "reached";
    reached += is_reached;
    if (is_reached) CHECK(row[col("explicit_points")].text == row[col("record")].text);
    if (row[0].text == "12") CHECK(status.find("P12a") != std::string::npos);
  }
  CHECK(reached == 5);  // 2 (a2), 6 (e6), 7 (e7), 16 (bw16), 23 (lambda:23)
}
