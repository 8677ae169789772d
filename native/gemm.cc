// Batched GEMM: Goto-style cache blocking with packed panels, AVX-512 / AVX2+FMA micro-kernels chosen
// at run time (compiled with target attributes so the binary runs on any x86-64), a generic fallback,
// a GEMV path for 1–2 row products, transposed operands read in place, threads split batch or N/M.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <type_traits>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include "gemm_pack.h"
#include "kernels.h"

// The AVX-512 intrinsics, through one name so that a test build (TL_EMULATE_AVX512, see
// test/native/) can run this kernel on a CPU without AVX-512, with SIMDe's portable versions.
#if defined(TL_EMULATE_AVX512)
#include <simde/x86/avx512.h>
#define TL_MM512(f) simde_mm512_##f
using tl_m512 = simde__m512;
#elif TL_X86
#define TL_MM512(f) _mm512_##f
using tl_m512 = __m512;
#endif

namespace tl {
namespace {
using gemm_detail::Mat;
using gemm_detail::pack_a;
using gemm_detail::pack_b;

constexpr int64_t KC = 256, MC = 96, NC = 2048;
/** Up to this many rows of C, a row-major B is read in place instead of packed (see gemm_blocked). */
constexpr int64_t DIRECT_B_MAX_M = 64;

/** pb steps by ldb per k: NR for a packed panel, B's row stride when B is read in place. */
template <class T>
using Ukr = void (*)(int64_t kc, const T* pa, const T* pb, int64_t ldb, T* c, int64_t ldc, int mr, int nr,
  bool load_c);

template <class T> struct Kernel { int MR, NR; Ukr<T> ukr; };

/** Grow-only, 64-byte aligned scratch owned by one thread: no allocation once warmed up. */
template <class T> T* scratch(int slot, size_t n) {
  thread_local T* buf[3] = {nullptr, nullptr, nullptr};
  thread_local size_t cap[3] = {0, 0, 0};
  if (cap[slot] < n) {
    std::free(buf[slot]);
    size_t bytes = ((n * sizeof(T) + 63) / 64) * 64;
    buf[slot] = static_cast<T*>(std::aligned_alloc(64, bytes));
    cap[slot] = n;
  }
  return buf[slot];
}

/** Writes an MR×NR register tile held in `tmp` into C (partial edges, optional accumulate). */
template <class T> TL_INLINE void store_tile(const T* tmp, int NR, T* c, int64_t ldc, int mr, int nr,
  bool load_c) {
  for (int r = 0; r < mr; r++)
    for (int j = 0; j < nr; j++) c[r * ldc + j] = (load_c ? c[r * ldc + j] : T(0)) + tmp[r * NR + j];
}

// ---- generic micro-kernel (scalar fallback, and float64 under wider targets) ----
template <class T, int MR, int NR> TL_INLINE void ukr_generic_body(int64_t kc, const T* pa,
  const T* pb, int64_t ldb, T* c, int64_t ldc, int mr, int nr, bool load_c) {
  T acc[MR * NR] = {};
  for (int64_t p = 0; p < kc; p++, pa += MR, pb += ldb)
    for (int r = 0; r < MR; r++)
      for (int j = 0; j < NR; j++) acc[r * NR + j] += pa[r] * pb[j];
  store_tile(acc, NR, c, ldc, mr, nr, load_c);
}

template <class T, int MR, int NR> void ukr_generic(int64_t kc, const T* pa, const T* pb, int64_t ldb,
  T* c, int64_t ldc, int mr, int nr, bool load_c) {
  ukr_generic_body<T, MR, NR>(kc, pa, pb, ldb, c, ldc, mr, nr, load_c);
}

#if TL_X86
TL_TARGET_AVX2 void ukr_f64_avx2(int64_t kc, const double* pa, const double* pb, int64_t ldb, double* c,
  int64_t ldc, int mr, int nr, bool load_c) {
  ukr_generic_body<double, 4, 8>(kc, pa, pb, ldb, c, ldc, mr, nr, load_c);
}

// AVX2+FMA: 6×16 tile in 12 ymm accumulators; one broadcast of A per row per k step.
TL_TARGET_AVX2 void ukr_f32_avx2(int64_t kc, const float* pa, const float* pb, int64_t ldb, float* c,
  int64_t ldc, int mr, int nr, bool load_c) {
  for (int r = 0; r < mr; r++) {  // C is read at the end: start fetching it now
    _mm_prefetch(reinterpret_cast<const char*>(c + r * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + r * ldc + 15), _MM_HINT_T0);
  }
  __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
         c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
#pragma GCC unroll 4
  for (int64_t p = 0; p < kc; p++, pa += 6, pb += ldb) {
    const __m256 b0 = _mm256_loadu_ps(pb), b1 = _mm256_loadu_ps(pb + 8);
    __m256 a = _mm256_broadcast_ss(pa);
    c00 = _mm256_fmadd_ps(a, b0, c00); c01 = _mm256_fmadd_ps(a, b1, c01);
    a = _mm256_broadcast_ss(pa + 1);
    c10 = _mm256_fmadd_ps(a, b0, c10); c11 = _mm256_fmadd_ps(a, b1, c11);
    a = _mm256_broadcast_ss(pa + 2);
    c20 = _mm256_fmadd_ps(a, b0, c20); c21 = _mm256_fmadd_ps(a, b1, c21);
    a = _mm256_broadcast_ss(pa + 3);
    c30 = _mm256_fmadd_ps(a, b0, c30); c31 = _mm256_fmadd_ps(a, b1, c31);
    a = _mm256_broadcast_ss(pa + 4);
    c40 = _mm256_fmadd_ps(a, b0, c40); c41 = _mm256_fmadd_ps(a, b1, c41);
    a = _mm256_broadcast_ss(pa + 5);
    c50 = _mm256_fmadd_ps(a, b0, c50); c51 = _mm256_fmadd_ps(a, b1, c51);
  }
  const __m256 acc[12] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51};
  if (mr == 6 && nr == 16) {
    for (int r = 0; r < 6; r++) {
      float* row = c + r * ldc;
      __m256 v0 = acc[2 * r], v1 = acc[2 * r + 1];
      if (load_c) { v0 = _mm256_add_ps(v0, _mm256_loadu_ps(row)); v1 = _mm256_add_ps(v1, _mm256_loadu_ps(row + 8)); }
      _mm256_storeu_ps(row, v0);
      _mm256_storeu_ps(row + 8, v1);
    }
    return;
  }
  alignas(32) float tmp[96];
  for (int i = 0; i < 12; i++) _mm256_store_ps(tmp + 8 * i, acc[i]);
  store_tile(tmp, 16, c, ldc, mr, nr, load_c);
}

// AVX-512: 8×32 tile in 16 zmm accumulators.
TL_TARGET_AVX512 void ukr_f32_avx512(int64_t kc, const float* pa, const float* pb, int64_t ldb, float* c,
  int64_t ldc, int mr, int nr, bool load_c) {
  tl_m512 acc[16];
  for (int i = 0; i < 16; i++) acc[i] = TL_MM512(setzero_ps)();
  for (int64_t p = 0; p < kc; p++, pa += 8, pb += ldb) {
    const tl_m512 b0 = TL_MM512(loadu_ps)(pb), b1 = TL_MM512(loadu_ps)(pb + 16);
#pragma GCC unroll 8
    for (int r = 0; r < 8; r++) {
      const tl_m512 a = TL_MM512(set1_ps)(pa[r]);
      acc[2 * r] = TL_MM512(fmadd_ps)(a, b0, acc[2 * r]);
      acc[2 * r + 1] = TL_MM512(fmadd_ps)(a, b1, acc[2 * r + 1]);
    }
  }
  if (mr == 8 && nr == 32) {
    for (int r = 0; r < 8; r++) {
      float* row = c + r * ldc;
      tl_m512 v0 = acc[2 * r], v1 = acc[2 * r + 1];
      if (load_c) {
        v0 = TL_MM512(add_ps)(v0, TL_MM512(loadu_ps)(row));
        v1 = TL_MM512(add_ps)(v1, TL_MM512(loadu_ps)(row + 16));
      }
      TL_MM512(storeu_ps)(row, v0);
      TL_MM512(storeu_ps)(row + 16, v1);
    }
    return;
  }
  alignas(64) float tmp[256];
  for (int i = 0; i < 16; i++) TL_MM512(store_ps)(tmp + 16 * i, acc[i]);
  store_tile(tmp, 32, c, ldc, mr, nr, load_c);
}
#endif

template <class T> Kernel<T> pick_kernel();
template <> Kernel<float> pick_kernel<float>() {
#if TL_X86
  const std::string_view s = simd_level();
  if (s == "avx512") return {8, 32, ukr_f32_avx512};
  if (s == "avx2") return {6, 16, ukr_f32_avx2};
#endif
  return {4, 8, ukr_generic<float, 4, 8>};
}
template <> Kernel<double> pick_kernel<double>() {
#if TL_X86
  if (wide_simd()) return {4, 8, ukr_f64_avx2};
#endif
  return {4, 4, ukr_generic<double, 4, 4>};
}

/** One C[m,n] (+)= A[m,k]·B[k,n] product, single-threaded, blocked and packed. */
template <class T> void gemm_blocked(const Kernel<T>& kn, Mat<T> a, Mat<T> b, T* c, int64_t ldc,
  int64_t m, int64_t k, int64_t n, bool acc) {
  if (k == 0) {
    if (!acc) for (int64_t i = 0; i < m; i++) std::fill(c + i * ldc, c + i * ldc + n, T(0));
    return;
  }
  const int64_t mcMax = (MC / kn.MR) * kn.MR;
  T* pa = scratch<T>(0, static_cast<size_t>(mcMax * KC));
  T* pb = scratch<T>(1, static_cast<size_t>(((NC + kn.NR - 1) / kn.NR) * kn.NR * KC));
  // equal k blocks (784 = 4×196, not 3×256 + 16): a thin last block would pay a full C read/write
  const int64_t kBlocks = (k + KC - 1) / KC, kcMax = (k + kBlocks - 1) / kBlocks;
  // a row-major B feeding few rows of C is read in place: packing it would cost about as much as
  // the few micro-kernel passes that reuse it (only a ragged last panel is packed)
  const bool direct = b.cs == 1 && m <= DIRECT_B_MAX_M;
  for (int64_t jc = 0; jc < n; jc += NC) {
    const int64_t nc = std::min(NC, n - jc);
    const int64_t ncFull = direct ? nc / kn.NR * kn.NR : 0;
    for (int64_t pc = 0; pc < k; pc += kcMax) {
      const int64_t kc = std::min(kcMax, k - pc);
      const T* b0 = b.p + pc * b.rs + jc * b.cs;
      pack_b<T>({b0 + ncFull, b.rs, b.cs}, kc, nc - ncFull, kn.NR, pb);
      const bool load_c = acc || pc > 0;
      for (int64_t ic = 0; ic < m; ic += mcMax) {
        const int64_t mc = std::min(mcMax, m - ic);
        pack_a<T>({a.p + ic * a.rs + pc * a.cs, a.rs, a.cs}, mc, kc, kn.MR, pa);
        for (int64_t jr = 0; jr < nc; jr += kn.NR) {
          const int nr = static_cast<int>(std::min<int64_t>(kn.NR, nc - jr));
          const bool inPlace = jr < ncFull;
          const T* panel = inPlace ? b0 + jr : pb + (jr - ncFull) * kc;
          const int64_t ldb = inPlace ? b.rs : kn.NR;
          for (int64_t ir = 0; ir < mc; ir += kn.MR) {
            const int mr = static_cast<int>(std::min<int64_t>(kn.MR, mc - ir));
            kn.ukr(kc, pa + ir * kc, panel, ldb, c + (ic + ir) * ldc + jc + jr, ldc, mr, nr, load_c);
          }
        }
      }
    }
  }
}

// ---- GEMV path (m ≤ 2): packing would waste most of a tile ----
template <class T> TL_INLINE T dot_body(const T* x, const T* y, int64_t k) {
  T s[16] = {};
  int64_t p = 0;
  for (; p + 16 <= k; p += 16)
    for (int l = 0; l < 16; l++) s[l] += x[p + l] * y[p + l];
  T t = 0;
  for (; p < k; p++) t += x[p] * y[p];
  for (int l = 0; l < 16; l++) t += s[l];
  return t;
}
template <class T> TL_INLINE void axpy_body(T alpha, const T* x, T* y, int64_t n) {
  for (int64_t j = 0; j < n; j++) y[j] += alpha * x[j];
}
template <class T> TL_INLINE void gemv_body(const T* arow, Mat<T> b, T* crow, int64_t k, int64_t j0,
  int64_t j1, bool acc) {
  if (b.rs == 1) {  // B stored [n,k]: a dot product per output
    for (int64_t j = j0; j < j1; j++) {
      const T d = dot_body(arow, b.p + j * b.cs, k);
      crow[j] = acc ? crow[j] + d : d;
    }
  } else {          // B stored [k,n] (cs == 1): accumulate rows of B
    if (!acc) std::fill(crow + j0, crow + j1, T(0));
    for (int64_t p = 0; p < k; p++) axpy_body(arow[p], b.p + p * b.rs + j0, crow + j0, j1 - j0);
  }
}
template <class T> void gemv_generic(const T* arow, Mat<T> b, T* crow, int64_t k, int64_t j0,
  int64_t j1, bool acc) { gemv_body(arow, b, crow, k, j0, j1, acc); }
#if TL_X86
template <class T> TL_TARGET_AVX2 void gemv_avx2(const T* arow, Mat<T> b, T* crow, int64_t k,
  int64_t j0, int64_t j1, bool acc) { gemv_body(arow, b, crow, k, j0, j1, acc); }
#endif

template <class T> void gemv(Mat<T> a, Mat<T> b, T* c, int64_t m, int64_t k, int64_t n, bool acc) {
  for (int64_t i = 0; i < m; i++) {
    T* arow = scratch<T>(2, static_cast<size_t>(k));  // A's row made contiguous (it may be a column)
    for (int64_t p = 0; p < k; p++) arow[p] = a.p[i * a.rs + p * a.cs];
    const Mat<T> bb = b;  // one of rs, cs is always 1 (see gemm)
    parallel_for(n, std::max<int64_t>(16, (1 << 16) / std::max<int64_t>(k, 1)), [&](int64_t j0, int64_t j1) {
      const T* ar = arow;
#if TL_X86
      if (wide_simd()) { gemv_avx2<T>(ar, bb, c + i * n, k, j0, j1, acc); return; }
#endif
      gemv_generic<T>(ar, bb, c + i * n, k, j0, j1, acc);
    });
  }
}

}  // namespace

