// The HDF5 reader (see hdf5.hpp): handles closed by RAII, the library's error stack silenced and its
// innermost message folded into an InputError, the checks of rank, shape and type in plain functions,
// and the rows read in blocks through hyperslabs. The serial HDF5 of Debian is not thread-safe: every
// call into it holds one mutex.
#include "constel/io/hdf5.hpp"

#include <hdf5.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

namespace constel {
namespace {

std::mutex& hdf5_mutex() {
  static std::mutex m;
  return m;
}

// The innermost message on HDF5's error stack (empty when there is none), the stack then cleared.
std::string library_message() {
  std::string msg;
  auto walk = [](unsigned n, const H5E_error2_t* e, void* data) -> herr_t {
    if (n == 0 && e && e->desc) *static_cast<std::string*>(data) = e->desc;
    return 0;
  };
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, walk, &msg);
  H5Eclear2(H5E_DEFAULT);
  return msg;
}

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  std::string lib = library_message();
  throw InputError(where + ": " + what + (lib.empty() ? "" : " (HDF5: " + lib + ")"));
}

class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle& operator=(Handle&&) = delete;
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

Handle open_file(const std::string& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
  if (!S_ISREG(st.st_mode)) throw InputError(path + ": not a regular file");
  if (H5Fis_hdf5(path.c_str()) <= 0) fail(path, "not an HDF5 file");
  Handle f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!f.ok()) fail(path, "cannot open as an HDF5 file");
  return f;
}

std::vector<std::string> dataset_names(hid_t file) {
  std::vector<std::string> names;
  auto visit = [](hid_t g, const char* name, const H5L_info_t*, void* data) -> herr_t {
    hid_t o = H5Oopen(g, name, H5P_DEFAULT);
    if (o >= 0) {
      if (H5Iget_type(o) == H5I_DATASET)
        static_cast<std::vector<std::string>*>(data)->push_back(std::string("/") + name);
      H5Oclose(o);
    }
    return 0;
  };
  H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, visit, &names);
  H5Eclear2(H5E_DEFAULT);
  return names;
}

std::string list_for_message(const std::vector<std::string>& names) {
  if (names.empty()) return "the file holds no dataset";
  std::string s = "datasets in the file: ";
  for (std::size_t k = 0; k < names.size() && k < 20; ++k) s += (k ? ", " : "") + names[k];
  if (names.size() > 20) s += ", ... (" + std::to_string(names.size()) + " in all)";
  return s;
}

Handle open_dataset(hid_t file, const std::string& path, const std::string& dataset, const std::string& where) {
  if (dataset.empty())
    throw InputError(path + ": a dataset path (key) is needed to read from an HDF5 file (" +
                     list_for_message(dataset_names(file)) + ")");
  Handle d(H5Dopen2(file, dataset.c_str(), H5P_DEFAULT), H5Dclose);
  if (!d.ok()) {
    H5Eclear2(H5E_DEFAULT);
    throw InputError(where + ": no dataset '" + dataset + "' (" + list_for_message(dataset_names(file)) + ")");
  }
  return d;
}

Hdf5TypeInfo type_info(hid_t t) {
  Hdf5TypeInfo info;
  const H5T_class_t c = H5Tget_class(t);
  info.size = H5Tget_size(t);
  info.big_endian = H5Tget_order(t) == H5T_ORDER_BE;
  static const std::pair<H5T_class_t, const char*> names[] = {
      {H5T_STRING, "string"},     {H5T_COMPOUND, "compound"},    {H5T_ENUM, "enum"},
      {H5T_ARRAY, "array"},       {H5T_VLEN, "variable-length"}, {H5T_OPAQUE, "opaque"},
      {H5T_BITFIELD, "bitfield"}, {H5T_REFERENCE, "reference"},  {H5T_TIME, "time"}};
  info.class_name = "unknown";
  for (const auto& [k, n] : names)
    if (c == k) info.class_name = n;
  if (c == H5T_FLOAT) {
    info.type_class = Hdf5TypeInfo::Float, info.class_name = "float";
    H5Tget_fields(t, &info.sign_pos, &info.exp_pos, &info.exp_size, &info.mant_pos, &info.mant_size);
    info.exp_bias = H5Tget_ebias(t);
    info.implied_norm = H5Tget_norm(t) == H5T_NORM_IMPLIED;
  } else if (c == H5T_INTEGER) {
    info.type_class = Hdf5TypeInfo::Integer, info.class_name = "integer";
    info.is_signed = H5Tget_sign(t) != H5T_SGN_NONE;
  }
  return info;
}

struct Opened {
  Handle file, dataset, space, type;
  std::vector<std::uint64_t> dims;
  Hdf5TypeInfo info;
};

