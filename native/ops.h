// Scalar definitions of the unary/binary ops (mirroring src/backend/js/elementwise.ts exactly: NaN
// rules, truthiness, half-even rounding) and a compile-time dispatch helper.
#pragma once
#include <cmath>
#include <type_traits>
#include "kernels.h"

namespace tl {

/** Calls f(std::integral_constant<int, op>) for a run-time op in [I, N). */
template <int I, int N, class F> TL_INLINE void with_op(int op, F&& f) {
  if constexpr (I < N) {
    if (op == I) f(std::integral_constant<int, I>{});
    else with_op<I + 1, N>(op, f);
  }
}

/** Truthiness as torch converts a number to bool: only ±0 is false. */
template <class T> TL_INLINE bool truthy(T v) { return v != 0; }

/** erf exactly as the JS reference computes it (series near 0, continued fraction in the tails). */
inline double erf_ref(double x) {
  const double ax = std::fabs(x);
  if (ax < 2.5) {
    double sum = x, term = x;
    const double x2 = x * x;
    for (int n = 1; n < 100; n++) {
      term *= -x2 / n;
      const double t = term / (2 * n + 1);
      sum += t;
      if (std::fabs(t) < 1e-17 * std::fabs(sum)) break;
    }
    return (2 / std::sqrt(M_PI)) * sum;
  }
  double f = 0;
  for (int n = 60; n >= 1; n--) f = (n / 2.0) / (ax + f);
  const double erfc = std::exp(-ax * ax) / std::sqrt(M_PI) / (ax + f);
  return x > 0 ? 1 - erfc : erfc - 1;
}

/** Math.pow semantics: a NaN exponent gives NaN, and (±1)^±Infinity is NaN (C's pow says 1). */
inline double pow_js(double a, double b) {
  if (b != b || (std::isinf(b) && std::fabs(a) == 1)) return NAN;
  return std::pow(a, b);
}

template <int OP, class T> TL_INLINE T uop(T v) {
  // +,-,*,/,sqrt of floats are correctly rounded, so float math equals JS's double-then-round;
  // transcendental functions go through double like the JS reference.
  const double d = static_cast<double>(v);
  if constexpr (OP == U_NEG) return -v;
  else if constexpr (OP == U_EXP) return static_cast<T>(std::exp(d));
  else if constexpr (OP == U_LOG) return static_cast<T>(std::log(d));
  else if constexpr (OP == U_SQRT) return std::sqrt(v);
  else if constexpr (OP == U_RSQRT) return static_cast<T>(1.0 / std::sqrt(d));
  else if constexpr (OP == U_ABS) return std::fabs(v);
  else if constexpr (OP == U_SIGN) return v > 0 ? T(1) : v < 0 ? T(-1) : v == 0 ? T(0) : v;
  else if constexpr (OP == U_RELU) return v > 0 ? v : v != v ? v : T(0);
  else if constexpr (OP == U_SIGMOID)
    return static_cast<T>(d >= 0 ? 1.0 / (1.0 + std::exp(-d)) : std::exp(d) / (1.0 + std::exp(d)));
  else if constexpr (OP == U_TANH) return static_cast<T>(std::tanh(d));
  else if constexpr (OP == U_SIN) return static_cast<T>(std::sin(d));
  else if constexpr (OP == U_COS) return static_cast<T>(std::cos(d));
  else if constexpr (OP == U_RECIPROCAL) return T(1) / v;
  else if constexpr (OP == U_SQUARE) return static_cast<T>(d * d);
  else if constexpr (OP == U_FLOOR) return std::floor(v);
  else if constexpr (OP == U_CEIL) return std::ceil(v);
  else if constexpr (OP == U_ROUND) return std::nearbyint(v);  // default mode: half to even
  else if constexpr (OP == U_LOG1P) return static_cast<T>(std::log1p(d));
  else if constexpr (OP == U_EXPM1) return static_cast<T>(std::expm1(d));
  else if constexpr (OP == U_ERF) return static_cast<T>(erf_ref(d));
  else if constexpr (OP == U_GELU) return static_cast<T>(0.5 * d * (1 + erf_ref(d / M_SQRT2)));
  else if constexpr (OP == U_GELU_TANH)
    return static_cast<T>(0.5 * d * (1 + std::tanh(std::sqrt(2 / M_PI) * (d + 0.044715 * d * d * d))));
  else if constexpr (OP == U_SILU) return static_cast<T>(d / (1 + std::exp(-d)));
  else if constexpr (OP == U_LOGICAL_NOT) return truthy(v) ? T(0) : T(1);
  else if constexpr (OP == U_ISNAN) return v != v ? T(1) : T(0);
  else return std::isinf(v) ? T(1) : T(0);  // U_ISINF
}

template <int OP, class T, class O> TL_INLINE O bop(T a, T b) {
  if constexpr (OP == B_ADD) return static_cast<O>(a + b);
  else if constexpr (OP == B_SUB) return static_cast<O>(a - b);
  else if constexpr (OP == B_MUL) return static_cast<O>(a * b);
  else if constexpr (OP == B_DIV) return static_cast<O>(a / b);
  else if constexpr (OP == B_POW) return static_cast<O>(pow_js(double(a), double(b)));
  else if constexpr (OP == B_MAXIMUM) return static_cast<O>(a != a || b != b ? NAN : a > b ? a : b);
  else if constexpr (OP == B_MINIMUM) return static_cast<O>(a != a || b != b ? NAN : a < b ? a : b);
  else if constexpr (OP == B_ATAN2) return static_cast<O>(std::atan2(double(a), double(b)));
  else if constexpr (OP == B_EQ) return O(a == b ? 1 : 0);
  else if constexpr (OP == B_NE) return O(a != b ? 1 : 0);
  else if constexpr (OP == B_LT) return O(a < b ? 1 : 0);
  else if constexpr (OP == B_LE) return O(a <= b ? 1 : 0);
  else if constexpr (OP == B_GT) return O(a > b ? 1 : 0);
  else if constexpr (OP == B_GE) return O(a >= b ? 1 : 0);
  else if constexpr (OP == B_LOGICAL_AND) return O(truthy(a) && truthy(b) ? 1 : 0);
  else if constexpr (OP == B_LOGICAL_OR) return O(truthy(a) || truthy(b) ? 1 : 0);
  else {  // B_REMAINDER: Python-style, the sign follows the divisor
    const double x = a, y = b;
    return static_cast<O>(x - std::floor(x / y) * y);
  }
}

/** Ops whose result is exact in T (so a double scalar operand must stay double to match JS). */
constexpr bool is_compare(int op) { return op >= B_EQ && op <= B_LOGICAL_OR; }

}  // namespace tl
