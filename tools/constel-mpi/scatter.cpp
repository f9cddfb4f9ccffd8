// RowStore and the hand-out of rows from rank 0 (see scatter.hpp).
#include "scatter.hpp"

#include <algorithm>
#include <cstring>
#include <sstream>

#include "constel/error.hpp"

namespace constel::tool {
namespace {

void put_u64(std::string& out, std::uint64_t x) { out.append(reinterpret_cast<const char*>(&x), 8); }

std::uint64_t get_u64(std::string_view b, std::size_t& at) {
  if (at + 8 > b.size()) throw InternalError("constel-mpi: a row message ends early");
  std::uint64_t x;
  std::memcpy(&x, b.data() + at, 8);
  at += 8;
  return x;
}

CertifiedRowSource held_source(const std::shared_ptr<FloatMatrix>& held) {
  const FloatMatrix& M = *held;
  CertifiedRowSource s;
  s.rows = M.rows(), s.cols = M.cols(), s.stored = M.stored_type(), s.source = M.source();
  s.read = [held](std::size_t a, std::size_t b) {
    const FloatMatrix& M = *held;
    FloatMatrix part(b - a, M.cols(), M.stored_type(), M.source());
    const std::size_t n = (b - a) * M.cols();
    if (M.is_single())
      std::memcpy(part.f32(), M.f32() + a * M.cols(), 4 * n);
    else
      std::memcpy(part.f64(), M.f64() + a * M.cols(), 8 * n);
    return part;
  };
  return s;
}

CertifiedRowSource store_source(const std::shared_ptr<RowStore>& store, std::size_t rows, std::size_t cols,
                                FloatDType stored, const std::string& source) {
  CertifiedRowSource s;
  s.rows = rows, s.cols = cols, s.stored = stored, s.source = source;
  s.read = [store](std::size_t a, std::size_t b) { return store->read(a, b); };
  return s;
}

std::string shape_text(const FloatMatrix& M) {
  std::ostringstream o;
  o << M.rows() << ' ' << M.cols() << ' ' << int(M.stored_type()) << ' ' << M.source().size() << ' ' << M.source();
  return o.str();
}

std::shared_ptr<RowStore> store_of(std::istringstream& in, CertifiedRowSource& src) {
  std::size_t rows = 0, cols = 0, len = 0;
  int type = 0;
  in >> rows >> cols >> type >> len;
  in.get();
  std::string source(len, '\0');
  in.read(source.data(), std::streamsize(len));
  auto store = std::make_shared<RowStore>(rows, cols, FloatDType(type), source);
  src = store_source(store, rows, cols, FloatDType(type), source);
  return store;
}

}  // namespace

void RowStore::assign(std::string b) {
  runs_.clear(), at_.clear();
  bytes_ = std::string();  // the rows held before go first
  std::size_t at = 0;
  const std::uint64_t n = get_u64(b, at);
  const std::size_t item = stored_ == FloatDType::F64 ? 8 : 4, head = 8 + 16 * n;
  std::size_t values = 0;
  for (std::uint64_t k = 0; k < n; ++k) {
    const std::size_t first = get_u64(b, at), last = get_u64(b, at);
    if (first >= last || last > rows_ || (!runs_.empty() && first < runs_.back().second))
      throw InternalError("constel-mpi: a row message with bad runs");
    runs_.push_back({first, last}), at_.push_back(head + values * item);
    values += (last - first) * cols_;
  }
  if (b.size() != head + values * item) throw InternalError("constel-mpi: a row message of the wrong length");
  bytes_ = std::move(b);
}

FloatMatrix RowStore::read(std::size_t a, std::size_t b) const {
  FloatMatrix m(b - a, cols_, stored_, source_);
  const std::size_t item = stored_ == FloatDType::F64 ? 8 : 4;
  char* out = stored_ == FloatDType::F64 ? reinterpret_cast<char*>(m.f64()) : reinterpret_cast<char*>(m.f32());
  for (std::size_t i = a; i < b;) {
    auto it = std::upper_bound(runs_.begin(), runs_.end(), std::pair(i, ~std::size_t(0)));
    if (it == runs_.begin() || (it - 1)->second <= i)
      throw InternalError("constel-mpi: row " + std::to_string(i) + " of " + source_ + " was not sent to this rank");
    --it;
    const std::size_t e = std::min(b, it->second);
    const std::size_t from = at_[std::size_t(it - runs_.begin())] + (i - it->first) * cols_ * item;
    std::memcpy(out + (i - a) * cols_ * item, bytes_.data() + from, (e - i) * cols_ * item);
    i = e;
  }
  return m;
}

std::string rows_bytes(const FloatMatrix& M, const RowRuns& runs) {
  std::string out;
  std::size_t values = 0;
  for (const auto& [a, b] : runs) values += (b - a) * M.cols();
  out.reserve(8 + 16 * runs.size() + values * (M.is_single() ? 4 : 8));
  put_u64(out, runs.size());
  for (const auto& [a, b] : runs) put_u64(out, a), put_u64(out, b);
  for (const auto& [a, b] : runs) {
    const std::size_t n = (b - a) * M.cols();
    if (M.is_single())
      out.append(reinterpret_cast<const char*>(M.f32() + a * M.cols()), 4 * n);
    else
      out.append(reinterpret_cast<const char*>(M.f64() + a * M.cols()), 8 * n);
  }
  return out;
}

ScatteredData scatter_shapes(Session& s, FloatMatrix U, FloatMatrix V) {
  ScatteredData d;
  const std::string shapes = s.broadcast(s.root() ? shape_text(U) + '\n' + shape_text(V) : std::string());
  if (s.root()) {
    d.U = std::make_shared<FloatMatrix>(std::move(U)), d.V = std::make_shared<FloatMatrix>(std::move(V));
    d.su = held_source(d.U), d.sv = held_source(d.V);
    return d;
  }
  std::istringstream in(shapes);
  d.u = store_of(in, d.su);
  in.get();
  d.v = store_of(in, d.sv);
  return d;
}

void hand_out_rows(Session& s, ScatteredData& data, const std::function<CertifiedRowRuns(std::size_t rank)>& runs,
                   std::uint64_t order) {
  std::string mine_u, mine_v;
  for (int r = 1; r < s.size(); ++r) {
    std::string bu, bv;
    s.stage([&](std::uint64_t& o) {
      o = order;
      if (!s.root()) return;
      const CertifiedRowRuns want = runs(std::size_t(r));
      bu = rows_bytes(*data.U, want.u);
      bv = rows_bytes(*data.V, want.v);
    });
    std::string got = s.send(0, r, bu);
    bu = std::string();
    if (s.rank() == r) mine_u = std::move(got);
    got = s.send(0, r, bv);
    if (s.rank() == r) mine_v = std::move(got);
  }
  s.stage([&](std::uint64_t& o) {
    o = order;
    if (s.root()) return;
    data.u->assign(std::move(mine_u));
    data.v->assign(std::move(mine_v));
  });
}

}  // namespace constel::tool
