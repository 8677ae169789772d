// The pointwise part of an LSTM or GRU step and its backward (src/ops/rnn-core.ts is the reference):
// gates in torch's order (LSTM i, f, g, o; GRU r, z, n), one row of 4H or 3H per batch row. The backward, and the forward in float64,
// compute each value in double from the stored (rounded) operands and round it once, as the JS
// reference does (σ and tanh are the unary ops' own, ops.h). The float32 forward runs σ and tanh
// on 8 AVX2 lanes with polynomial approximations a few ulp from the reference.
#include <algorithm>
#include <type_traits>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include "ops.h"

namespace tl {

// The reference arithmetic for one row range (double σ and tanh from ops.h): float64 always, and
// float32 where AVX2 is absent.
template <class T> void cell_rows(T* gates, const T* c_prev, T* c, T* h, T* tc, int64_t lo, int64_t hi, int64_t H) {
  for (int64_t n = lo; n < hi; n++) {
    T* gi = gates + 4 * H * n;
    T* gf = gi + H;
    T* gg = gi + 2 * H;
    T* go = gi + 3 * H;
    const int64_t r0 = n * H;
    for (int64_t j = 0; j < H; j++) {
      gi[j] = uop<U_SIGMOID, T>(gi[j]);
      gf[j] = uop<U_SIGMOID, T>(gf[j]);
      gg[j] = uop<U_TANH, T>(gg[j]);
      go[j] = uop<U_SIGMOID, T>(go[j]);
      const T cv = static_cast<T>(static_cast<double>(gf[j]) * c_prev[r0 + j] + static_cast<double>(gi[j]) * gg[j]);
      c[r0 + j] = cv;
      const T t = uop<U_TANH, T>(cv);
      tc[r0 + j] = t;
      h[r0 + j] = static_cast<T>(static_cast<double>(go[j]) * t);
    }
  }
}

#if TL_X86
// float32 σ and tanh over 8 lanes, within a few ulp of the correctly rounded value (the float path
// of PyTorch's LSTM is vectorised the same way); NaN stays NaN.
namespace vm {
/** e^x: x = n·ln2 + r with |r| ≤ ln2/2, e^r by its Taylor series to r⁷ (error < 1e-8), times 2ⁿ. */
TL_TARGET_AVX2 inline __m256 exp_ps(__m256 x) {
  x = _mm256_min_ps(_mm256_set1_ps(88.0f), _mm256_max_ps(_mm256_set1_ps(-87.0f), x));  // keeps NaN; 2ⁿ stays normal
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);  // ln2 in two parts: n·hi is exact
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.0f / 5040);
  for (const float k : {1.0f / 720, 1.0f / 120, 1.0f / 24, 1.0f / 6, 0.5f, 1.0f, 1.0f}) p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(k));
  const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(p, _mm256_castsi256_ps(e));
}
TL_TARGET_AVX2 inline __m256 sigmoid_ps(__m256 x) {
  const __m256 one = _mm256_set1_ps(1.0f);
  return _mm256_div_ps(one, _mm256_add_ps(one, exp_ps(_mm256_sub_ps(_mm256_setzero_ps(), x))));
}
/** tanh: its odd Taylor series to x¹³ below |x| = 0.3 (error < 1e-9), else (1 − e^−2|x|)/(1 + e^−2|x|). */
TL_TARGET_AVX2 inline __m256 tanh_ps(__m256 x) {
  const __m256 sign = _mm256_set1_ps(-0.0f), a = _mm256_andnot_ps(sign, x), one = _mm256_set1_ps(1.0f);
  const __m256 e = exp_ps(_mm256_mul_ps(a, _mm256_set1_ps(-2.0f)));
  const __m256 big = _mm256_div_ps(_mm256_sub_ps(one, e), _mm256_add_ps(one, e));
  const __m256 x2 = _mm256_mul_ps(a, a);
  __m256 p = _mm256_set1_ps(21844.0f / 6081075);
  for (const float k : {-1382.0f / 155925, 62.0f / 2835, -17.0f / 315, 2.0f / 15, -1.0f / 3}) p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(k));
  const __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(p, x2), a, a);
  const __m256 t = _mm256_blendv_ps(big, small, _mm256_cmp_ps(a, _mm256_set1_ps(0.3f), _CMP_LT_OQ));
  return _mm256_or_ps(t, _mm256_and_ps(x, sign));  // tanh(−x) = −tanh(x)
}
}  // namespace vm

/** One block of 8 hidden units of one row: gates at g (stride H between i, f, g, o), states at r. */
TL_TARGET_AVX2 inline void cell8(float* g, int64_t H, const float* cp, float* c, float* h, float* tc) {
  const __m256 i = vm::sigmoid_ps(_mm256_loadu_ps(g)), f = vm::sigmoid_ps(_mm256_loadu_ps(g + H));
  const __m256 gg = vm::tanh_ps(_mm256_loadu_ps(g + 2 * H)), o = vm::sigmoid_ps(_mm256_loadu_ps(g + 3 * H));
  _mm256_storeu_ps(g, i);
  _mm256_storeu_ps(g + H, f);
  _mm256_storeu_ps(g + 2 * H, gg);
  _mm256_storeu_ps(g + 3 * H, o);
  const __m256 cv = _mm256_fmadd_ps(f, _mm256_loadu_ps(cp), _mm256_mul_ps(i, gg)), t = vm::tanh_ps(cv);
  _mm256_storeu_ps(c, cv);
  _mm256_storeu_ps(tc, t);
  _mm256_storeu_ps(h, _mm256_mul_ps(o, t));
}

