// GEMM operand packing: A blocks into MR-row panels and B blocks into NR-column panels (zero-padded
// edges), reading transposed operands in place; an AVX2 8×8-transpose path for a transposed B.
// Included by gemm.cc only.
#pragma once
#include <algorithm>
#include <cstring>
#include <type_traits>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include "kernels.h"

namespace tl {
namespace gemm_detail {

/** A matrix read in place: element (i, j) is p[i*rs + j*cs]. */
template <class T> struct Mat { const T* p; int64_t rs, cs; };

#if TL_X86
/** Transposes the 8×8 block held in r (row i = r[i]): afterwards r[j] holds column j. */
TL_TARGET_AVX2 TL_INLINE void transpose8(__m256 r[8]) {
  const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
  const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
  const __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
  const __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
  const __m256 u0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 u1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
  const __m256 u2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 u3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
  const __m256 u4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 u5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
  const __m256 u6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 u7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
  r[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
  r[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
  r[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
  r[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
  r[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
  r[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
  r[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
  r[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

/** One full 16-column panel of a transposed B (column c contiguous along k): 8×8 AVX transposes. */
inline TL_TARGET_AVX2 void pack_b16_trans_avx2(const float* b, int64_t cs, int64_t kc, float* dst) {
  int64_t p = 0;
  for (; p + 8 <= kc; p += 8) {
    for (int half = 0; half < 2; half++) {
      const float* s = b + half * 8 * cs + p;
      __m256 r[8];
      for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(s + i * cs);
      transpose8(r);
      float* d = dst + p * 16 + half * 8;
      for (int j = 0; j < 8; j++) _mm256_store_ps(d + j * 16, r[j]);
    }
  }
  for (; p < kc; p++)
    for (int c = 0; c < 16; c++) dst[p * 16 + c] = b[c * cs + p];
}

/** One full 6-row panel of a row-major A (each row contiguous along k): 8×8 transposes, 2 rows zero. */
inline TL_TARGET_AVX2 void pack_a6_rows_avx2(const float* a, int64_t rs, int64_t kc, float* dst) {
  int64_t p = 0;
  for (; p + 8 <= kc; p += 8) {
    __m256 r[8];
    for (int i = 0; i < 6; i++) r[i] = _mm256_loadu_ps(a + i * rs + p);
    r[6] = r[7] = _mm256_setzero_ps();
    transpose8(r);
    for (int j = 0; j < 8; j++) {  // k step p + j: the 6 row values (two stores: 4 + 2 floats)
      float* d = dst + (p + j) * 6;
      _mm_storeu_ps(d, _mm256_castps256_ps128(r[j]));
      _mm_storel_pi(reinterpret_cast<__m64*>(d + 4), _mm256_extractf128_ps(r[j], 1));
    }
  }
  for (; p < kc; p++)
    for (int i = 0; i < 6; i++) dst[p * 6 + i] = a[i * rs + p];
}
#endif

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
#if TL_X86
      if constexpr (std::is_same_v<T, float>) {
        if (wide_simd() && mr == 6 && rows == 6 && a.cs == 1) {
          pack_a6_rows_avx2(a.p + i0 * a.rs, a.rs, kc, dst);
          continue;
        }
      }
#endif
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
        if (wide_simd() && nr == 16 && cols == 16 && b.rs == 1) {
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