Opened open_all(const std::string& path, const std::string& dataset, const std::string& where) {
  Handle f = open_file(path);
  Handle d = open_dataset(f.get(), path, dataset, where);
  Handle s(H5Dget_space(d.get()), H5Sclose);
  Handle t(H5Dget_type(d.get()), H5Tclose);
  if (!s.ok() || !t.ok()) fail(where, "cannot read the dataset's shape or type");
  const int rank = H5Sget_simple_extent_ndims(s.get());
  if (rank < 0) fail(where, "cannot read the dataset's shape");
  std::vector<hsize_t> h(std::size_t(rank) + 1);
  if (rank > 0 && H5Sget_simple_extent_dims(s.get(), h.data(), nullptr) < 0)
    fail(where, "cannot read the dataset's shape");
  std::vector<std::uint64_t> dims(h.begin(), h.begin() + rank);
  Hdf5TypeInfo info = type_info(t.get());
  return Opened{std::move(f), std::move(d), std::move(s), std::move(t), std::move(dims), std::move(info)};
}

std::string shape_text(const std::vector<std::uint64_t>& dims) {
  std::string s = "(";
  for (std::size_t k = 0; k < dims.size(); ++k) s += (k ? ", " : "") + std::to_string(dims[k]);
  return s + (dims.size() == 1 ? ",)" : ")");
}

bool fields_are(const Hdf5TypeInfo& t, std::size_t size, std::size_t esize, std::size_t msize, std::uint64_t bias) {
  return t.implied_norm && t.size == size && t.sign_pos == 8 * size - 1 && t.exp_pos == msize && t.exp_size == esize &&
         t.mant_pos == 0 && t.mant_size == msize && t.exp_bias == bias;
}

// Reads rows [begin, end) of a 2-D dataset into m (float32 or float64 storage), block by block.
void read_blocks(const Opened& o, FloatDType stored, std::size_t begin, std::size_t end, FloatMatrix& m,
                 const std::string& where) {
  const std::size_t d = m.cols(), item = stored == FloatDType::F64 ? 8 : stored == FloatDType::F32 ? 4 : 2;
  const std::size_t per = std::max<std::size_t>(1, (std::size_t(4) << 20) / (d * item));
  Handle mem16(item == 2 ? H5Tcopy(o.type.get()) : -1, H5Tclose);
  if (item == 2 && (!mem16.ok() || H5Tset_order(mem16.get(), H5T_ORDER_LE) < 0)) fail(where, "cannot set up the read");
  const hid_t memtype = item == 8 ? H5T_NATIVE_DOUBLE : item == 4 ? H5T_NATIVE_FLOAT : mem16.get();
  std::vector<std::uint16_t> bits;
  for (std::size_t r = begin; r < end; r += per) {
    const std::size_t n = std::min(per, end - r);
    hsize_t start[2] = {hsize_t(r), 0}, count[2] = {hsize_t(n), hsize_t(d)};
    if (H5Sselect_hyperslab(o.space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr) < 0)
      fail(where, "cannot select rows " + std::to_string(r) + ".." + std::to_string(r + n));
    Handle ms(H5Screate_simple(2, count, nullptr), H5Sclose);
    void* dst = item == 8   ? static_cast<void*>(m.f64() + (r - begin) * d)
                : item == 4 ? static_cast<void*>(m.f32() + (r - begin) * d)
                            : nullptr;
    if (item == 2) bits.resize(n * d), dst = bits.data();
    if (!ms.ok() || H5Dread(o.dataset.get(), memtype, ms.get(), o.space.get(), H5P_DEFAULT, dst) < 0)
      fail(where, "cannot read rows " + std::to_string(r) + ".." + std::to_string(r + n));
    if (item == 2) {
      float* out = m.f32() + (r - begin) * d;
      for (std::size_t k = 0; k < n * d; ++k)
        out[k] = stored == FloatDType::BF16 ? widen_bf16(bits[k]) : widen_f16(bits[k]);
    }
  }
}

}  // namespace

