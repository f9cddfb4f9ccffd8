// The one CSV writer (io/csv_writer.hpp) and the CSVs that go through it: RFC 4180 quoting of text
// fields, the per-step training log (train/train_log.hpp: 17 significant digits, so each double reads
// back exactly; written atomically) and the sweep CSV's quoting of text that holds commas or quotes.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "constel/io/csv_writer.hpp"
#include "constel/train/sweep.hpp"
#include "constel/train/train_log.hpp"
#include "support.hpp"

using namespace constel;

TEST_CASE("1203: CSV fields are quoted exactly when they must be, inner quotes doubled", "[quick][io]") {
  CHECK(format_csv_field("plain") == "plain");
  CHECK(format_csv_field("") == "");
  CHECK(format_csv_field("b_rel=0.5") == "b_rel=0.5");
  CHECK(format_csv_field("a,b") == "\"a,b\"");
  CHECK(format_csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(format_csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(format_csv_field("cr\r") == "\"cr\r\"");
  CHECK(format_csv_quoted_field("x") == "\"x\"");
  CHECK(format_csv_quoted_field("\"") == "\"\"\"\"");
  CHECK(format_csv_line({"a", format_csv_field("b,c"), ""}) == "a,\"b,c\",\n");
  CHECK(format_csv_line({}) == "\n");
}

TEST_CASE("1204: the training log has its header, 17-digit floats that read back, and an atomic write",
          "[quick][io][train]") {
  train::TrainLogCsv log;
  CHECK(log.text() == "step,loss,t,b,b_rel,margin,relative_bias,delta\n");
  train::TrainLogRow r;
  r.step = 7;
  r.loss = 0.1;
  r.t = 10.0 / 3.0;
  r.b = -1e-300;
  r.b_rel = 0;
  r.margin = -0.25;
  r.relative_bias = std::nextafter(1.0, 2.0);
  r.delta = 1;
  log.add(r);
  std::istringstream lines(log.text());
  std::string header, row;
  std::getline(lines, header);
  std::getline(lines, row);
  CHECK(row.rfind("7,", 0) == 0);
  std::vector<double> values;
  std::istringstream fields(row.substr(2));
  for (std::string f; std::getline(fields, f, ',');) values.push_back(std::stod(f));
  REQUIRE(values.size() == 7);
  CHECK(values[0] == r.loss);
  CHECK(values[1] == r.t);
  CHECK(values[2] == r.b);
  CHECK(values[5] == r.relative_bias);  // 1 + 2^-52 survives
  test::TempDir dir;
  const std::string path = dir.file("log.csv");
  log.write(path);
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() == log.text());
  CHECK_THROWS_WITH(log.write(dir.file("missing/log.csv")), Catch::Contains("missing"));
}

TEST_CASE("1205: the sweep CSV quotes text by the CSV rules", "[quick][io][train]") {
  train::SweepRun run;
  run.experiment = "mine, with a comma";
  run.variant = "b_rel=\"0.5\"";
  run.seed = 3;
  std::ostringstream out;
  train::write_sweep_csv(out, {run});
  std::istringstream lines(out.str());
  std::string header, row;
  std::getline(lines, header);
  std::getline(lines, row);
  CHECK(header.rfind("experiment,variant,seed,N,d,k,", 0) == 0);
  CHECK(row.rfind("\"mine, with a comma\",\"b_rel=\"\"0.5\"\"\",3,", 0) == 0);
  std::string last;
  CHECK_FALSE(std::getline(lines, last));
}
