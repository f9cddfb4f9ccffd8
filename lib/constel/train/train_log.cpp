// The per-step training log as CSV (see train_log.hpp).
#include "constel/train/train_log.hpp"

#include <fmt/format.h>

#include "constel/io/atomic_file.hpp"
#include "constel/io/csv_writer.hpp"

namespace constel::train {

TrainLogCsv::TrainLogCsv()
    : text_(format_csv_line({"step", "loss", "t", "b", "b_rel", "margin", "relative_bias", "delta"})) {}

void TrainLogCsv::add(const TrainLogRow& r) {
  auto g = [](double x) { return fmt::format("{:.17g}", x); };
  text_ += format_csv_line(
      {std::to_string(r.step), g(r.loss), g(r.t), g(r.b), g(r.b_rel), g(r.margin), g(r.relative_bias), g(r.delta)});
}

void TrainLogCsv::write(const std::string& path) const { write_bytes_atomically(path, text_); }

}  // namespace constel::train
