// Dispatch by extension for embedding and label files (see embedding_file.hpp).
#include "constel/io/embedding_file.hpp"

#include <algorithm>
#include <cctype>

#include "constel/error.hpp"
#include "constel/io/csv_matrix.hpp"
#include "constel/io/fvecs.hpp"
#include "constel/io/hdf5.hpp"
#include "constel/io/mapped_file.hpp"
#include "constel/io/npy.hpp"
#include "constel/io/npz.hpp"
#include "constel/io/safetensors.hpp"

namespace constel {

const char* const kEmbeddingFormats = ".npy, .npz, .safetensors, .h5/.hdf5, .fvecs, .csv, .tsv or .txt";

EmbeddingFormat embedding_format_of(const std::string& path) {
  if (auto f = embedding_format_from_name(path)) return *f;
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower.ends_with(".pt") || lower.ends_with(".pth"))
    throw InputError(path + ": Torch files are not read by the command line (unpickling runs code); convert once "
                     "with python3 -c \"import torch, numpy; numpy.save('U.npy', torch.load('" + path +
                     "').float().numpy())\", or pass the tensors to the Python module (constel.verify takes "
                     "torch tensors)");
  throw InputError(path + ": unknown embedding format (expected " + kEmbeddingFormats + ")");
}

std::optional<EmbeddingFormat> embedding_format_from_name(const std::string& path) {
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  auto ends = [&](const char* e) { return lower.ends_with(e); };
  if (ends(".npy")) return EmbeddingFormat::Npy;
  if (ends(".npz")) return EmbeddingFormat::Npz;
  if (ends(".safetensors")) return EmbeddingFormat::Safetensors;
  if (ends(".h5") || ends(".hdf5") || ends(".hdf")) return EmbeddingFormat::Hdf5;
  if (ends(".fvecs")) return EmbeddingFormat::Fvecs;
  if (ends(".csv") || ends(".tsv") || ends(".txt")) return EmbeddingFormat::Csv;
  return std::nullopt;
}

bool embedding_format_is_keyed(EmbeddingFormat f) {
  return f == EmbeddingFormat::Npz || f == EmbeddingFormat::Safetensors || f == EmbeddingFormat::Hdf5;
}

FloatMatrix read_embedding_matrix(const std::string& path, const std::string& key, CsvHeader header) {
  EmbeddingFormat f = embedding_format_of(path);
  bool keyed = embedding_format_is_keyed(f);
  if (keyed && key.empty()) throw InputError(path + ": an array name (key) is needed to read from this file");
  if (!keyed && !key.empty()) throw InputError(path + ": holds one array, a key ('" + key + "') makes no sense");
  FloatMatrix m;
  switch (f) {
    case EmbeddingFormat::Npy: m = read_npy_matrix(path); break;
    case EmbeddingFormat::Npz: m = read_npz_matrix(path, key); break;
    case EmbeddingFormat::Safetensors: m = read_safetensors_matrix(path, key); break;
    case EmbeddingFormat::Hdf5: m = read_hdf5_matrix(path, key); break;
    case EmbeddingFormat::Fvecs: m = read_fvecs(path); break;
    case EmbeddingFormat::Csv: m = read_csv_matrix(path, header); break;
  }
  m.throw_if_empty();
  m.throw_if_not_finite();
  return m;
}

std::vector<std::int64_t> read_labels(const std::string& path, const std::string& key, CsvHeader header) {
  if (embedding_format_from_name(path) == EmbeddingFormat::Hdf5) {
    if (key.empty()) throw InputError(path + ": the labels' dataset path (key) is needed to read from an HDF5 file");
    return read_hdf5_labels(path, key);
  }
  MappedFile f(path);
  std::vector<std::int64_t> labels;
  if (path.ends_with(".npy"))
    labels = decode_npy_integers(f.bytes(), path);
  else if (path.ends_with(".npz"))
    labels = decode_npz_integers(f.bytes(), key.empty() ? std::string("labels") : key, path);
  else
    labels = decode_text_integers(f.bytes(), path, header);
  if (labels.empty()) throw InputError(path + ": no labels");
  return labels;
}

}  // namespace constel
