// One entry point for every embedding format: the reader is chosen by the file's extension (.npy,
// .npz with a key, .safetensors with a key, HDF5 .h5/.hdf5/.hdf with a dataset path, .fvecs,
// .csv/.tsv/.txt; Torch .pt/.pth files are refused with the one-line conversion to .npy), and the result is checked for
// emptiness and for NaN/Inf (reported with row and column). Labels files (.npy integers, .npz with a
// key, an HDF5 integer dataset, or text with one integer per line) go through read_labels.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "constel/error.hpp"
#include "constel/io/csv_matrix.hpp"
#include "constel/io/float_matrix.hpp"

namespace constel {

enum class EmbeddingFormat { Npy, Npz, Safetensors, Hdf5, Fvecs, Csv };

// From the extension; throws InputError for an unknown one (for .pt/.pth: Torch files are not read,
// the message names the conversion).
EmbeddingFormat embedding_format_of(const std::string& path);
// The same without throwing: nullopt for a name that is no embedding file's.
std::optional<EmbeddingFormat> embedding_format_from_name(const std::string& path);

// The accepted formats in words, for messages: ".npy, .npz, .safetensors, .h5/.hdf5, .fvecs, .csv, .tsv or .txt".
extern const char* const kEmbeddingFormats;

// Whether the format holds several arrays, so that a key (array name, dataset path) is needed.
bool embedding_format_is_keyed(EmbeddingFormat f);

// Reads, then checks non-empty and finite. `key` is required for .npz, .safetensors and HDF5 (InputError
// otherwise) and refused for the others. `header` applies to text files only (csv_matrix.hpp).
FloatMatrix read_embedding_matrix(const std::string& path, const std::string& key = "",
                                  CsvHeader header = CsvHeader::Auto);

std::vector<std::int64_t> read_labels(const std::string& path, const std::string& key = "",
                                      CsvHeader header = CsvHeader::Auto);

}  // namespace constel