TL_TARGET_AVX2 void cell_rows_f32_avx2(float* gates, const float* c_prev, float* c, float* h, float* tc,
  int64_t lo, int64_t hi, int64_t H) {
  for (int64_t n = lo; n < hi; n++) {
    float* g = gates + 4 * H * n;
    const int64_t r0 = n * H;
    int64_t j = 0;
    for (; j + 8 <= H; j += 8) cell8(g + j, H, c_prev + r0 + j, c + r0 + j, h + r0 + j, tc + r0 + j);
    if (j == H) continue;
    // the last H mod 8 units through the same lanes, so every unit gets the same arithmetic
    alignas(32) float tg[32] = {}, tcp[8] = {}, tcv[8], th[8], ttc[8];
    const int64_t m = H - j;
    for (int k = 0; k < 4; k++) std::copy(g + k * H + j, g + k * H + H, tg + 8 * k);
    std::copy(c_prev + r0 + j, c_prev + r0 + H, tcp);
    cell8(tg, 8, tcp, tcv, th, ttc);
    for (int k = 0; k < 4; k++) std::copy(tg + 8 * k, tg + 8 * k + m, g + k * H + j);
    std::copy(tcv, tcv + m, c + r0 + j);
    std::copy(th, th + m, h + r0 + j);
    std::copy(ttc, ttc + m, tc + r0 + j);
  }
}
#endif

template <class T> void lstm_cell(T* gates, const T* c_prev, T* c, T* h, T* tc, int64_t N, int64_t H) {
  parallel_for(N, std::max<int64_t>(1, 8192 / std::max<int64_t>(H, 1)), [&](int64_t lo, int64_t hi) {
#if TL_X86
    if constexpr (std::is_same_v<T, float>) {
      if (wide_simd()) return cell_rows_f32_avx2(gates, c_prev, c, h, tc, lo, hi, H);
    }
#endif
    cell_rows(gates, c_prev, c, h, tc, lo, hi, H);
  });
}

template <class T> void lstm_cell_backward(const T* gates, const T* c_prev, const T* tc, const T* gy,
  const T* dh_next, T* dc, T* dz, int64_t N, int64_t H) {
  parallel_for(N, std::max<int64_t>(1, 8192 / std::max<int64_t>(H, 1)), [&](int64_t lo, int64_t hi) {
    for (int64_t n = lo; n < hi; n++) {
      const T* g4 = gates + 4 * H * n;
      T* z4 = dz + 4 * H * n;
      const int64_t r0 = n * H;
      for (int64_t j = 0; j < H; j++) {
        const double i = g4[j], f = g4[H + j], g = g4[2 * H + j], o = g4[3 * H + j];
        const double t = tc[r0 + j], dh = static_cast<double>(gy[r0 + j]) + dh_next[r0 + j];
        const double dcv = dc[r0 + j] + dh * o * (1 - t * t);
        z4[j] = static_cast<T>(dcv * g * i * (1 - i));
        z4[H + j] = static_cast<T>(dcv * c_prev[r0 + j] * f * (1 - f));
        z4[2 * H + j] = static_cast<T>(dcv * i * (1 - g * g));
        z4[3 * H + j] = static_cast<T>(dh * t * o * (1 - o));
        dc[r0 + j] = static_cast<T>(dcv * f);
      }
    }
  });
}

// ---- GRU ----
template <class T> void gru_rows(T* gi, const T* gh, const T* h_prev, T* h, int64_t lo, int64_t hi, int64_t H) {
  for (int64_t n = lo; n < hi; n++) {
    T* a = gi + 3 * H * n;
    const T* b = gh + 3 * H * n;
    const int64_t r0 = n * H;
    for (int64_t j = 0; j < H; j++) {
      a[j] = static_cast<T>(uop<U_SIGMOID, double>(static_cast<double>(a[j]) + b[j]));
      a[H + j] = static_cast<T>(uop<U_SIGMOID, double>(static_cast<double>(a[H + j]) + b[H + j]));
      a[2 * H + j] = static_cast<T>(uop<U_TANH, double>(static_cast<double>(a[2 * H + j]) + static_cast<double>(a[j]) * b[2 * H + j]));
      const double z = a[H + j];
      h[r0 + j] = static_cast<T>((1 - z) * a[2 * H + j] + z * h_prev[r0 + j]);
    }
  }
}

