// Elementwise kernels: strided copy, unary maps, broadcast binary ops (contiguous / scalar-broadcast
// inner-loop fast paths after merging dims), scalar ops. AVX2 builds of the loops are picked at run time.
#include <cstring>
#include <vector>
#include "ops.h"
#include "stream.h"

namespace tl {
namespace {

constexpr int64_t GRAIN = 1 << 16;  // elements per thread below which splitting does not pay

/** Shape and strides after dropping size-1 dims and merging dims that are contiguous in all views. */
struct Plan {
  int nd = 0;
  int64_t shape[64], s0[64], s1[64];
  int64_t total = 1;
};

Plan plan(const int64_t* shape, const int64_t* sa, const int64_t* sb, int ndim) {
  Plan p;
  for (int d = 0; d < ndim; d++) {
    p.total *= shape[d];
    if (shape[d] == 1) continue;
    if (p.nd > 0 && p.s0[p.nd - 1] == sa[d] * shape[d] && p.s1[p.nd - 1] == sb[d] * shape[d]) {
      p.shape[p.nd - 1] *= shape[d];
      p.s0[p.nd - 1] = sa[d];
      p.s1[p.nd - 1] = sb[d];
    } else {
      p.shape[p.nd] = shape[d];
      p.s0[p.nd] = sa[d];
      p.s1[p.nd] = sb[d];
      p.nd++;
    }
  }
  if (p.nd == 0) { p.nd = 1; p.shape[0] = 1; p.s0[0] = 0; p.s1[0] = 0; }
  return p;
}

/** Walks flat output range [lo, hi) of a plan, calling run(offA, offB, outIndex, len) per inner run. */
template <class F> TL_INLINE void walk(const Plan& p, int64_t lo, int64_t hi, F&& run) {
  int64_t idx[64];
  int64_t rem = lo, oa = 0, ob = 0;
  for (int d = p.nd - 1; d >= 0; d--) {
    idx[d] = rem % p.shape[d];
    rem /= p.shape[d];
    oa += idx[d] * p.s0[d];
    ob += idx[d] * p.s1[d];
  }
  const int last = p.nd - 1;
  int64_t i = lo;
  while (i < hi) {
    const int64_t len = std::min(p.shape[last] - idx[last], hi - i);
    run(oa, ob, i, len);
    i += len;
    oa += len * p.s0[last];
    ob += len * p.s1[last];
    idx[last] += len;
    for (int d = last; d > 0 && idx[d] == p.shape[d]; d--) {
      oa -= p.shape[d] * p.s0[d];
      ob -= p.shape[d] * p.s1[d];
      idx[d] = 0;
      idx[d - 1]++;
      oa += p.s0[d - 1];
      ob += p.s1[d - 1];
    }
  }
}

// ---- copy ----
template <class E> void copy_run(const E* src, const Plan& p, E* out, int64_t lo, int64_t hi) {
  const int64_t s = p.s0[p.nd - 1];
  walk(p, lo, hi, [&](int64_t oa, int64_t, int64_t o, int64_t len) {
    if (s == 1) std::memcpy(out + o, src + oa, static_cast<size_t>(len) * sizeof(E));
    else for (int64_t j = 0; j < len; j++) out[o + j] = src[oa + j * s];
  });
}

// ---- unary ----
template <int OP, class T> TL_INLINE void unary_run(const T* x, int64_t n, T* out) {
  for (int64_t i = 0; i < n; i++) out[i] = uop<OP, T>(x[i]);
}
template <int OP, class T> TL_INLINE void unary_body(const T* x, int64_t n, T* out, bool stream) {
  if (!stream) return unary_run<OP, T>(x, n, out);
  streamed(out, n, [&](T* dst, int64_t s, int64_t m) { unary_run<OP, T>(x + s, m, dst); });
}
template <int OP, class T> void unary_generic(const T* x, int64_t n, T* out, bool stream) {
  unary_body<OP, T>(x, n, out, stream);
}
template <int OP, class T> TL_TARGET_AVX2 void unary_avx2(const T* x, int64_t n, T* out, bool stream) {
  unary_body<OP, T>(x, n, out, stream);
}

// ---- binary ----
template <int OP, class T, class O> TL_INLINE void binary_inner(const T* a, int64_t sa, const T* b,
  int64_t sb, O* out, int64_t n) {
  if (sa == 1 && sb == 1) for (int64_t i = 0; i < n; i++) out[i] = bop<OP, T, O>(a[i], b[i]);
  else if (sa == 1 && sb == 0) { const T bv = *b; for (int64_t i = 0; i < n; i++) out[i] = bop<OP, T, O>(a[i], bv); }
  else if (sa == 0 && sb == 1) { const T av = *a; for (int64_t i = 0; i < n; i++) out[i] = bop<OP, T, O>(av, b[i]); }
  else for (int64_t i = 0; i < n; i++) out[i] = bop<OP, T, O>(a[i * sa], b[i * sb]);
}
template <int OP, class T, class O> TL_INLINE void binary_body(const T* a, const T* b, const Plan& p,
  O* out, int64_t lo, int64_t hi, bool stream) {
  const int64_t sa = p.s0[p.nd - 1], sb = p.s1[p.nd - 1];
  walk(p, lo, hi, [&](int64_t oa, int64_t ob, int64_t o, int64_t len) {
    if (!stream) return binary_inner<OP, T, O>(a + oa, sa, b + ob, sb, out + o, len);
    streamed(out + o, len, [&](O* dst, int64_t s, int64_t m) {
      binary_inner<OP, T, O>(a + oa + s * sa, sa, b + ob + s * sb, sb, dst, m);
    });
  });
}
template <int OP, class T, class O> void binary_generic(const T* a, const T* b, const Plan& p, O* out,
  int64_t lo, int64_t hi, bool stream) { binary_body<OP, T, O>(a, b, p, out, lo, hi, stream); }
template <int OP, class T, class O> TL_TARGET_AVX2 void binary_avx2(const T* a, const T* b,
  const Plan& p, O* out, int64_t lo, int64_t hi, bool stream) {
  binary_body<OP, T, O>(a, b, p, out, lo, hi, stream);
}

// ---- binary with a scalar; S is T when the scalar is exact in T, else double (as JS computes) ----
template <int OP, class T, class S, class O> TL_INLINE void scalar_run(const T* x, int64_t n, S s,
  O* out, bool first) {
  if (first) for (int64_t i = 0; i < n; i++) out[i] = bop<OP, S, O>(s, static_cast<S>(x[i]));
  else for (int64_t i = 0; i < n; i++) out[i] = bop<OP, S, O>(static_cast<S>(x[i]), s);
}
template <int OP, class T, class S, class O> TL_INLINE void scalar_body(const T* x, int64_t n, S s,
  O* out, bool first, bool stream) {
  if (!stream) return scalar_run<OP, T, S, O>(x, n, s, out, first);
  streamed(out, n, [&](O* dst, int64_t k, int64_t m) { scalar_run<OP, T, S, O>(x + k, m, s, dst, first); });
}
template <int OP, class T, class S, class O> void scalar_generic(const T* x, int64_t n, S s, O* out,
  bool first, bool stream) { scalar_body<OP, T, S, O>(x, n, s, out, first, stream); }
template <int OP, class T, class S, class O> TL_TARGET_AVX2 void scalar_avx2(const T* x, int64_t n,
  S s, O* out, bool first, bool stream) { scalar_body<OP, T, S, O>(x, n, s, out, first, stream); }

}  // namespace

void copy_strided(const void* src, int elem, int64_t offset, const int64_t* shape,
  const int64_t* strides, int ndim, void* out) {
  const Plan p = plan(shape, strides, strides, ndim);
  if (p.total == 0) return;
  parallel_for(p.total, GRAIN * 4, [&](int64_t lo, int64_t hi) {
    if (elem == 1) copy_run(static_cast<const uint8_t*>(src) + offset, p, static_cast<uint8_t*>(out), lo, hi);
    else if (elem == 4) copy_run(static_cast<const uint32_t*>(src) + offset, p, static_cast<uint32_t*>(out), lo, hi);
    else copy_run(static_cast<const uint64_t*>(src) + offset, p, static_cast<uint64_t*>(out), lo, hi);
  });
}

/** Buffers the JS side just took back from its pool of released tensors (see note_warm). */
struct WarmRing { const void* ptr[8] = {}; int next = 0; };
static thread_local WarmRing warm_ring;

/**
 * Whether an elementwise output of `bytes` at `out` should be written with streaming stores: it is
 * big, not also an input (an in-place op's output was just read, so it is in cache), and not a
 * buffer the JS pool handed back (note_warm: released a moment ago, so likely in cache). Everything
 * else is a fresh buffer the GC recycled, normally cold.
 */
static bool stream_output(const void* out, int64_t bytes, const void* in1, const void* in2 = nullptr) {
  if (bytes < STREAM_MIN_BYTES) return false;
  const auto lo = reinterpret_cast<uintptr_t>(out), hi = lo + static_cast<uintptr_t>(bytes);
  const auto inside = [&](const void* p) { const auto q = reinterpret_cast<uintptr_t>(p); return q >= lo && q < hi; };
  if (inside(in1) || inside(in2)) return false;
  for (auto& p : warm_ring.ptr) {
    if (p == out) { p = nullptr; return false; }
  }
  return true;
}

template <class T> void unary(int op, const T* x, int64_t n, T* out) {
  with_op<0, U_COUNT>(op, [&](auto c) {
    constexpr int OP = decltype(c)::value;
    const bool stream = stream_output(out, n * static_cast<int64_t>(sizeof(T)), x);
    parallel_for(n, GRAIN, [&](int64_t lo, int64_t hi) {
      if (wide_simd()) unary_avx2<OP, T>(x + lo, hi - lo, out + lo, stream);
      else unary_generic<OP, T>(x + lo, hi - lo, out + lo, stream);
    });
  });
}

template <class T, class O> void binary(int op, const T* a, int64_t aoff, const int64_t* sa,
  const T* b, int64_t boff, const int64_t* sb, const int64_t* shape, int ndim, O* out) {
  const Plan p = plan(shape, sa, sb, ndim);
  if (p.total == 0) return;
  const bool stream = stream_output(out, p.total * static_cast<int64_t>(sizeof(O)), a + aoff, b + boff);
  with_op<0, B_COUNT>(op, [&](auto c) {
    constexpr int OP = decltype(c)::value;
    if constexpr (std::is_same_v<O, uint8_t> && !is_compare(OP)) return;  // rejected by the caller
    else parallel_for(p.total, GRAIN, [&](int64_t lo, int64_t hi) {
      if (wide_simd()) binary_avx2<OP, T, O>(a + aoff, b + boff, p, out, lo, hi, stream);
      else binary_generic<OP, T, O>(a + aoff, b + boff, p, out, lo, hi, stream);
    });
  });
}

template <class T, class O> void binary_scalar(int op, const T* x, int64_t n, double s, O* out,
  bool scalar_first) {
  const bool exact = static_cast<double>(static_cast<T>(s)) == s || s != s;
  const bool stream = stream_output(out, n * static_cast<int64_t>(sizeof(O)), x);
  with_op<0, B_COUNT>(op, [&](auto c) {
    constexpr int OP = decltype(c)::value;
    if constexpr (std::is_same_v<O, uint8_t> && !is_compare(OP)) return;  // rejected by the caller
    else parallel_for(n, GRAIN, [&](int64_t lo, int64_t hi) {
      if (exact || std::is_same_v<T, double>) {
        const T st = static_cast<T>(s);
        if (wide_simd()) scalar_avx2<OP, T, T, O>(x + lo, hi - lo, st, out + lo, scalar_first, stream);
        else scalar_generic<OP, T, T, O>(x + lo, hi - lo, st, out + lo, scalar_first, stream);
      } else if constexpr (!std::is_same_v<T, double>) {
        if (wide_simd()) scalar_avx2<OP, T, double, O>(x + lo, hi - lo, s, out + lo, scalar_first, stream);
        else scalar_generic<OP, T, double, O>(x + lo, hi - lo, s, out + lo, scalar_first, stream);
      }
    });
  });
}

void note_warm(const void* p) {
  warm_ring.ptr[warm_ring.next] = p;
  warm_ring.next = (warm_ring.next + 1) % 8;
}

template void unary<float>(int, const float*, int64_t, float*);
template void unary<double>(int, const double*, int64_t, double*);
#define TL_BIN(T, O)                                                                             \
  template void binary<T, O>(int, const T*, int64_t, const int64_t*, const T*, int64_t,          \
    const int64_t*, const int64_t*, int, O*);                                                    \
  template void binary_scalar<T, O>(int, const T*, int64_t, double, O*, bool);
TL_BIN(float, float)
TL_BIN(double, double)
TL_BIN(float, uint8_t)
TL_BIN(double, uint8_t)

}  // namespace tl
