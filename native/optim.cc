// Fused optimizer updates on flat arrays (optional backend entries): one pass per parameter tensor
// instead of a JS loop. Arithmetic mirrors src/optim/adam.ts exactly: double math, each state value
// stored to T (and read back) where the JS reference stores it into its typed array.
#include <cmath>
#include "kernels.h"

namespace tl {

template <class T> void adam_update(T* param, const T* grad, T* exp_avg, T* exp_avg_sq, T* max_exp_avg_sq,
  int64_t n, double step, double lr, double b1, double b2, double eps, double wd, bool maximize,
  bool decoupled) {
  const double step_size = lr / (1 - std::pow(b1, step));
  const double bc2_sqrt = std::sqrt(1 - std::pow(b2, step));
  parallel_for(n, 1 << 15, [&](int64_t lo, int64_t hi) {
    for (int64_t i = lo; i < hi; i++) {
      double g = maximize ? -static_cast<double>(grad[i]) : static_cast<double>(grad[i]);
      if (decoupled) param[i] = static_cast<T>(param[i] * (1 - lr * wd));
      else if (wd != 0) g += wd * param[i];
      exp_avg[i] = static_cast<T>(b1 * exp_avg[i] + (1 - b1) * g);
      exp_avg_sq[i] = static_cast<T>(b2 * exp_avg_sq[i] + (1 - b2) * g * g);
      double v = exp_avg_sq[i];
      if (max_exp_avg_sq) {
        const double old = max_exp_avg_sq[i];  // Math.max: NaN if either is NaN
        max_exp_avg_sq[i] = static_cast<T>(old != old || v != v ? NAN : old > v ? old : v);
        v = max_exp_avg_sq[i];
      }
      param[i] = static_cast<T>(param[i] - step_size * exp_avg[i] / (std::sqrt(v) / bc2_sqrt + eps));
    }
  });
}

template void adam_update<float>(float*, const float*, float*, float*, float*, int64_t, double, double,
  double, double, double, double, bool, bool);
template void adam_update<double>(double*, const double*, double*, double*, double*, int64_t, double,
  double, double, double, double, double, bool, bool);

}  // namespace tl
