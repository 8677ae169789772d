// GEMM operand packing: A blocks into MR-row panels and B blocks into NR-column panels (zero-padded
// edges), reading transposed operands in place; an AVX2 8×8-transpose path for a transposed B.
// Included by gemm.cc only.
#pragma once
#include <algorithm>
#include <cstring>
#include <string_view>
#include <type_traits>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include "kernels.h"

namespace tl {
namespace gemm_detail {

/** A matrix read in place: element (i, j) is p[i*rs + j*cs]. */
template <class T> struct Mat { const T* p; int64_t rs, cs; };

// ---- packing: A block [mc, kc] into MR-row panels, B block [kc, nc] into NR-column panels ----
template <class T> void pack_a(Mat<T> a, int64_t mc, int64_t kc, int mr, T* dst) {
  for (int64_t i0 = 0; i0 < mc; i0 += mr, dst += mr * kc) {
    const int rows = static_cast<int>(std::min<int64_t>(mr, mc - i0));
    if (a.rs == 1) {  // transposed storage: the MR values of one k step are contiguous
      for (int64_t p = 0; p < kc; p++) {
        const T* src = a.p + i0 + p * a.cs;
        T* d = dst + p * mr;
        for (int r = 0; r < rows; r++) d[r] = src[r];
        for (int r = rows; r < mr; r++) d[r] = 0;
      }
    } else {  // row-major: gather MR row streams, write the panel sequentially
      const T* src[16];
      for (int r = 0; r < mr; r++) src[r] = a.p + (i0 + std::min(r, rows - 1)) * a.rs;
      for (int64_t p = 0; p < kc; p++) {
        T* d = dst + p * mr;
        for (int r = 0; r < rows; r++) d[r] = src[r][p * a.cs];
        for (int r = rows; r < mr; r++) d[r] = 0;
      }
    }
  }
}

#if TL_X86
/** One full 16-column panel of a transposed B (column c contiguous along k): 8×8 AVX transposes. */
TL_TARGET_AVX2 void pack_b16_trans_avx2(const float* b, int64_t cs, int64_t kc, float* dst) {
  int64_t p = 0;
  for (; p + 8 <= kc; p += 8) {
    for (int half = 0; half < 2; half++) {
      const float* s = b + half * 8 * cs + p;
      __m256 r0 = _mm256_loadu_ps(s), r1 = _mm256_loadu_ps(s + cs), r2 = _mm256_loadu_ps(s + 2 * cs),
             r3 = _mm256_loadu_ps(s + 3 * cs), r4 = _mm256_loadu_ps(s + 4 * cs), r5 = _mm256_loadu_ps(s + 5 * cs),
             r6 = _mm256_loadu_ps(s + 6 * cs), r7 = _mm256_loadu_ps(s + 7 * cs);
      const __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
      const __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
      const __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
      const __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
      const __m256 u0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
      const __m256 u1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
      const __m256 u2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
      const __m256 u3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
      const __m256 u4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
      const __m256 u5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
      const __m256 u6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
      const __m256 u7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
      float* d = dst + p * 16 + half * 8;
      _mm256_store_ps(d + 0 * 16, _mm256_permute2f128_ps(u0, u4, 0x20));
      _mm256_store_ps(d + 1 * 16, _mm256_permute2f128_ps(u1, u5, 0x20));
      _mm256_store_ps(d + 2 * 16, _mm256_permute2f128_ps(u2, u6, 0x20));
      _mm256_store_ps(d + 3 * 16, _mm256_permute2f128_ps(u3, u7, 0x20));
      _mm256_store_ps(d + 4 * 16, _mm256_permute2f128_ps(u0, u4, 0x31));
      _mm256_store_ps(d + 5 * 16, _mm256_permute2f128_ps(u1, u5, 0x31));
      _mm256_store_ps(d + 6 * 16, _mm256_permute2f128_ps(u2, u6, 0x31));
      _mm256_store_ps(d + 7 * 16, _mm256_permute2f128_ps(u3, u7, 0x31));
    }
  }
  for (; p < kc; p++)
    for (int c = 0; c < 16; c++) dst[p * 16 + c] = b[c * cs + p];
}
#endif

template <class T> void pack_b(Mat<T> b, int64_t kc, int64_t nc, int nr, T* dst) {
  for (int64_t j0 = 0; j0 < nc; j0 += nr, dst += nr * kc) {
    const int cols = static_cast<int>(std::min<int64_t>(nr, nc - j0));
    if (b.cs == 1) {  // row-major: NR contiguous values per k step
      if (cols == nr) {
        for (int64_t p = 0; p < kc; p++) std::memcpy(dst + p * nr, b.p + p * b.rs + j0, nr * sizeof(T));
      } else {
        for (int64_t p = 0; p < kc; p++) {
          const T* src = b.p + p * b.rs + j0;
          T* d = dst + p * nr;
          for (int c = 0; c < cols; c++) d[c] = src[c];
          for (int c = cols; c < nr; c++) d[c] = 0;
        }
      }
    } else {  // transposed storage: walk each column along k (contiguous when rs == 1)
#if TL_X86
      if constexpr (std::is_same_v<T, float>) {
        static const bool avx2 = std::string_view(simd_level()) != "scalar";
        if (avx2 && nr == 16 && cols == 16 && b.rs == 1) {
          pack_b16_trans_avx2(b.p + j0 * b.cs, b.cs, kc, dst);
          continue;
        }
      }
#endif
      for (int c = 0; c < cols; c++) {
        const T* src = b.p + (j0 + c) * b.cs;
        for (int64_t p = 0; p < kc; p++) dst[p * nr + c] = src[p * b.rs];
      }
      for (int c = cols; c < nr; c++) for (int64_t p = 0; p < kc; p++) dst[p * nr + c] = 0;
    }
  }
}

}  // namespace gemm_detail
}  // namespace tl