#if TL_X86
TL_TARGET_AVX2 inline void gru8(float* a, const float* b, int64_t H, const float* hp, float* h) {
  const __m256 r = vm::sigmoid_ps(_mm256_add_ps(_mm256_loadu_ps(a), _mm256_loadu_ps(b)));
  const __m256 z = vm::sigmoid_ps(_mm256_add_ps(_mm256_loadu_ps(a + H), _mm256_loadu_ps(b + H)));
  const __m256 n = vm::tanh_ps(_mm256_fmadd_ps(r, _mm256_loadu_ps(b + 2 * H), _mm256_loadu_ps(a + 2 * H)));
  _mm256_storeu_ps(a, r);
  _mm256_storeu_ps(a + H, z);
  _mm256_storeu_ps(a + 2 * H, n);
  const __m256 one_z = _mm256_sub_ps(_mm256_set1_ps(1.0f), z);
  _mm256_storeu_ps(h, _mm256_fmadd_ps(z, _mm256_loadu_ps(hp), _mm256_mul_ps(one_z, n)));
}

TL_TARGET_AVX2 void gru_rows_f32_avx2(float* gi, const float* gh, const float* h_prev, float* h, int64_t lo,
  int64_t hi, int64_t H) {
  for (int64_t n = lo; n < hi; n++) {
    float* a = gi + 3 * H * n;
    const float* b = gh + 3 * H * n;
    const int64_t r0 = n * H;
    int64_t j = 0;
    for (; j + 8 <= H; j += 8) gru8(a + j, b + j, H, h_prev + r0 + j, h + r0 + j);
    if (j == H) continue;
    alignas(32) float ta[24] = {}, tb[24] = {}, thp[8] = {}, th[8];
    const int64_t m = H - j;
    for (int k = 0; k < 3; k++) {
      std::copy(a + k * H + j, a + k * H + H, ta + 8 * k);
      std::copy(b + k * H + j, b + k * H + H, tb + 8 * k);
    }
    std::copy(h_prev + r0 + j, h_prev + r0 + H, thp);
    gru8(ta, tb, 8, thp, th);
    for (int k = 0; k < 3; k++) std::copy(ta + 8 * k, ta + 8 * k + m, a + k * H + j);
    std::copy(th, th + m, h + r0 + j);
  }
}
#endif

template <class T> void gru_cell(T* gi, const T* gh, const T* h_prev, T* h, int64_t N, int64_t H) {
  parallel_for(N, std::max<int64_t>(1, 8192 / std::max<int64_t>(H, 1)), [&](int64_t lo, int64_t hi) {
#if TL_X86
    if constexpr (std::is_same_v<T, float>) {
      if (wide_simd()) return gru_rows_f32_avx2(gi, gh, h_prev, h, lo, hi, H);
    }
#endif
    gru_rows(gi, gh, h_prev, h, lo, hi, H);
  });
}

template <class T> void gru_cell_backward(const T* gi, const T* gh, const T* h_prev, const T* gy, T* dh_next,
  T* dgi, T* dgh, int64_t N, int64_t H) {
  parallel_for(N, std::max<int64_t>(1, 8192 / std::max<int64_t>(H, 1)), [&](int64_t lo, int64_t hi) {
    for (int64_t n = lo; n < hi; n++) {
      const T* a = gi + 3 * H * n;
      const T* b = gh + 3 * H * n;
      T* p = dgi + 3 * H * n;
      T* q = dgh + 3 * H * n;
      const int64_t r0 = n * H;
      for (int64_t j = 0; j < H; j++) {
        const double r = a[j], z = a[H + j], nv = a[2 * H + j], hn = b[2 * H + j];
        const double dh = static_cast<double>(gy[r0 + j]) + dh_next[r0 + j];
        const double dan = dh * (1 - z) * (1 - nv * nv);
        const double dar = dan * hn * r * (1 - r), daz = dh * (h_prev[r0 + j] - nv) * z * (1 - z);
        p[j] = static_cast<T>(dar);
        p[H + j] = static_cast<T>(daz);
        p[2 * H + j] = static_cast<T>(dan);
        q[j] = static_cast<T>(dar);
        q[H + j] = static_cast<T>(daz);
        q[2 * H + j] = static_cast<T>(dan * r);
        dh_next[r0 + j] = static_cast<T>(dh * z);
      }
    }
  });
}

template void lstm_cell<float>(float*, const float*, float*, float*, float*, int64_t, int64_t);
template void lstm_cell<double>(double*, const double*, double*, double*, double*, int64_t, int64_t);
template void lstm_cell_backward<float>(const float*, const float*, const float*, const float*, const float*,
  float*, float*, int64_t, int64_t);
template void lstm_cell_backward<double>(const double*, const double*, const double*, const double*,
  const double*, double*, double*, int64_t, int64_t);

template void gru_cell<float>(float*, const float*, const float*, float*, int64_t, int64_t);
template void gru_cell<double>(double*, const double*, const double*, double*, int64_t, int64_t);
template void gru_cell_backward<float>(const float*, const float*, const float*, const float*, float*, float*,
  float*, int64_t, int64_t);
template void gru_cell_backward<double>(const double*, const double*, const double*, const double*, double*,
  double*, double*, int64_t, int64_t);

}  // namespace tl
