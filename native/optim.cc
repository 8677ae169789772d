// Fused optimizer updates on flat arrays (optional backend entries): one pass per parameter tensor
// instead of a JS loop. Arithmetic mirrors src/optim/adam.ts and sgd.ts exactly: double math, each
// state value stored to T (and read back) where the JS reference stores it into its typed array.
#include <cmath>
#include "ops.h"

namespace tl {
namespace {


struct AdamH { double step_size, bc2_sqrt, lr, b1, b2, eps, wd, sign; };

// Flags are template arguments so the loop has no branches and vectorises (AVX2 build below).
template <class T, bool AMS, bool DEC, bool L2> TL_INLINE void adam_body(T* __restrict param,
  const T* __restrict grad, T* __restrict m, T* __restrict v, T* __restrict vmax, int64_t n, const AdamH& h) {
  for (int64_t i = 0; i < n; i++) {
    double g = h.sign * static_cast<double>(grad[i]);
    if constexpr (DEC) param[i] = static_cast<T>(param[i] * (1 - h.lr * h.wd));
    if constexpr (L2) g += h.wd * param[i];
    const T mi = static_cast<T>(h.b1 * m[i] + (1 - h.b1) * g);
    const T vi = static_cast<T>(h.b2 * v[i] + (1 - h.b2) * g * g);
    m[i] = mi;
    v[i] = vi;
    double vv = vi;
    if constexpr (AMS) {
      const double old = vmax[i];  // Math.max: NaN if either is NaN
      const T mx = static_cast<T>(old != old || vv != vv ? NAN : old > vv ? old : vv);
      vmax[i] = mx;
      vv = mx;
    }
    param[i] = static_cast<T>(param[i] - h.step_size * mi / (std::sqrt(vv) / h.bc2_sqrt + h.eps));
  }
}

template <class T, bool AMS, bool DEC, bool L2> void adam_generic(T* p, const T* g, T* m, T* v, T* x,
  int64_t n, const AdamH& h) { adam_body<T, AMS, DEC, L2>(p, g, m, v, x, n, h); }
template <class T, bool AMS, bool DEC, bool L2> TL_TARGET_AVX2 void adam_avx2(T* p, const T* g, T* m,
  T* v, T* x, int64_t n, const AdamH& h) { adam_body<T, AMS, DEC, L2>(p, g, m, v, x, n, h); }

template <class T, bool AMS, bool DEC, bool L2> void adam_run(T* p, const T* g, T* m, T* v, T* x,
  int64_t n, const AdamH& h) {
  parallel_for(n, 1 << 16, [&](int64_t lo, int64_t hi) {
    T* xs = x ? x + lo : nullptr;
    if (wide_simd()) adam_avx2<T, AMS, DEC, L2>(p + lo, g + lo, m + lo, v + lo, xs, hi - lo, h);
    else adam_generic<T, AMS, DEC, L2>(p + lo, g + lo, m + lo, v + lo, xs, hi - lo, h);
  });
}

struct SgdH { double sign, wd, mu, damp, lr; };

// d = ±g (+ wd·p); buf = d (first step) or μ·buf + (1−dampening)·d; d = d + μ·buf (Nesterov) or buf;
// p −= lr·d. Weight decay is a flag, not a zero multiply: 0·Inf would turn an infinite weight into NaN.
template <class T, bool WD, bool BUF, bool FRESH, bool NEST> TL_INLINE void sgd_body(T* __restrict param,
  const T* __restrict grad, T* __restrict buf, int64_t n, const SgdH& h) {
  for (int64_t i = 0; i < n; i++) {
    double d = h.sign * static_cast<double>(grad[i]);
    if constexpr (WD) d += h.wd * param[i];
    if constexpr (BUF) {
      const T b = FRESH ? static_cast<T>(d) : static_cast<T>(h.mu * buf[i] + (1 - h.damp) * d);
      buf[i] = b;
      d = NEST ? d + h.mu * b : static_cast<double>(b);
    }
    param[i] = static_cast<T>(param[i] - h.lr * d);
  }
}

template <class T, bool WD, bool BUF, bool FRESH, bool NEST> void sgd_generic(T* p, const T* g, T* b,
  int64_t n, const SgdH& h) { sgd_body<T, WD, BUF, FRESH, NEST>(p, g, b, n, h); }
template <class T, bool WD, bool BUF, bool FRESH, bool NEST> TL_TARGET_AVX2 void sgd_avx2(T* p, const T* g,
  T* b, int64_t n, const SgdH& h) { sgd_body<T, WD, BUF, FRESH, NEST>(p, g, b, n, h); }

template <class T, bool WD, bool BUF, bool FRESH, bool NEST> void sgd_run(T* p, const T* g, T* b, int64_t n,
  const SgdH& h) {
  parallel_for(n, 1 << 16, [&](int64_t lo, int64_t hi) {
    T* bs = b ? b + lo : nullptr;
    if (wide_simd()) sgd_avx2<T, WD, BUF, FRESH, NEST>(p + lo, g + lo, bs, hi - lo, h);
    else sgd_generic<T, WD, BUF, FRESH, NEST>(p + lo, g + lo, bs, hi - lo, h);
  });
}

}  // namespace

template <class T> void sgd_update(T* param, const T* grad, T* buf, int64_t n, bool fresh, double lr,
  double momentum, double dampening, double wd, bool nesterov, bool maximize) {
  const SgdH h{maximize ? -1.0 : 1.0, wd, momentum, dampening, lr};
  // the four flags as template arguments (with_op dispatches the key): 16 loops without branches
  const int key = (wd != 0 ? 8 : 0) | (buf ? 4 : 0) | (fresh ? 2 : 0) | (nesterov ? 1 : 0);
  with_op<0, 16>(key, [&](auto c) {
    constexpr int K = decltype(c)::value;
    sgd_run<T, (K & 8) != 0, (K & 4) != 0, (K & 2) != 0, (K & 1) != 0>(param, grad, buf, n, h);
  });
}

template void sgd_update<float>(float*, const float*, float*, int64_t, bool, double, double, double, double,
  bool, bool);
template void sgd_update<double>(double*, const double*, double*, int64_t, bool, double, double, double,
  double, bool, bool);

template <class T> void adam_update(T* param, const T* grad, T* exp_avg, T* exp_avg_sq, T* max_exp_avg_sq,
  int64_t n, double step, double lr, double b1, double b2, double eps, double wd, bool maximize,
  bool decoupled) {
  const AdamH h{lr / (1 - std::pow(b1, step)), std::sqrt(1 - std::pow(b2, step)), lr, b1, b2, eps, wd,
    maximize ? -1.0 : 1.0};
  const bool ams = max_exp_avg_sq != nullptr, l2 = !decoupled && wd != 0;
  T *p = param, *m = exp_avg, *v = exp_avg_sq, *x = max_exp_avg_sq;
  if (ams) {
    if (decoupled) adam_run<T, true, true, false>(p, grad, m, v, x, n, h);
    else if (l2) adam_run<T, true, false, true>(p, grad, m, v, x, n, h);
    else adam_run<T, true, false, false>(p, grad, m, v, x, n, h);
  } else {
    if (decoupled) adam_run<T, false, true, false>(p, grad, m, v, x, n, h);
    else if (l2) adam_run<T, false, false, true>(p, grad, m, v, x, n, h);
    else adam_run<T, false, false, false>(p, grad, m, v, x, n, h);
  }
}

template void adam_update<float>(float*, const float*, float*, float*, float*, int64_t, double, double,
  double, double, double, double, bool, bool);
template void adam_update<double>(double*, const double*, double*, double*, double*, int64_t, double,
  double, double, double, double, double, bool, bool);

}  // namespace tl