FloatDType hdf5_float_layout(const std::vector<std::uint64_t>& dims, const Hdf5TypeInfo& t, const std::string& where) {
  if (t.type_class != Hdf5TypeInfo::Float)
    throw InputError(where + ": wrong type: the dataset holds " + t.class_name +
                     " values, embeddings must be float16, float32 or float64");
  FloatDType kind;
  if (fields_are(t, 2, 5, 10, 15))
    kind = FloatDType::F16;
  else if (fields_are(t, 2, 8, 7, 127))
    kind = FloatDType::BF16;
  else if (fields_are(t, 4, 8, 23, 127))
    kind = FloatDType::F32;
  else if (fields_are(t, 8, 11, 52, 1023))
    kind = FloatDType::F64;
  else
    throw InputError(where + ": a " + std::to_string(8 * t.size) +
                     "-bit float of a layout that is not IEEE binary16, bfloat16, binary32 or binary64 (sign bit " +
                     std::to_string(t.sign_pos) + ", exponent " + std::to_string(t.exp_size) + " bits, mantissa " +
                     std::to_string(t.mant_size) + " bits)");
  if (dims.size() != 2) throw InputError(where + ": expected a 2-D dataset (N, d), got shape " + shape_text(dims));
  if (dims[0] == 0 || dims[1] == 0)
    throw InputError(where + ": empty array (" + std::to_string(dims[0]) + " rows, " + std::to_string(dims[1]) +
                     " columns)");
  checked_entries(dims[0], dims[1], where);
  return kind;
}

std::size_t hdf5_label_layout(const std::vector<std::uint64_t>& dims, const Hdf5TypeInfo& t, const std::string& where) {
  if (t.type_class != Hdf5TypeInfo::Integer)
    throw InputError(where + ": labels must be integers, the dataset holds " + t.class_name + " values");
  if (t.size == 0 || t.size > 8)
    throw InputError(where + ": " + std::to_string(8 * t.size) + "-bit integers are not supported");
  if (dims.size() != 1 && dims.size() != 2)
    throw InputError(where + ": labels must be a 1-D dataset (or 2-D: its first column), got shape " +
                     shape_text(dims));
  if (dims[0] == 0 || (dims.size() == 2 && dims[1] == 0))
    throw InputError(where + ": no labels (shape " + shape_text(dims) + ")");
  checked_entries(dims[0], 1, where);
  return std::size_t(dims[0]);
}

Hdf5Layout probe_hdf5_matrix(const std::string& path, const std::string& dataset) {
  std::lock_guard<std::mutex> lock(hdf5_mutex());
  const std::string where = path + "[" + dataset + "]";
  Opened o = open_all(path, dataset, where);
  Hdf5Layout L;
  L.stored = hdf5_float_layout(o.dims, o.info, where);
  L.rows = std::size_t(o.dims[0]), L.cols = std::size_t(o.dims[1]), L.where = where;
  return L;
}

FloatMatrix read_hdf5_rows(const std::string& path, const std::string& dataset, std::size_t begin, std::size_t end) {
  std::lock_guard<std::mutex> lock(hdf5_mutex());
  const std::string where = path + "[" + dataset + "]";
  Opened o = open_all(path, dataset, where);
  const FloatDType stored = hdf5_float_layout(o.dims, o.info, where);
  if (begin > end || end > o.dims[0])
    throw InputError(where + ": rows " + std::to_string(begin) + ".." + std::to_string(end) +
                     " asked for, the array has " + std::to_string(o.dims[0]));
  FloatMatrix m(end - begin, std::size_t(o.dims[1]), stored, where);
  if (end > begin) read_blocks(o, stored, begin, end, m, where);
  return m;
}

FloatMatrix read_hdf5_matrix(const std::string& path, const std::string& dataset) {
  const Hdf5Layout L = probe_hdf5_matrix(path, dataset);
  return read_hdf5_rows(path, dataset, 0, L.rows);
}

std::vector<std::int64_t> read_hdf5_labels(const std::string& path, const std::string& dataset) {
  std::lock_guard<std::mutex> lock(hdf5_mutex());
  const std::string where = path + "[" + dataset + "]";
  Opened o = open_all(path, dataset, where);
  const std::size_t n = hdf5_label_layout(o.dims, o.info, where);
  if (!o.info.is_signed && o.info.size == 8)
    throw InputError(where + ": unsigned 64-bit labels are not supported (store them as int64)");
  std::vector<std::int64_t> labels(n);
  hsize_t start[2] = {0, 0}, count[2] = {hsize_t(n), 1};
  if (H5Sselect_hyperslab(o.space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr) < 0)
    fail(where, "cannot select the labels");
  hsize_t mcount[1] = {hsize_t(n)};
  Handle ms(H5Screate_simple(1, mcount, nullptr), H5Sclose);
  if (!ms.ok() || H5Dread(o.dataset.get(), H5T_NATIVE_INT64, ms.get(), o.space.get(), H5P_DEFAULT, labels.data()) < 0)
    fail(where, "cannot read the labels");
  return labels;
}

std::vector<std::string> hdf5_dataset_names(const std::string& path) {
  std::lock_guard<std::mutex> lock(hdf5_mutex());
  Handle f = open_file(path);
  return dataset_names(f.get());
}

}  // namespace constel
