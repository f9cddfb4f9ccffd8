// Best explicit construction at (d, m, b) from the code table (see explicit.hpp).
#include "constel/choose/explicit.hpp"

#include <regex>

#include "constel/bounds/known_codes.hpp"
#include "constel/bounds/region.hpp"
#include "constel/codes/source.hpp"
#include "constel/error.hpp"

namespace constel::choose {

std::string code_spec_of(const std::string& name, std::size_t n) {
  std::smatch mt;
  if (name.rfind("cross-polytope", 0) == 0) return "cross:" + std::to_string(n);
  if (name.rfind("regular simplex", 0) == 0) return "simplex:" + std::to_string(n + 1);
  if (name.rfind("D_n root shell", 0) == 0) return "dn:" + std::to_string(n);
  if (name == "E8 root shell") return "e8";
  if (name == "Nordstrom-Robinson (16, 256, 6)") return "nr";
  if (name.rfind("Nordstrom-Robinson + cross-polytope", 0) == 0) return "nr288";
  if (name == "Golay (23, 4096, 7)") return "golay23";
  if (name == "extended Golay (24, 4096, 8)") return "golay24";
  if (name == "Leech lattice minimal vectors") return "leech";
  static const std::regex rm(R"(Reed-Muller RM\((\d+),(\d+)\))");
  if (std::regex_match(name, mt, rm)) return "rm:" + mt[1].str() + "," + mt[2].str();
  throw InternalError("no generate spec for the code table entry '" + name + "'");
}

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
      code = bounds::KnownCode{"regular simplex (n+1 points)", k - 1, K, Rational(Integer(-1), Integer(k - 1))};
    }
  }
  if (!code) return std::nullopt;
  ExplicitConstruction c;
  c.construction = line ? "line" : "lift";
  c.code_name = code->name;
  c.code_dimension = code->n;
  c.code_spec = code_spec_of(code->name, code->n);
  c.dimension = line ? code->n : code->n + 1;
  c.N = code->N;
  c.code_alpha = code->alpha;
  return c;
}

std::string generate_command(const ExplicitConstruction& c, const std::string& m_text, const std::string& b_text,
                             const std::string& output) {
  if (c.construction == "line") return "constel generate line --code " + c.code_spec + " -o " + output;
  return "constel generate lift --code " + c.code_spec + " --m " + m_text + " --b " + b_text + " -o " + output;
}

}  // namespace constel::choose
