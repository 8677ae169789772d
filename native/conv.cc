// im2col / col2im for one [C,H,W] image and 2-D max/avg pooling over [planes,H,W], mirroring
// src/backend/js/conv.ts (same padding, NaN and divisor rules). Split over channels/planes.
#include <algorithm>
#include <cmath>
#include "kernels.h"

namespace tl {
namespace {
constexpr int64_t GRAIN = 1 << 14;  // output elements per thread below which splitting does not pay

/** Valid output-x range [lo, hi) for which ix = ox*sw - pw + kj*dw lies inside [0, w). */
inline void valid_range(int64_t ow, int64_t sw, int64_t off, int64_t w, int64_t& lo, int64_t& hi) {
  // ix >= 0  <=>  ox >= ceil(-off / sw);  ix < w  <=>  ox <= floor((w - 1 - off) / sw)
  lo = off >= 0 ? 0 : (-off + sw - 1) / sw;
  const int64_t top = w - 1 - off;
  hi = top < 0 ? 0 : std::min(ow, top / sw + 1);
  if (lo > hi) lo = hi;
}
}  // namespace

// Short runs between the image and its columns, which never overlap: restrict lets the compiler
// vectorise without a run-time alias check, which cost more than these 11–26-element runs.
template <class T> TL_INLINE void add_run(T* __restrict dst, const T* __restrict src, int64_t n) {
  for (int64_t i = 0; i < n; i++) dst[i] += src[i];
}
template <class T> TL_INLINE void copy_run(T* __restrict dst, const T* __restrict src, int64_t n) {
  for (int64_t i = 0; i < n; i++) dst[i] = src[i];
}

template <class T> void im2col(const T* x0, int64_t c, int64_t h, int64_t w, const Window& g, T* cols,
  int64_t images) {
  const int64_t L = g.oh * g.ow, rows = c * g.kh * g.kw;
  // one task per (image, row): rows of all images are independent
  parallel_for(images * rows, std::max<int64_t>(1, GRAIN / std::max<int64_t>(L, 1)), [&](int64_t r0, int64_t r1) {
    for (int64_t t = r0; t < r1; t++) {
      const int64_t row = t % rows;
      const T* x = x0 + (t / rows) * c * h * w;
      const int64_t ch = row / (g.kh * g.kw), ki = (row / g.kw) % g.kh, kj = row % g.kw;
      const int64_t off = kj * g.dw - g.pw;
      int64_t lo, hi;
      valid_range(g.ow, g.sw, off, w, lo, hi);
      T* dst = cols + t * L;
      for (int64_t oy = 0; oy < g.oh; oy++, dst += g.ow) {
        const int64_t iy = oy * g.sh - g.ph + ki * g.dh;
        if (iy < 0 || iy >= h) { std::fill(dst, dst + g.ow, T(0)); continue; }
        const T* src = x + (ch * h + iy) * w + off;
        std::fill(dst, dst + lo, T(0));
        if (g.sw == 1) copy_run(dst + lo, src + lo, hi - lo);
        else for (int64_t ox = lo; ox < hi; ox++) dst[ox] = src[ox * g.sw];
        std::fill(dst + hi, dst + g.ow, T(0));
      }
    }
  });
}

template <class T> void col2im(const T* cols, int64_t c, int64_t h, int64_t w, const Window& g, T* x0,
  int64_t images) {
  const int64_t L = g.oh * g.ow, per = g.kh * g.kw * L;
  // one task per (image, channel): each writes only its own channel plane
  parallel_for(images * c, std::max<int64_t>(1, GRAIN / std::max<int64_t>(per, 1)), [&](int64_t c0, int64_t c1) {
    for (int64_t t = c0; t < c1; t++) {
      const int64_t ch = t % c;
      T* x = x0 + (t / c) * c * h * w;
      for (int64_t ki = 0; ki < g.kh; ki++) {
        for (int64_t kj = 0; kj < g.kw; kj++) {
          const T* src = cols + (t * g.kh * g.kw + ki * g.kw + kj) * L;
          const int64_t off = kj * g.dw - g.pw;
          int64_t lo, hi;
          valid_range(g.ow, g.sw, off, w, lo, hi);
          for (int64_t oy = 0; oy < g.oh; oy++, src += g.ow) {
            const int64_t iy = oy * g.sh - g.ph + ki * g.dh;
            if (iy < 0 || iy >= h) continue;
            T* dst = x + (ch * h + iy) * w + off;
            if (g.sw == 1) add_run(dst + lo, src + lo, hi - lo);
            else for (int64_t ox = lo; ox < hi; ox++) dst[ox * g.sw] += src[ox];
          }
        }
      }
    }
  });
}

/** The JS reference's scan of one window, NaN rules included (used when the window holds a NaN). */
template <class T> void max_window_exact(const T* xp, int64_t h, int64_t w, const Window& g, int64_t oy,
  int64_t ox, T& best, int64_t& bi) {
  best = -INFINITY;
  bi = -1;
  for (int64_t ki = 0; ki < g.kh; ki++) {
    const int64_t iy = oy * g.sh - g.ph + ki * g.dh;
    if (iy < 0 || iy >= h) continue;
    for (int64_t kj = 0; kj < g.kw; kj++) {
      const int64_t ix = ox * g.sw - g.pw + kj * g.dw;
      if (ix < 0 || ix >= w) continue;
      const T v = xp[iy * w + ix];
      if (v > best || v != v || bi < 0) {
        best = v;
        bi = iy * w + ix;
        if (v != v) break;  // NaN wins; like the JS reference, only this row's scan stops
      }
    }
  }
}

/** First index of k in [0, k) with lo <= start + k*d < hi, and one past the last. */
inline void tap_range(int64_t start, int64_t d, int64_t k, int64_t hi, int64_t& k0, int64_t& k1) {
  k0 = 0;
  while (k0 < k && start + k0 * d < 0) k0++;
  k1 = k;
  while (k1 > k0 && start + (k1 - 1) * d >= hi) k1--;
}

/**
 * The common 2×2 / stride 2 / no padding window, one output row: the same scan order and
 * first-maximum rule as the general path, written as selects so the compiler vectorises it.
 * Returns whether the row's inputs hold a NaN (the caller then redoes the row with the exact scan).
 */
template <class T> TL_INLINE bool max2x2_row(const T* r0, const T* r1, int64_t ow, int32_t base, int32_t w,
  T* o, int32_t* a) {
  int nan = 0;
  for (int64_t ox = 0; ox < ow; ox++) {
    const T v0 = r0[2 * ox], v1 = r0[2 * ox + 1], v2 = r1[2 * ox], v3 = r1[2 * ox + 1];
    nan |= (v0 != v0) | (v1 != v1) | (v2 != v2) | (v3 != v3);
    T best = v0;
    int32_t off = 0;
    off = v1 > best ? 1 : off;
    best = v1 > best ? v1 : best;
    off = v2 > best ? w : off;
    best = v2 > best ? v2 : best;
    off = v3 > best ? w + 1 : off;
    best = v3 > best ? v3 : best;
    o[ox] = best;
    a[ox] = base + 2 * static_cast<int32_t>(ox) + off;
  }
  return nan != 0;
}
template <class T> TL_INLINE void max2x2_body(const T* xp, int64_t h, int64_t w, const Window& g, T* op,
  int32_t* ap) {
  for (int64_t oy = 0; oy < g.oh; oy++) {
    if (!max2x2_row(xp + 2 * oy * w, xp + (2 * oy + 1) * w, g.ow, static_cast<int32_t>(2 * oy * w),
          static_cast<int32_t>(w), op + oy * g.ow, ap + oy * g.ow)) continue;
    for (int64_t ox = 0; ox < g.ow; ox++) {
      T best;
      int64_t bi;
      max_window_exact(xp, h, w, g, oy, ox, best, bi);
      op[oy * g.ow + ox] = best;
      ap[oy * g.ow + ox] = static_cast<int32_t>(bi);
    }
  }
}
template <class T> void max2x2_plane(const T* xp, int64_t h, int64_t w, const Window& g, T* op, int32_t* ap) {
  max2x2_body(xp, h, w, g, op, ap);
}
#if TL_X86
template <class T> TL_TARGET_AVX2 void max2x2_plane_avx2(const T* xp, int64_t h, int64_t w, const Window& g,
  T* op, int32_t* ap) {
  max2x2_body(xp, h, w, g, op, ap);
}
#endif

template <class T> void max_pool2d(const T* x, int64_t planes, int64_t h, int64_t w, const Window& g,
  T* out, int32_t* argmax) {
  const int64_t ohw = g.oh * g.ow;
  const bool k2s2 = g.kh == 2 && g.kw == 2 && g.sh == 2 && g.sw == 2 && g.ph == 0 && g.pw == 0 && g.dh == 1
    && g.dw == 1 && 2 * g.oh <= h && 2 * g.ow <= w;
  const Window win = g;  // a local copy: loads stay in registers across the stores below
  parallel_for(planes, std::max<int64_t>(1, GRAIN / std::max<int64_t>(ohw * g.kh * g.kw, 1)), [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; p++) {
      const T* xp = x + p * h * w;
      T* op = out + p * ohw;
      int32_t* ap = argmax + p * ohw;
      if (k2s2) {
#if TL_X86
        if (wide_simd()) { max2x2_plane_avx2(xp, h, w, win, op, ap); continue; }
#endif
        max2x2_plane(xp, h, w, win, op, ap);
        continue;
      }
      bool has_nan = false;  // planes with a NaN take the reference's exact scan (its NaN rules)
      for (int64_t i = 0; i < h * w; i++) has_nan |= xp[i] != xp[i];
      for (int64_t oy = 0; oy < win.oh; oy++) {
        const int64_t y0 = oy * win.sh - win.ph;
        int64_t ki0, ki1;
        tap_range(y0, win.dh, win.kh, h, ki0, ki1);
        for (int64_t ox = 0; ox < win.ow; ox++) {
          const int64_t x0 = ox * win.sw - win.pw;
          int64_t kj0, kj1;
          tap_range(x0, win.dw, win.kw, w, kj0, kj1);
          T best = -INFINITY;
          int64_t bi = -1;
          if (has_nan) {
            max_window_exact(xp, h, w, win, oy, ox, best, bi);
          } else if (ki0 < ki1 && kj0 < kj1) {
            // branch-free scan from the first tap (random data would defeat the branch predictor)
            bi = (y0 + ki0 * win.dh) * w + x0 + kj0 * win.dw;
            best = xp[bi];
            for (int64_t ki = ki0; ki < ki1; ki++) {
              const int64_t row = (y0 + ki * win.dh) * w + x0;
              for (int64_t kj = kj0; kj < kj1; kj++) {
                const int64_t idx = row + kj * win.dw;
                const T v = xp[idx];
                const bool take = v > best;
                bi = take ? idx : bi;
                best = take ? v : best;
              }
            }
          }
          op[oy * win.ow + ox] = best;
          ap[oy * win.ow + ox] = static_cast<int32_t>(bi);
        }
      }
    }
  });
}

