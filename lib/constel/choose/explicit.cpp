// Best explicit construction at (d, m, b) from the code table (see explicit.hpp).
#include "constel/choose/explicit.hpp"

#include "constel/bounds/known_codes.hpp"
#include "constel/bounds/region.hpp"
#include "constel/codes/algebraic.hpp"
#include "constel/codes/source.hpp"
#include "constel/error.hpp"

namespace constel::choose {

namespace {

// Whether `constel generate` can actually build a code of N points in R^n (codes/source.hpp refuses
// more than kMaxCodeEntries coordinates): a family member beyond that exists mathematically (and still
// counts for the lower bounds of `constel bound`), but it is no construction a user can write out.
bool buildable(const Integer& N, std::size_t n) { return N * n <= Integer(codes::kMaxCodeEntries); }

}  // namespace

std::optional<ExplicitConstruction> best_explicit_construction(std::size_t d, const Rational& m, const Rational& b) {
  auto region = bounds::classify_region(m, b);
  if (d < 2 || !region.alpha || region.region == bounds::Region::Degenerate) return std::nullopt;
  bool line = region.region == bounds::Region::Line;
  std::size_t n = line ? d : d - 1;  // docs/math.md section 3.1: a code in R^d; docs/math.md section 3.2: a code in R^{d-1}
  const Rational& alpha = *region.alpha;
  std::optional<bounds::KnownCode> code;
  for (auto& k : bounds::known_codes_up_to(n))
    if (k.alpha <= alpha && buildable(k.N, k.n) && (!code || k.N > code->N)) code = k;
  if (alpha < 0) {
    // The table holds only the full simplex of R^n (alpha = -1/n); a smaller simplex of K points
    // (alpha = -1/(K-1) <= alpha, so K <= 1 - 1/alpha) fits in R^{K-1} (docs/math.md section 3.6).
    Rational kmax = 1 - 1 / alpha;
    Integer K = numerator(kmax) / denominator(kmax);
    if (K > Integer(n + 1)) K = Integer(n + 1);
    if (K > 2897) K = 2897;  // K (K - 1) <= 2^23 needs K <= 2896
    while (K >= 2 && !buildable(K, static_cast<std::size_t>(K) - 1)) K -= 1;
    if (K >= 2 && (!code || K > code->N)) {
      std::size_t k = static_cast<std::size_t>(K);
      code = bounds::KnownCode{"regular simplex (n+1 points)", k - 1, K, Rational(Integer(-1), Integer(k - 1)),
                              "simplex:" + std::to_string(k)};
    }
  }
  std::optional<codes::AlgebraicCode> linear;
  if (alpha > 0) linear = codes::AlgebraicSearch(alpha).best(n);
  if (linear && (!code || linear->size() > code->N)) {
    ExplicitConstruction c;
    c.construction = line ? "line" : "lift";
    c.code_name = linear->name;
    c.code_spec = linear->spec;
    c.code_dimension = linear->n;
    c.dimension = line ? linear->n : linear->n + 1;
    c.N = linear->size();
    c.code_alpha = linear->alpha();
    c.written_in_full = buildable(c.N, linear->n);
    c.log2_N = linear->k;
    return c;
  }
  if (!code) return std::nullopt;
  ExplicitConstruction c;
  c.construction = line ? "line" : "lift";
  c.code_name = code->name;
  c.code_dimension = code->n;
  c.code_spec = code->spec;
  c.dimension = line ? code->n : code->n + 1;
  c.N = code->N;
  c.code_alpha = code->alpha;
  return c;
}

std::string pairs_text(const ExplicitConstruction& c) {
  return c.log2_N ? "2^" + std::to_string(c.log2_N) : to_string(c.N);
}

void set_count(ExplicitConstruction& c, const Integer& pairs) {
  if (c.written_in_full) return;
  Integer fits(codes::writable_count(c.code_dimension));
  c.count = static_cast<std::size_t>(pairs < fits ? pairs : fits);
}

std::string generate_command(const ExplicitConstruction& c, const std::string& m_text, const std::string& b_text,
                             const std::string& output) {
  std::string count = c.count ? " --count " + std::to_string(c.count) : "";
  if (c.construction == "line") return "constel generate line --code " + c.code_spec + count + " -o " + output;
  return "constel generate lift --code " + c.code_spec + " --m " + m_text + " --b " + b_text + count + " -o " + output;
}

}  // namespace constel::choose
