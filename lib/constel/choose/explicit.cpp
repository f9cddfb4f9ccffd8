// Best explicit construction at (d, m, b) from the code table (see explicit.hpp).
#include "constel/choose/explicit.hpp"

#include "constel/bounds/region.hpp"
#include "constel/codes/catalog.hpp"
#include "constel/codes/algebraic.hpp"
#include "constel/codes/source.hpp"
#include "constel/error.hpp"

namespace constel::choose {

std::optional<ExplicitConstruction> best_explicit_construction(std::size_t d, const Rational& m, const Rational& b) {
  auto region = bounds::classify_region(m, b);
  if (d < 2 || !region.alpha || region.region == bounds::Region::Degenerate) return std::nullopt;
  bool line = region.region == bounds::Region::Line;
  std::size_t n = line ? d : d - 1;  // docs/math.md section 3.1: a code in R^d; docs/math.md section 3.2: a code in R^{d-1}
  // Only instances `constel generate` can write out (codes/source.hpp refuses more coordinates): a
  // larger family member exists mathematically (and counts for the lower bounds of `constel bound`),
  // but it is no construction a user can build.
  auto code = codes::best_explicit_code(n, *region.alpha, Integer(codes::kMaxCodeEntries));
  // Binary linear codes with a proved distance (docs/math.md section 3.7) where they give more pairs:
  // explicit by their generator matrix, written in part with --count when too big.
  std::optional<codes::AlgebraicCode> linear;
  if (*region.alpha > 0) linear = codes::AlgebraicSearch(*region.alpha).best(n);
  if (linear && (!code || linear->size() > code->N)) {
    ExplicitConstruction c;
    c.construction = line ? "line" : "lift";
    c.code_name = linear->name;
    c.code_spec = linear->spec;
    c.code_dimension = linear->n;
    c.dimension = line ? linear->n : linear->n + 1;
    c.N = linear->size();
    c.code_alpha = linear->alpha();
    c.written_in_full = c.N * linear->n <= Integer(codes::kMaxCodeEntries);
    c.log2_N = linear->k;
    return c;
  }
  if (!code) return std::nullopt;
  ExplicitConstruction c;
  c.construction = line ? "line" : "lift";
  c.code_name = codes::code_title(*code);
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