template <class T> void gemm(const T* a, int64_t a_off, int64_t a_bs, bool trans_a, const T* b,
  int64_t b_off, int64_t b_bs, bool trans_b, T* c, int64_t batch, int64_t m, int64_t k, int64_t n,
  bool accumulate) {
  if (batch <= 0 || m <= 0 || n <= 0) return;
  const Kernel<T> kn = pick_kernel<T>();
  const int64_t ars = trans_a ? 1 : k, acs = trans_a ? m : 1;
  const int64_t brs = trans_b ? 1 : n, bcs = trans_b ? k : 1;
  if (m <= 2 && k > 0) {
    for (int64_t bt = 0; bt < batch; bt++)
      gemv<T>({a + a_off + bt * a_bs, ars, acs}, {b + b_off + bt * b_bs, brs, bcs}, c + bt * m * n,
        m, k, n, accumulate);
    return;
  }
  // split across threads only when each share has at least ~256k multiply-adds
  const double work = static_cast<double>(batch) * m * n * std::max<int64_t>(k, 1);
  int64_t want = static_cast<int64_t>(work / (1 << 18));
  const int64_t threads = std::max<int64_t>(1, std::min<int64_t>(num_threads(), want));
  const int64_t splits = batch >= threads ? 1 : (threads + batch - 1) / batch;
  const bool splitN = n >= m;
  const int64_t unit = splitN ? kn.NR : kn.MR, extent = splitN ? n : m;
  const int64_t units = (extent + unit - 1) / unit;
  const int64_t parts = std::max<int64_t>(1, std::min(splits, units));
  parallel_for(batch * parts, 1, [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; t++) {
      const int64_t bt = t / parts, part = t % parts;
      const int64_t lo = std::min(extent, units * part / parts * unit);
      const int64_t hi = std::min(extent, units * (part + 1) / parts * unit);
      if (hi <= lo) continue;
      const T* ab = a + a_off + bt * a_bs;
      const T* bb = b + b_off + bt * b_bs;
      T* cb = c + bt * m * n;
      if (splitN)
        gemm_blocked<T>(kn, {ab, ars, acs}, {bb + lo * bcs, brs, bcs}, cb + lo, n, m, k, hi - lo, accumulate);
      else
        gemm_blocked<T>(kn, {ab + lo * ars, ars, acs}, {bb, brs, bcs}, cb + lo * n, n, hi - lo, k, n, accumulate);
    }
  });
}

template void gemm<float>(const float*, int64_t, int64_t, bool, const float*, int64_t, int64_t, bool,
  float*, int64_t, int64_t, int64_t, int64_t, bool);
template void gemm<double>(const double*, int64_t, int64_t, bool, const double*, int64_t, int64_t,
  bool, double*, int64_t, int64_t, int64_t, int64_t, bool);

}  // namespace tl