template <class T> void max_pool2d_backward(const T* gy, const int32_t* argmax, int64_t planes,
  int64_t hw, int64_t ohw, T* gx) {
  parallel_for(planes, std::max<int64_t>(1, GRAIN / std::max<int64_t>(ohw, 1)), [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; p++)
      for (int64_t i = 0; i < ohw; i++) {
        const int32_t a = argmax[p * ohw + i];
        if (a >= 0) gx[p * hw + a] += gy[p * ohw + i];
      }
  });
}

namespace {
/** Window bounds and divisor of avg pooling (as avgWindow in the JS reference). */
inline void avg_window(int64_t o, int64_t s, int64_t pad, int64_t k, int64_t size, int64_t& a,
  int64_t& b, int64_t& span) {
  const int64_t start = o * s - pad;
  span = std::min(start + k, size + pad) - start;
  a = std::max<int64_t>(start, 0);
  b = std::min(start + k, size);
}

template <class T, class F> void for_each_avg(int64_t planes, int64_t h, int64_t w, const Window& g,
  bool cip, double div_override, F&& fn) {
  const int64_t ohw = g.oh * g.ow;
  parallel_for(planes, std::max<int64_t>(1, GRAIN / std::max<int64_t>(ohw * g.kh * g.kw, 1)), [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; p++)
      for (int64_t oy = 0; oy < g.oh; oy++) {
        int64_t y0, y1, ys;
        avg_window(oy, g.sh, g.ph, g.kh, h, y0, y1, ys);
        for (int64_t ox = 0; ox < g.ow; ox++) {
          int64_t x0, x1, xs;
          avg_window(ox, g.sw, g.pw, g.kw, w, x0, x1, xs);
          const double div = div_override > 0 ? div_override
            : cip ? static_cast<double>(ys * xs) : static_cast<double>((y1 - y0) * (x1 - x0));
          fn(p, oy * g.ow + ox, y0, y1, x0, x1, div);
        }
      }
  });
}
}  // namespace

