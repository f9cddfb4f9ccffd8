// What the processor offers, asked once. The kernels that have an AVX2 + FMA variant (the verifier's
// panel kernel, the loss passes, Adam) compile it with __attribute__((target("avx2,fma"))) beside a
// portable one and choose with this at run time, so one binary runs everywhere; the verifier's panel
// kernel also has an AVX-512 variant (target("avx512f")), chosen the same way, and its bfloat16 screen needs AVX512_BF16.
#pragma once

namespace constel {

inline bool cpu_has_avx2_fma() {
  static const bool yes = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return yes;
}

// AVX-512 Foundation (512-bit float32 FMAs), which the AVX-512 panel kernel needs and nothing more.
inline bool cpu_has_avx512f() {
  static const bool yes = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && cpu_has_avx2_fma();
  }();
  return yes;
}

// AVX512_BF16 (vdpbf16ps) beside AVX-512F: what the certified verifier's bfloat16 screen needs.
inline bool cpu_has_avx512bf16() {
  static const bool yes = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bf16") && cpu_has_avx512f();
  }();
  return yes;
}

}  // namespace constel
