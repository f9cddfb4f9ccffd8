// Binary codes (docs/math.md section 3.6): bit-packed codewords, linear codes from generator matrices, the
// classical codes (simplex code, Reed-Muller, Golay, Nordstrom-Robinson), minimum distance checks, and
// the antipodal map c -> ((-1)^c_i)/sqrt(n) with <x, y> = 1 - 2 d_H(c, c')/n.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "constel/codes/source.hpp"

namespace constel::codes {

// M codewords of length n, bit i of word w at words[w * stride + i / 64] >> (i % 64).
struct BinaryCode {
  std::size_t n = 0, M = 0, stride = 0;
  std::vector<std::uint64_t> words;

  bool bit(std::size_t w, std::size_t i) const { return (words[w * stride + i / 64] >> (i % 64)) & 1u; }
  std::size_t distance(std::size_t a, std::size_t b) const;
  std::size_t weight(std::size_t a) const;
};

using BitRows = std::vector<std::vector<std::uint8_t>>;  // rows of 0/1

// All 2^k codewords of the linear code spanned by the k rows (Gray-code order). Throws InputError when
// the rows are linearly dependent over GF(2) (the message gives the rank), LimitError beyond 2^22 words.
BinaryCode linear_code(const BitRows& generator, std::size_t n);

// The code with exactly these words; throws InputError naming two equal rows.
BinaryCode code_from_words(const BitRows& words, std::size_t n);

// Minimum Hamming distance: for a linear code the minimum nonzero weight (O(M n)); otherwise all
// pairs (O(M^2 n / 64), LimitError beyond 50000 words).
std::size_t linear_minimum_distance(const BinaryCode& c);
std::size_t minimum_distance(const BinaryCode& c);

// Reads rows of 0/1 (spaces and commas ignored, '#' starts a comment); all rows the same length.
BitRows read_bit_rows(const std::string& path, std::size_t& n);

BinaryCode simplex_code(std::size_t r);            // (2^r - 1, 2^r, 2^(r-1))
BinaryCode reed_muller(std::size_t r, std::size_t mu);  // RM(r, mu)
BinaryCode golay24_code();                          // (24, 4096, 8)
BinaryCode golay23_code();                          // (23, 4096, 7)
BinaryCode nordstrom_robinson_code();               // (16, 256, 6)

// The antipodal image with entries +-1 and scales 1/n; alpha = 1 - 2 D / n for the given distance D.
PointSet binary_point_set(const BinaryCode& c, std::size_t D, std::string spec, std::string description);

// Checks that the distance is exactly `expected` (InternalError otherwise) and returns the point set.
PointSet checked_binary_point_set(const BinaryCode& c, bool linear, std::size_t expected, std::string spec,
                                  std::string description);

}  // namespace constel::codes
