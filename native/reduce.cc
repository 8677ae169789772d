// Reductions over the middle axis of [outer, n, inner] (double accumulators, as the JS reference)
// and row softmax / log-softmax. Split across threads by output element when large.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>
#include "kernels.h"

namespace tl {
namespace {

constexpr int64_t GRAIN = 1 << 15;

/** Sum of n contiguous values in double, 8 independent lanes (vectorisable, no reassociation). */
template <class T> TL_INLINE double sum_contig(const T* x, int64_t n) {
  double s[8] = {};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (int l = 0; l < 8; l++) s[l] += x[i + l];
  double t = 0;
  for (; i < n; i++) t += x[i];
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7])) + t;
}

/** Reduces one (o, j-range) slab: out[o, j0..j1). */
template <class T, class I> TL_INLINE void reduce_slab(int op, const T* x, int64_t n, int64_t inner,
  int64_t j0, int64_t j1, T* out, I* idx) {
  if (op == R_SUM && inner == 1) { out[0] = static_cast<T>(sum_contig(x, n)); return; }
  if (op == R_SUM || op == R_PROD) {
    double acc[256];
    for (int64_t jb = j0; jb < j1; jb += 256) {
      const int64_t len = std::min<int64_t>(256, j1 - jb);
      std::fill(acc, acc + len, op == R_SUM ? 0.0 : 1.0);
      for (int64_t i = 0; i < n; i++) {
        const T* row = x + i * inner + jb;
        if (op == R_SUM) for (int64_t j = 0; j < len; j++) acc[j] += row[j];
        else for (int64_t j = 0; j < len; j++) acc[j] *= row[j];
      }
      for (int64_t j = 0; j < len; j++) out[jb + j] = static_cast<T>(acc[j]);
    }
    return;
  }
  const bool mx = op == R_MAX;
  for (int64_t j = j0; j < j1; j++) {
    double acc = mx ? -INFINITY : INFINITY;
    int64_t arg = 0;
    for (int64_t i = 0; i < n; i++) {
      const double v = x[i * inner + j];
      if (v != v) { acc = v; arg = i; break; }  // NaN wins and sticks, as in torch.max
      if (mx ? v > acc : v < acc) { acc = v; arg = i; }
    }
    if (n == 0) acc = NAN;
    out[j] = static_cast<T>(acc);
    if (idx) idx[j] = static_cast<I>(arg);
  }
}

}  // namespace

template <class T, class I> void reduce(int op, const T* x, int64_t outer, int64_t n, int64_t inner,
  T* out, I* indices) {
  if (outer <= 0 || inner <= 0) return;
  // tasks: (o, block of inner) pairs; grain counts input elements per task
  const int64_t jblock = inner >= 1024 ? 256 : inner;
  const int64_t jblocks = (inner + jblock - 1) / jblock;
  const int64_t tasks = outer * jblocks;
  const int64_t per = std::max<int64_t>(1, n * jblock);
  parallel_for(tasks, std::max<int64_t>(1, GRAIN / per), [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; t++) {
      const int64_t o = t / jblocks, j0 = (t % jblocks) * jblock, j1 = std::min(inner, j0 + jblock);
      reduce_slab<T, I>(op, x + o * n * inner, n, inner, j0, j1, out + o * inner,
        indices ? indices + o * inner : nullptr);
    }
  });
}

template <class T> void softmax(const T* x, int64_t outer, int64_t n, T* out, bool log) {
  parallel_for(outer, std::max<int64_t>(1, GRAIN / std::max<int64_t>(n, 1)), [&](int64_t o0, int64_t o1) {
    for (int64_t o = o0; o < o1; o++) {
      const T* r = x + o * n;
      T* y = out + o * n;
      double m = -INFINITY;
      for (int64_t i = 0; i < n; i++) if (r[i] > m) m = r[i];
      // subtracting the max keeps exp from overflowing; an all -inf row stays NaN as in torch
      double s = 0;
      for (int64_t i = 0; i < n; i++) s += std::exp(static_cast<double>(r[i]) - m);
      if (log) {
        const double ls = std::log(s);
        for (int64_t i = 0; i < n; i++) y[i] = static_cast<T>(static_cast<double>(r[i]) - m - ls);
      } else {
        for (int64_t i = 0; i < n; i++) y[i] = static_cast<T>(std::exp(static_cast<double>(r[i]) - m) / s);
      }
    }
  });
}

#define TL_RED(T, I) template void reduce<T, I>(int, const T*, int64_t, int64_t, int64_t, T*, I*);
TL_RED(float, int32_t)
TL_RED(float, double)
TL_RED(double, int32_t)
TL_RED(double, double)
template void softmax<float>(const float*, int64_t, int64_t, float*, bool);
template void softmax<double>(const double*, int64_t, int64_t, double*, bool);

}  // namespace tl
