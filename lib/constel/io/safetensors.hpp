// Hugging Face .safetensors files: an 8-byte little-endian header length, a JSON header mapping tensor
// names to {"dtype", "shape", "data_offsets"} (offsets relative to the end of the header), then the
// raw little-endian data. F32, F16, BF16 and F64 tensors of rank 2 become FloatMatrix with the exact
// stored values. Header length, offsets, shape and dtype are all checked against the file and each
// other before anything is allocated; the header is parsed once (nesting and value count limited
// below) and two tensors with overlapping data_offsets are refused.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "constel/error.hpp"
#include "constel/io/float_matrix.hpp"

namespace constel {

constexpr std::uint64_t kMaxSafetensorsHeader = std::uint64_t(100) << 20;  // as the reference library
constexpr int kMaxSafetensorsDepth = 16;                                   // JSON nesting of the header
constexpr std::uint64_t kMaxSafetensorsValues = 4000000;                   // JSON values in the header

std::vector<std::string> safetensors_names(std::string_view bytes, const std::string& source);
// Where a rank-2 float tensor lies in the file, every check of decode_safetensors_matrix made: its
// stored type, item size, shape and the absolute offset of its first byte (rows are contiguous).
struct SafetensorsEntry {
  FloatDType kind = FloatDType::F32;
  unsigned item = 4;
  std::uint64_t rows = 0, cols = 0, offset = 0;
  std::string where;  // "file[name]"
};
SafetensorsEntry locate_safetensors_matrix(std::string_view bytes, const std::string& name, const std::string& source);

FloatMatrix decode_safetensors_matrix(std::string_view bytes, const std::string& name, const std::string& source);
FloatMatrix read_safetensors_matrix(const std::string& path, const std::string& name);

// One-tensor-per-entry writer (dtype "F32", "F16", "BF16" or "F64" with raw little-endian data).
struct SafetensorsTensor {
  std::string name, dtype;
  std::vector<std::uint64_t> shape;
  std::string data;
};
std::string encode_safetensors(const std::vector<SafetensorsTensor>& tensors);

}  // namespace constel
