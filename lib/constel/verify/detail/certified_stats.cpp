// Float statistics for the certified verifier (see certified_stats.hpp).
#include "constel/verify/detail/certified_stats.hpp"

#include <algorithm>
#include <cmath>

namespace constel::detail {

template <class T>
void add_scaled_rows(std::vector<double>& acc, const T* X, std::size_t n, const double* s, std::size_t d) {
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < d; ++k) acc[k] += s[i] * double(X[i * d + k]);
}

template <class T>
void xi_add(std::vector<double>& mean, double& sq, const T* U, std::size_t n, const double* su, const T* const* vrow,
            const double* svl, std::size_t d) {
  for (std::size_t i = 0; i < n; ++i) {
    const T* v = vrow[i];
    for (std::size_t k = 0; k < d; ++k) {
      double x = su[i] * double(U[i * d + k]) - svl[i] * double(v[k]);
      mean[k] += x;
      sq += x * x;
    }
  }
}

double xi_value(const std::vector<double>& mean, double sq, std::size_t N) {
  double m2 = 0;
  for (std::size_t k = 0; k < mean.size(); ++k) m2 += (mean[k] / double(N)) * (mean[k] / double(N));
  return std::max(0.0, sq / double(N) - m2);
}

template void add_scaled_rows<float>(std::vector<double>&, const float*, std::size_t, const double*, std::size_t);
template void add_scaled_rows<double>(std::vector<double>&, const double*, std::size_t, const double*, std::size_t);
template void xi_add<float>(std::vector<double>&, double&, const float*, std::size_t, const double*,
                            const float* const*, const double*, std::size_t);
template void xi_add<double>(std::vector<double>&, double&, const double*, std::size_t, const double*,
                             const double* const*, const double*, std::size_t);

double histogram_percentile(const std::vector<std::uint64_t>& hist, double lo, double hi, double q, double& resolution) {
  const double w = (hi - lo) / double(hist.size());
  resolution = w;
  std::uint64_t total = 0;
  for (std::uint64_t c : hist) total += c;
  if (total == 0) return std::nan("");
  // value of the order statistic of rank r (0-based)
  auto order_statistic = [&](std::uint64_t r) {
    std::uint64_t before = 0;
    for (std::size_t b = 0; b < hist.size(); ++b) {
      const std::uint64_t c = hist[b];
      if (r < before + c) {
        if (b == 0 || b + 1 == hist.size()) resolution = -1;  // an end bin also holds clamped values
        return lo + w * (double(b) + (double(r - before) + 0.5) / double(c));
      }
      before += c;
    }
    return hi;
  };
  const double h = (double(total) - 1) * q;
  const std::uint64_t l = std::uint64_t(std::floor(h));
  const double vl = order_statistic(l);
  if (l + 1 >= total) return vl;
  return vl + (h - double(l)) * (order_statistic(l + 1) - vl);
}

}  // namespace constel::detail
