// The worked example of docs/library.md: the C++ API as a program would use it. It builds a
// constellation from the E8 root shell, writes it, verifies the written file exactly, certifies two
// float matrices held in memory, bounds N_MRB, and catches the library's exceptions. ctest builds and
// runs it (test `library_example`), so the page's code cannot drift from the library: it exits 1 when
// an answer differs from the one the page states.
//
// Usage: library_example [FOLDER]   (FOLDER receives e8_lift.cst; default: the current folder)
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "constel/bounds/bounds_json.hpp"
#include "constel/bounds/mrb_bounds.hpp"
#include "constel/codes/catalog.hpp"
#include "constel/codes/source.hpp"
#include "constel/construct/constructions.hpp"
#include "constel/error.hpp"
#include "constel/io/cst.hpp"
#include "constel/io/float_matrix.hpp"
#include "constel/number/rational.hpp"
#include "constel/verify/certified.hpp"
#include "constel/verify/certified_json.hpp"
#include "constel/verify/exact.hpp"
#include "constel/verify/exact_json.hpp"

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (!ok) {
    std::cerr << "library_example: expected " << what << "\n";
    ++failures;
  }
}

// 1. Generate: the 240 E8 roots (alpha = 1/2) lifted to the target (m, b) = (1/5, 2/5), written as .cst.
std::string generate(const std::filesystem::path& folder) {
  using constel::Rational;
  // The catalog knows every code's size without building it: the best code of R^8 with alpha <= 1/2.
  std::optional<constel::codes::CodeInfo> best = constel::codes::best_explicit_code(8, Rational(1, 2));
  expect(best && best->spec == "e8" && best->N == 240, "the catalog's best code of R^8 at alpha 1/2: e8, 240 points");
  constel::codes::PointSet e8 = constel::codes::build_code(best->spec);
  constel::Configuration c = constel::construct::lift(e8, Rational(1, 5), Rational(2, 5));
  std::string path = (folder / "e8_lift.cst").string();
  constel::write_cst_file(path, c);  // atomic: a reader never sees half a file
  expect(c.N() == 240 && c.d() == 9, "240 pairs in d = 9");
  return path;
}

// 2. Verify a file exactly: read it back and check its claim and a target (m, b).
void verify_file(const std::string& path) {
  constel::Configuration c = constel::read_cst_file(path);
  constel::ExactVerifyOptions opt;
  opt.m = constel::parse_rational("0.2");  // exact: 1/5
  opt.b = constel::parse_rational("0.4");
  constel::ExactReport r = constel::exact_verify(c, opt);
  std::cout << "exact: margin " << constel::to_string(*r.margin) << ", relative bias "
            << constel::to_string(*r.relative_bias) << ", (1/5, 2/5) holds: " << *r.is_constellation << "\n";
  expect(*r.margin == constel::Rational(1, 5), "margin 1/5");
  expect(*r.is_constellation && *r.claim_holds, "the target and the file's claim to hold");
  // The same object `constel verify FILE --json` prints:
  constel::Json j = constel::to_json(r, c, opt);
  expect(j["margin"] == "1/5" && j["margin_decimal"] == 0.2, "JSON margin \"1/5\" with its decimal twin");
}

// 3. Certify float embeddings held in memory (as a Python buffer or a model would hand them over).
void certify_arrays() {
  const float u[3][2] = {{1, 0}, {0, 1}, {-0.75f, 0.5f}};
  const float v[3][2] = {{1, 0}, {0, 1}, {-0.5f, 0.75f}};
  constel::FloatMatrix U(3, 2, constel::FloatDType::F32, "U"), V(3, 2, constel::FloatDType::F32, "V");
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t k = 0; k < 2; ++k) U.set(i, k, u[i][k]), V.set(i, k, v[i][k]);
  constel::CertifiedOptions opt;
  opt.threads = 1;
  constel::CertifiedReport r = constel::certified_verify(U, V, opt);
  // The stored floats are exact binary rationals: the extremes are exact too.
  std::cout << "certified: min positive " << constel::to_string(r.min_diag.value) << " at row " << r.argmin_diag
            << ", max negative " << constel::to_string(r.max_offdiag.value) << " at (" << r.argmax_i << ", "
            << r.argmax_j << ")\n";
  expect(r.min_diag.exact && r.min_diag.value == constel::Rational(3, 4), "min positive exactly 3/4 (row 2)");
  expect(r.max_offdiag.value == constel::Rational(3, 4), "max negative exactly 3/4, at (1, 2)");
  constel::Json j = constel::to_json(r, opt);  // what `constel verify --u U --v V --json` prints
  expect(j["recall_at_1_u2v"] == "1" && j["recall_at_1_v2u"] == "2/3", "recall@1 1 (U->V) and 2/3 (V->U)");
  expect(j["recall_at_1_v2u_ties"] == 1, "one tie V->U (column 2)");
}

// 4. Bound: how many pairs fit in d = 768 at the statistics of a trained SigLIP model.
void bound() {
  using constel::Rational;
  constel::bounds::MrbBounds r = constel::bounds::mrb_bounds(768, Rational(139, 2000), Rational(17, 250));
  std::cout << "N_MRB(768, 0.0695, 0.068): 10^" << r.lower.log10 << " <= N <= 10^" << r.upper.log10 << " ["
            << r.upper.method << "]\n";
  expect(r.upper.log10 > 225 && r.upper.log10 < 226, "log10 of the upper bound near 225.4");
  expect(constel::bounds::to_json(r)["region"] == "exponential", "the exponential region");
}

// 5. Errors: one hierarchy; messages say what is wrong.
void errors() {
  try {
    constel::parse_rational("0.x");
    expect(false, "an InputError for '0.x'");
  } catch (const constel::InputError& e) {
    std::cout << "InputError: " << e.what() << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::filesystem::path folder = argc > 1 ? argv[1] : ".";
    verify_file(generate(folder));
    certify_arrays();
    bound();
    errors();
  } catch (const constel::Error& e) {  // anything the library throws
    std::cerr << "library_example: " << e.what() << "\n";
    return 2;
  }
  return failures == 0 ? 0 : 1;
}
