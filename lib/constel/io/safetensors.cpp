// .safetensors reading (nlohmann-json for the header) and a small writer for tests.
#include "constel/io/safetensors.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <tuple>

#include "constel/error.hpp"
#include "constel/io/mapped_file.hpp"

namespace constel {
namespace {

[[noreturn]] void bad(const std::string& source, const std::string& what) {
  throw InputError(source + ": bad .safetensors file: " + what);
}

// Two tensors whose data_offsets ranges share a byte are refused (entries that are not well-formed
// tensors are left to the reader of that tensor, which names what is wrong).
void throw_if_overlapping(const nlohmann::json& h, const std::string& source) {
  std::vector<std::tuple<std::uint64_t, std::uint64_t, std::string>> ranges;
  for (auto& [k, v] : h.items()) {
    if (k == "__metadata__" || !v.is_object() || !v.contains("data_offsets")) continue;
    const auto& o = v["data_offsets"];
    if (!o.is_array() || o.size() != 2 || !o[0].is_number_unsigned() || !o[1].is_number_unsigned()) continue;
    std::uint64_t begin = o[0], end = o[1];
    if (begin < end) ranges.emplace_back(begin, end, k);
  }
  std::sort(ranges.begin(), ranges.end());
  for (std::size_t i = 1; i < ranges.size(); ++i)
    if (std::get<0>(ranges[i]) < std::get<1>(ranges[i - 1]))
      bad(source, "tensors '" + std::get<2>(ranges[i - 1]) + "' and '" + std::get<2>(ranges[i]) +
                      "' have overlapping data_offsets");
}

// The header parsed once (nlohmann::json: a sorted map, so many keys cost n log n, not n^2), with a
// callback that refuses nesting deeper than kMaxSafetensorsDepth and more than
// kMaxSafetensorsValues values before they are built.
nlohmann::json header(std::string_view b, const std::string& source) {
  if (b.size() < 8) bad(source, b.empty() ? "the file is empty" : "shorter than the 8-byte header length");
  std::uint64_t n = load_le64(b.data());
  if (n > kMaxSafetensorsHeader)
    throw LimitError(source + ": .safetensors header length " + std::to_string(n) + " is absurd (limit 100 MiB)");
  if (n > b.size() - 8)
    bad(source, "truncated: the header length is " + std::to_string(n) + " bytes, the file has " +
                    std::to_string(b.size() - 8) + " after it");
  std::uint64_t values = 0;
  auto limit = [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > kMaxSafetensorsDepth)
      throw LimitError(source + ": .safetensors header nested deeper than " + std::to_string(kMaxSafetensorsDepth));
    if (++values > kMaxSafetensorsValues)
      throw LimitError(source + ": .safetensors header has more than " + std::to_string(kMaxSafetensorsValues) +
                       " JSON values");
    return true;
  };
  nlohmann::json j = nlohmann::json::parse(b.substr(8, n), limit, false);
  if (j.is_discarded() || !j.is_object()) bad(source, "the header is not a JSON object");
  throw_if_overlapping(j, source);
  return j;
}

// The tensor names in the order of their data in the file (the order a writer put them in; the
// parsed header itself is sorted by name), names without a valid offset last.
std::vector<std::string> names_in_data_order(const nlohmann::json& h) {
  std::vector<std::pair<std::uint64_t, std::string>> keyed;
  for (auto& [k, v] : h.items()) {
    if (k == "__metadata__") continue;
    std::uint64_t at = UINT64_MAX;
    if (v.is_object() && v.contains("data_offsets") && v["data_offsets"].is_array() && !v["data_offsets"].empty() &&
        v["data_offsets"][0].is_number_unsigned())
      at = v["data_offsets"][0].get<std::uint64_t>();
    keyed.emplace_back(at, k);
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::string> names;
  for (auto& [at, k] : keyed) names.push_back(k);
  return names;
}

}  // namespace

std::vector<std::string> safetensors_names(std::string_view bytes, const std::string& source) {
  return names_in_data_order(header(bytes, source));
}

SafetensorsEntry locate_safetensors_matrix(std::string_view b, const std::string& name, const std::string& source) {
  const nlohmann::json h = header(b, source);
  const std::string where = source + "[" + name + "]";
  if (!h.contains(name) || name == "__metadata__") {
    std::string list;
    for (const std::string& k : names_in_data_order(h)) list += (list.empty() ? "" : ", ") + k;
    throw InputError(source + ": no tensor '" + name + "' (the file holds: " + (list.empty() ? "nothing" : list) + ")");
  }
  const nlohmann::json& t = h.at(name);
  if (!t.is_object() || !t.contains("dtype") || !t["dtype"].is_string() || !t.contains("shape") ||
      !t["shape"].is_array() || !t.contains("data_offsets") || !t["data_offsets"].is_array() ||
      t["data_offsets"].size() != 2)
    bad(where, "tensor entry lacks dtype, shape or data_offsets");
  std::string dtype = t["dtype"];
  unsigned item;
  FloatDType kind;
  if (dtype == "F32") item = 4, kind = FloatDType::F32;
  else if (dtype == "F16") item = 2, kind = FloatDType::F16;
  else if (dtype == "BF16") item = 2, kind = FloatDType::BF16;
  else if (dtype == "F64") item = 8, kind = FloatDType::F64;
  else throw InputError(where + ": wrong dtype '" + dtype + "': embeddings must be F32, F16, BF16 or F64");
  std::vector<std::uint64_t> shape;
  for (const auto& s : t["shape"]) {
    if (!s.is_number_unsigned()) bad(where, "shape entries must be non-negative integers");
    shape.push_back(s.get<std::uint64_t>());
  }
  if (shape.size() != 2) throw InputError(where + ": expected a rank-2 tensor (N, d), got rank " + std::to_string(shape.size()));
  for (const auto& o : t["data_offsets"])
    if (!o.is_number_unsigned()) bad(where, "data_offsets must be non-negative integers");
  std::uint64_t begin = t["data_offsets"][0], end = t["data_offsets"][1];
  std::uint64_t count = checked_entries(shape[0], shape[1], where);
  std::uint64_t base = 8 + load_le64(b.data());
  std::uint64_t avail = b.size() - base;
  if (begin > end) bad(where, "data_offsets are reversed");
  if (end > avail)
    bad(where, "truncated: the tensor ends at data offset " + std::to_string(end) + ", the data section has " +
                   std::to_string(avail) + " bytes");
  if (end - begin != count * item)
    bad(where, "shape [" + std::to_string(shape[0]) + ", " + std::to_string(shape[1]) + "] of " + dtype + " needs " +
                   std::to_string(count * item) + " bytes, data_offsets span " + std::to_string(end - begin));
  SafetensorsEntry e;
  e.kind = kind, e.item = item, e.rows = shape[0], e.cols = shape[1], e.offset = base + begin, e.where = where;
  return e;
}

FloatMatrix decode_safetensors_matrix(std::string_view b, const std::string& name, const std::string& source) {
  const SafetensorsEntry e = locate_safetensors_matrix(b, name, source);
  const FloatDType kind = e.kind;
  const std::uint64_t count = e.rows * e.cols;
  FloatMatrix m(e.rows, e.cols, kind, e.where);
  if (count == 0) return m;  // empty: refused by the callers with a clear message (throw_if_empty)
  const char* p = b.data() + e.offset;
  if (kind == FloatDType::F32) {
    std::memcpy(m.f32(), p, count * 4);
  } else if (kind == FloatDType::F64) {
    std::memcpy(m.f64(), p, count * 8);
  } else {
    float* out = m.f32();
    for (std::uint64_t k = 0; k < count; ++k) {
      std::uint16_t bits = load_le16(p + 2 * k);
      out[k] = kind == FloatDType::F16 ? widen_f16(bits) : widen_bf16(bits);
    }
  }
  return m;
}

FloatMatrix read_safetensors_matrix(const std::string& path, const std::string& name) {
  MappedFile f(path);
  return decode_safetensors_matrix(f.bytes(), name, path);
}

std::string encode_safetensors(const std::vector<SafetensorsTensor>& tensors) {
  nlohmann::ordered_json h = nlohmann::ordered_json::object();
  std::string data;
  for (const auto& t : tensors) {
    h[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {data.size(), data.size() + t.data.size()}}};
    data += t.data;
  }
  std::string text = h.dump();
  while ((8 + text.size()) % 8 != 0) text.push_back(' ');
  std::string out(8, '\0');
  std::uint64_t n = text.size();
  for (int k = 0; k < 8; ++k) out[k] = static_cast<char>((n >> (8 * k)) & 0xff);
  return out + text + data;
}

}  // namespace constel
