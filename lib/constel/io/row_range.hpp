// Reading a range of rows of an embedding file without reading the rest, for verification spread
// over several processes (docs/distributed.md): each process reads only the rows of U and V its block
// of the pair grid needs, so its memory is its share of the data. .npy (C or Fortran order, any
// byte order), stored (uncompressed) .npz members, .safetensors and .fvecs are read by positioned
// reads (pread) after the header or directory is parsed (.npy, .fvecs and .safetensors: from the
// file's first bytes alone; .npz: still from the whole file, read once per call of
// read_embedding_rows, once per EmbeddingRowReader: a transient buffer of the file's size); HDF5
// datasets (chunked and compressed ones too) by hyperslabs (hdf5.hpp). Text files and deflated .npz
// members cannot be read by offset: for them
// read_embedding_rows reads the whole array and keeps the rows asked for, and `by_offset` in the
// layout says so, so a caller can read them once and hand the rows out instead.
//
// The values are exactly those read_embedding_matrix gives for the same rows, with the same messages:
// a NaN in row 1000 reads "U.npy: row 1000, column 3 is NaN ..." whichever range holds it.
//
// Example:
//   EmbeddingLayout L = probe_embedding("u.npy");          // rows, cols, dtype; reads only the header
//   FloatMatrix part = read_embedding_rows("u.npy", "", 1000, 2000);   // rows 1000..1999
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "constel/error.hpp"
#include "constel/io/float_matrix.hpp"

namespace constel {

struct EmbeddingLayout {
  std::size_t rows = 0, cols = 0;
  FloatDType stored = FloatDType::F32;
  bool by_offset = false;  // rows can be read by positioned reads
  std::string source;      // as the whole-file reader names it in messages: "path" or "path[key]"
};

// The shape and type of the array, from its header (the whole file only for text and deflated .npz).
// Throws InputError as read_embedding_matrix does for a malformed, empty or unknown file.
EmbeddingLayout probe_embedding(const std::string& path, const std::string& key = "");

// Whether the array can be read by offset, from the extension and (for .npz) the directory alone:
// false for text and deflated .npz members. Never throws for a file that cannot be read: it answers
// true then, and the reader reports what is wrong.
bool embedding_readable_by_offset(const std::string& path, const std::string& key = "");

// Rows [begin, end) of the array (end <= rows), checked finite unless check_finite is false (a caller
// that orders its checks as the whole-file reader does: structure first, then values); the matrix's
// source names the file as the whole-file reader does, and messages give the row in the whole file.
// .npz members read by offset skip the CRC-32 check the whole-file reader makes (it needs every byte).
FloatMatrix read_embedding_rows(const std::string& path, const std::string& key, std::size_t begin, std::size_t end,
                                bool check_finite = true);

// An array opened once (its header or directory parsed, which reads the file once) whose rows are then
// read by offset, each call as read_embedding_rows (which parses the header on every call). Copies
// share the state; reading from several threads at once is allowed.
class EmbeddingRowReader {
 public:
  EmbeddingRowReader(const std::string& path, const std::string& key = "");  // throws as probe_embedding
  const EmbeddingLayout& layout() const;
  FloatMatrix rows(std::size_t begin, std::size_t end, bool check_finite = true) const;

 private:
  struct State;
  std::shared_ptr<const State> state_;
};

// Throws InputError "SOURCE: row R, column C is NaN (rows and columns count from 0)" for the first
// non-finite entry of `m`, whose row 0 is row `first_row` of the whole array.
void throw_if_not_finite_rows(const FloatMatrix& m, std::size_t first_row);

}  // namespace constel
