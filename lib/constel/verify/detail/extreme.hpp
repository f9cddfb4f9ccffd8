// The one tie rule of every extreme the verifiers report (docs/verify.md): the largest (or smallest)
// value wins, and among equal values the smallest witness, witnesses compared lexicographically (a row
// index, or a (row, column) pair). Threads, parts and their merges all decide through `replaces`, so
// the witness of a run does not depend on how its tiles were split or in which order parts merged.
#pragma once

#include <type_traits>

#include "constel/number/rational.hpp"

namespace constel::detail {

enum class Keep { Largest, Smallest };

// Whether a candidate replaces the current extreme: cmp is the sign of (candidate value - current
// value), w and current_w their witnesses.
template <Keep K, class W>
constexpr bool replaces(int cmp, const W& w, const W& current_w) {
  if constexpr (K == Keep::Smallest) cmp = -cmp;
  return cmp > 0 || (cmp == 0 && w < current_w);
}

// The sign of a - b for machine numbers and GMP integers.
template <class T>
int sign_of_difference(const T& a, const T& b) {
  if constexpr (std::is_arithmetic_v<T> || std::is_same_v<T, __int128>)
    return int(a > b) - int(a < b);
  else
    return a.compare(b) < 0 ? -1 : (a.compare(b) > 0 ? 1 : 0);
}

}  // namespace constel::detail
