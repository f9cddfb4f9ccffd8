// The certified verifier's plan class (internal): prepare (certified_plan.cpp) computes the exact
// positives and norms, the scales and error bounds and the histogram range, and runs the tile kernel on
// tiles; finish (certified_plan_finish.cpp) turns a partial covering every tile into the report.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "constel/error.hpp"
#include "constel/verify/detail/certified_kernel.hpp"
#include "constel/verify/detail/certified_plan.hpp"
#include "constel/verify/detail/extreme.hpp"
#include "constel/verify/detail/retrieval_pass.hpp"
#include "constel/verify/detail/row_access.hpp"

namespace constel::detail {

template <class T>
class PlanOf final : public CertifiedPlanState {
 public:
  static constexpr int E = exact_dot_exponent<T>();

  PlanOf(const T* U, const T* V, std::size_t nu, std::size_t nv, std::size_t d, std::vector<std::uint32_t> label,
         const CertifiedOptions& opt, unsigned threads, CertifiedReport header, std::vector<double> wu,
         std::vector<double> wv, const CertifiedRowSource* su, const CertifiedRowSource* sv,
         const CertifiedPlanShare* share)
      : wu_(std::move(wu)), wv_(std::move(wv)), U_(U), V_(V), nu_(nu), nv_(nv), d_(d), label_(std::move(label)),
        opt_(opt), threads_(threads), header_(std::move(header)) {
    if (su) src_u_ = *su, src_v_ = *sv;
    ur_ = RowAccess<T>(U_, src_u_ ? &*src_u_ : nullptr, d_);
    vr_ = RowAccess<T>(V_, src_v_ ? &*src_v_ : nullptr, d_);
    share_ = share;
    norms();
    positives();
    share_ = nullptr;
    setup();
    make_empty();
  }

  void process(std::uint64_t first, std::uint64_t last, CertifiedPartial& out) const override {
    if (!U_) throw InputError("a plan built from row sources processes blocks of tiles (certified_process_block)");
    certified_tile_range(ks_, packed_v_.get(), first, last, out);
    if (opt_.normalize && out.has_max) out.max_norm_u = nU_[out.max_i], out.max_norm_v = nV_[out.max_j];
  }

  CertifiedReport finish(const CertifiedPartial& all) const override;
  CertifiedPartial process_block(const PairBlock& tiles) const override;
  CertifiedTileGrid grid() const override {
    const auto [rows, cols] = certified_tile_shape(ks_);
    return {rows, cols, (nu_ + rows - 1) / rows, (nv_ + cols - 1) / cols};
  }
  bool holds_data() const override { return U_ != nullptr; }
  RetrievalPartial retrieval_block(const PairBlock& tiles, const RetrievalOptions& opt,
                                   const RetrievalPartial& empty) const override;
  void merge_retrieval(RetrievalPartial& into, const RetrievalPartial& other) const override {
    retrieval_merge(ks_, into, other);
  }
  RetrievalReport finish_retrieval(const RetrievalOptions& opt, const RetrievalPartial& all) const override {
    return retrieval_finish(ks_, opt, all);
  }

 private:
  void norms();
  void norms_of(const RowAccess<T>& X, std::vector<Integer>& n, std::vector<double>& dn, std::vector<double>& s,
                std::vector<double>& r, const char* side, bool& unit, double& dev_max, double& dev_sum,
                const CertifiedPlanShare::Side* shared);
  // A row's bounds from its squared norm (norms_of, in row order): deviation, scale, bound.
  void row_bounds(std::size_t i, const std::vector<Integer>& n, const std::vector<double>& dn, std::vector<double>& s,
                  std::vector<double>& r, const char* side, bool& unit, double& dev_max, double& dev_sum);
  void positives();
  // Calls f(a, b, rows of U [a, b), their partners V_label(i)) for consecutive chunks of U.
  template <class F>
  void pairs(F&& f) const {
    ur_.chunks(0, nu_, [&](std::size_t a, std::size_t b, const T* R) {
      std::vector<std::size_t> want;
      if (!vr_.held()) want.assign(label_.begin() + std::ptrdiff_t(a), label_.begin() + std::ptrdiff_t(b));
      f(a, b, R, vr_.pick(std::move(want)));
    });
  }
  void setup();
  void histogram_range();
  void make_empty();
  // What a block over row sources holds while its tiles run (read_block): rows of U, and V's rows
  // either packed (float32 panels, the screen's bfloat16 panels) or row-major.
  struct BlockRows {
    explicit BlockRows(std::size_t d) : packed(kPanelRowsB, d), screen(kPanelRowsB, d) {}
    std::unique_ptr<SparseRows<T>> u, v;
    PackedPanels packed;
    Bf16Panels screen;
  };
  // screen: also pack the bfloat16 panels when the plan screens (the retrieval pass does not)
  void read_block(const PairBlock& t, BlockRows& rows, KernelSetup<T>& ks, ExactContext<T>& ex,
                  const PackedPanels*& pv, bool screen = true) const;
  void values(const CertifiedPartial& all, CertifiedReport& rep) const;
  void statistics(const CertifiedPartial& all, CertifiedReport& rep) const;

  const CertifiedPlanShare* share_ = nullptr;  // while constructing: the merged share (certified_share.hpp)
  std::vector<double> wu_, wv_;  // widened copies (float64 kernel on float32 data)
  const T* U_;
  const T* V_;
  std::optional<CertifiedRowSource> src_u_, src_v_;  // the plan reads its rows through these when U_ is null
  RowAccess<T> ur_, vr_;
  std::size_t nu_, nv_, d_;
  std::vector<std::uint32_t> label_;
  CertifiedOptions opt_;
  unsigned threads_;
  CertifiedReport header_;
  std::vector<Integer> nU_, nV_;  // exact squared norms (normalize)
  std::vector<double> dU_, dV_, su_, sv_, ru_, rv_;
  ExactContext<T> ex_;
  std::vector<Integer> P_;  // exact positives
  std::vector<double> plo_, phi_, papprox_;
  std::size_t amin_ = 0;
  std::vector<Integer> Q_;  // best positive of each column
  std::vector<std::size_t> qrow_;
  std::vector<std::uint8_t> has_;
  std::vector<double> qlo_, qhi_;
  double H_ = 0;  // bound on every |product|; 0 when U or V is all zero
  double hist_half_width() const { return H_ > 0 ? H_ : 1.0; }
  KernelSetup<T> ks_;
  std::unique_ptr<PackedPanels> packed_v_;
  std::unique_ptr<Bf16Panels> screen_v_;  // the bfloat16 screen's copy of V, when it runs
  bool screened_ = false;                  // the bfloat16 screen runs
};

}  // namespace constel::detail
