// Float statistics for the certified verifier (see certified_stats.hpp).
#include "constel/verify/detail/certified_stats.hpp"

#include <cmath>

namespace constel::detail {

template <class T>
double total_inner_sum(const T* U, std::size_t nu, const double* su, const T* V, std::size_t nv, const double* sv,
                       std::size_t d) {
  std::vector<double> a(d, 0.0), b(d, 0.0);
  for (std::size_t i = 0; i < nu; ++i)
    for (std::size_t k = 0; k < d; ++k) a[k] += su[i] * double(U[i * d + k]);
  for (std::size_t j = 0; j < nv; ++j)
    for (std::size_t k = 0; k < d; ++k) b[k] += sv[j] * double(V[j * d + k]);
  double s = 0;
  for (std::size_t k = 0; k < d; ++k) s += a[k] * b[k];
  return s;
}

template <class T>
double xi_statistic(const T* U, std::size_t nu, const double* su, const T* V, const double* sv,
                    const std::uint32_t* label, std::size_t d) {
  std::vector<double> mean(d, 0.0);
  double sq = 0;
  for (std::size_t i = 0; i < nu; ++i) {
    const std::size_t l = label[i];
    for (std::size_t k = 0; k < d; ++k) {
      double x = su[i] * double(U[i * d + k]) - sv[l] * double(V[l * d + k]);
      mean[k] += x;
      sq += x * x;
    }
  }
  double m2 = 0;
  for (std::size_t k = 0; k < d; ++k) m2 += (mean[k] / double(nu)) * (mean[k] / double(nu));
  return std::max(0.0, sq / double(nu) - m2);
}

template double total_inner_sum<float>(const float*, std::size_t, const double*, const float*, std::size_t,
                                       const double*, std::size_t);
template double total_inner_sum<double>(const double*, std::size_t, const double*, const double*, std::size_t,
                                        const double*, std::size_t);
template double xi_statistic<float>(const float*, std::size_t, const double*, const float*, const double*,
                                    const std::uint32_t*, std::size_t);
template double xi_statistic<double>(const double*, std::size_t, const double*, const double*, const double*,
                                     const std::uint32_t*, std::size_t);

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
