// The per-step CSV log of `constel train --log FILE` (docs/training.md): the header
// step,loss,t,b,b_rel,margin,relative_bias,delta and one line per logged step (TrainOptions::on_log),
// every float with 17 significant digits (%.17g, so each double reads back exactly). The lines are
// collected in memory and written atomically once the run ends (io/atomic_file: "-" is standard output),
// so a killed run leaves no half-written log.
#pragma once

#include <string>

#include "constel/error.hpp"
#include "constel/train/trainer.hpp"

namespace constel::train {

class TrainLogCsv {
 public:
  TrainLogCsv();                     // the header line
  void add(const TrainLogRow& row);  // one line
  const std::string& text() const { return text_; }
  void write(const std::string& path) const;  // throws InputError naming the path when it cannot

 private:
  std::string text_;
};

}  // namespace constel::train
