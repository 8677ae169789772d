// Row kernels for the normalisation ops (batch, group and layer norm in src/ops/norm-core.ts): the
// input is [rows, R], each row with its own centre m[i] and constants a[i], c[i], d[i] (float64),
// which the JS side derives from the per-segment statistics and the affine weight.
//   row_reduce: mode 0  o1[i] = Σ x          mode 1  o1[i] = Σ (x − m)²
//               mode 2  o1[i] = Σ g,  o2[i] = Σ g·(x − m)
//   row_affine: without g  out = (x − m)·a + c;   with g  out = g·a − c − (x − m)·d
// All arithmetic in double, each output rounded to T once (as the JS reference does it).
#include "kernels.h"

namespace tl {
namespace {

constexpr int LANES = 8;  // independent accumulators, so the sums vectorise without reassociation

template <int MODE, class T> TL_INLINE void reduce_rows(const T* x, const T* g, int64_t lo, int64_t hi,
  int64_t R, const double* m, double* o1, double* o2) {
  for (int64_t i = lo; i < hi; i++) {
    const T* __restrict xr = x + i * R;
    const T* __restrict gr = MODE == 2 ? g + i * R : nullptr;
    const double mi = MODE == 0 ? 0.0 : m[i];
    double s[LANES] = {}, t[LANES] = {};
    int64_t r = 0;
    for (; r + LANES <= R; r += LANES) {
      for (int j = 0; j < LANES; j++) {
        const double v = static_cast<double>(xr[r + j]) - mi;
        if constexpr (MODE == 0) s[j] += v;
        else if constexpr (MODE == 1) s[j] += v * v;
        else { const double gv = gr[r + j]; s[j] += gv; t[j] += gv * v; }
      }
    }
    double a = 0, b = 0;
    for (int j = 0; j < LANES; j++) { a += s[j]; b += t[j]; }
    for (; r < R; r++) {
      const double v = static_cast<double>(xr[r]) - mi;
      if constexpr (MODE == 0) a += v;
      else if constexpr (MODE == 1) a += v * v;
      else { a += gr[r]; b += gr[r] * v; }
    }
    o1[i] = a;
    if constexpr (MODE == 2) o2[i] = b;
  }
}

template <bool GRAD, class T> TL_INLINE void affine_rows(const T* x, const T* g, int64_t lo, int64_t hi,
  int64_t R, const double* m, const double* a, const double* c, const double* d, T* out) {
  for (int64_t i = lo; i < hi; i++) {
    const T* __restrict xr = x + i * R;
    T* __restrict o = out + i * R;
    const double mi = m[i], ai = a[i], ci = c[i];
    if constexpr (GRAD) {
      const T* __restrict gr = g + i * R;
      const double di = d[i];
      for (int64_t r = 0; r < R; r++) o[r] = static_cast<T>(gr[r] * ai - ci - (static_cast<double>(xr[r]) - mi) * di);
    } else {
      for (int64_t r = 0; r < R; r++) o[r] = static_cast<T>((static_cast<double>(xr[r]) - mi) * ai + ci);
    }
  }
}

template <int MODE, class T> void reduce_generic(const T* x, const T* g, int64_t lo, int64_t hi, int64_t R,
  const double* m, double* o1, double* o2) { reduce_rows<MODE, T>(x, g, lo, hi, R, m, o1, o2); }
template <int MODE, class T> TL_TARGET_AVX2 void reduce_avx2(const T* x, const T* g, int64_t lo, int64_t hi,
  int64_t R, const double* m, double* o1, double* o2) { reduce_rows<MODE, T>(x, g, lo, hi, R, m, o1, o2); }
template <bool GRAD, class T> void affine_generic(const T* x, const T* g, int64_t lo, int64_t hi, int64_t R,
  const double* m, const double* a, const double* c, const double* d, T* out) {
  affine_rows<GRAD, T>(x, g, lo, hi, R, m, a, c, d, out);
}
template <bool GRAD, class T> TL_TARGET_AVX2 void affine_avx2(const T* x, const T* g, int64_t lo, int64_t hi,
  int64_t R, const double* m, const double* a, const double* c, const double* d, T* out) {
  affine_rows<GRAD, T>(x, g, lo, hi, R, m, a, c, d, out);
}

/** Rows per task: about 32k elements each, at least one row. */
inline int64_t row_grain(int64_t R) { return R >= (1 << 15) ? 1 : (1 << 15) / (R > 0 ? R : 1); }

template <int MODE, class T> void reduce_run(const T* x, const T* g, int64_t rows, int64_t R, const double* m,
  double* o1, double* o2) {
  parallel_for(rows, row_grain(R), [&](int64_t lo, int64_t hi) {
    if (wide_simd()) reduce_avx2<MODE, T>(x, g, lo, hi, R, m, o1, o2);
    else reduce_generic<MODE, T>(x, g, lo, hi, R, m, o1, o2);
  });
}

}  // namespace

template <class T> void row_reduce(int mode, const T* x, const T* g, int64_t rows, int64_t R, const double* m,
  double* o1, double* o2) {
  if (mode == 0) reduce_run<0, T>(x, g, rows, R, m, o1, o2);
  else if (mode == 1) reduce_run<1, T>(x, g, rows, R, m, o1, o2);
  else reduce_run<2, T>(x, g, rows, R, m, o1, o2);
}

template <class T> void row_affine(const T* x, const T* g, int64_t rows, int64_t R, const double* m,
  const double* a, const double* c, const double* d, T* out) {
  parallel_for(rows, row_grain(R), [&](int64_t lo, int64_t hi) {
    if (g) {
      if (wide_simd()) affine_avx2<true, T>(x, g, lo, hi, R, m, a, c, d, out);
      else affine_generic<true, T>(x, g, lo, hi, R, m, a, c, d, out);
    } else {
      if (wide_simd()) affine_avx2<false, T>(x, g, lo, hi, R, m, a, c, d, out);
      else affine_generic<false, T>(x, g, lo, hi, R, m, a, c, d, out);
    }
  });
}

template void row_reduce<float>(int, const float*, const float*, int64_t, int64_t, const double*, double*, double*);
template void row_reduce<double>(int, const double*, const double*, int64_t, int64_t, const double*, double*, double*);
template void row_affine<float>(const float*, const float*, int64_t, int64_t, const double*, const double*,
  const double*, const double*, float*);
template void row_affine<double>(const double*, const double*, int64_t, int64_t, const double*, const double*,
  const double*, const double*, double*);

}  // namespace tl