template <class T> void avg_pool2d(const T* x, int64_t planes, int64_t h, int64_t w, const Window& g,
  bool cip, double div_override, T* out) {
  const int64_t ohw = g.oh * g.ow;
  for_each_avg<T>(planes, h, w, g, cip, div_override,
    [&](int64_t p, int64_t o, int64_t y0, int64_t y1, int64_t x0, int64_t x1, double div) {
      double s = 0;
      for (int64_t y = y0; y < y1; y++) for (int64_t xx = x0; xx < x1; xx++) s += x[p * h * w + y * w + xx];
      out[p * ohw + o] = static_cast<T>(s / div);
    });
}

template <class T> void avg_pool2d_backward(const T* gy, int64_t planes, int64_t h, int64_t w,
  const Window& g, bool cip, double div_override, T* gx) {
  const int64_t ohw = g.oh * g.ow;
  for_each_avg<T>(planes, h, w, g, cip, div_override,
    [&](int64_t p, int64_t o, int64_t y0, int64_t y1, int64_t x0, int64_t x1, double div) {
      const double gv = static_cast<double>(gy[p * ohw + o]) / div;
      for (int64_t y = y0; y < y1; y++)
        for (int64_t xx = x0; xx < x1; xx++) {
          T& dst = gx[p * h * w + y * w + xx];
          dst = static_cast<T>(static_cast<double>(dst) + gv);
        }
    });
}

#define TL_CONV(T)                                                                                 \
  template void im2col<T>(const T*, int64_t, int64_t, int64_t, const Window&, T*, int64_t);       \
  template void col2im<T>(const T*, int64_t, int64_t, int64_t, const Window&, T*, int64_t);       \
  template void max_pool2d<T>(const T*, int64_t, int64_t, int64_t, const Window&, T*, int32_t*);  \
  template void max_pool2d_backward<T>(const T*, const int32_t*, int64_t, int64_t, int64_t, T*);  \
  template void avg_pool2d<T>(const T*, int64_t, int64_t, int64_t, const Window&, bool, double, T*); \
  template void avg_pool2d_backward<T>(const T*, int64_t, int64_t, int64_t, const Window&, bool, double, T*);
TL_CONV(float)
TL_CONV(double)

}  // namespace tl
