// Lines of a text stream read in large blocks: the stream's buffer is asked for 1 MiB at a time
// (std::streambuf::sgetn, which a file buffer serves with one read() straight into our block), and
// each line is handed out as a view into the block, so a reader that tokenises the view in place
// allocates nothing per line. Lines are cut at '\n' exactly as std::getline cuts them (a last line
// without '\n' is a line; a '\r' before the '\n' is kept, the caller decides). Memory: the block,
// grown only for a line longer than it, and never past max_line plus one block.
#pragma once

#include <cstddef>
#include <istream>
#include <memory>
#include <string_view>

namespace constel {

class LineReader {
 public:
  enum class Status { Line, End, TooLong, ReadError };

  LineReader(std::istream& in, std::size_t max_line);

  // The next line (without its '\n') into line: Line; End after the last one; TooLong when a line
  // has more than max_line bytes (line is then empty); ReadError when the stream's buffer failed or
  // the stream had failed before (one already at its end gives End).
  Status next(std::string_view& line);

 private:
  bool fill();  // reads more after end_; false at the end of the stream

  std::istream& in_;
  std::size_t max_line_;
  std::unique_ptr<char[]> buf_;
  std::size_t cap_ = 0, begin_ = 0, scan_ = 0, end_ = 0;
  bool eof_ = false, error_ = false;
};

}  // namespace constel
