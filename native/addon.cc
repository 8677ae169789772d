// The one N-API registration file: unwraps typed arrays (data pointers, no copies), checks every
// index range the kernel will touch, and dispatches on dtype to the kernels in kernels.h.
#include <node_api.h>
#include <cstdint>
#include <cstdlib>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <string>
#include "kernels.h"

namespace {

struct Arr {
  napi_typedarray_type type = napi_int8_array;
  size_t len = 0;
  void* data = nullptr;
  bool present = false;
  bool f32() const { return type == napi_float32_array; }
  bool f64() const { return type == napi_float64_array; }
};

struct Args {
  napi_env env;
  napi_value v[20];
  size_t n = 20;
  bool failed = false;
  const char* fn;
  Args(napi_env e, napi_callback_info info, const char* name) : env(e), fn(name) {
    napi_get_cb_info(e, info, &n, v, nullptr, nullptr);
  }
  void fail(const std::string& msg) {
    if (!failed) napi_throw_range_error(env, nullptr, ("trainlab native " + std::string(fn) + ": " + msg).c_str());
    failed = true;
  }
  Arr arr(size_t i, bool optional = false) {
    Arr a;
    bool is = false;
    if (i < n) napi_is_typedarray(env, v[i], &is);
    if (!is) { if (!optional) fail("argument " + std::to_string(i) + " must be a typed array"); return a; }
    napi_value buf;
    size_t off;
    napi_get_typedarray_info(env, v[i], &a.type, &a.len, &a.data, &buf, &off);
    a.present = true;
    return a;
  }
  double num(size_t i) {
    double d = 0;
    if (i >= n || napi_get_value_double(env, v[i], &d) != napi_ok) fail("argument " + std::to_string(i) + " must be a number");
    return d;
  }
  int64_t i64(size_t i) { return static_cast<int64_t>(num(i)); }
  bool flag(size_t i) {
    bool b = false;
    if (i >= n || napi_get_value_bool(env, v[i], &b) != napi_ok) fail("argument " + std::to_string(i) + " must be a boolean");
    return b;
  }
  /** Fails unless [lo, lo + count) lies inside a (count 0 always fits). */
  void need(const Arr& a, int64_t lo, int64_t count, const char* what) {
    if (count > 0 && (lo < 0 || lo + count > static_cast<int64_t>(a.len)))
      fail(std::string(what) + " needs elements [" + std::to_string(lo) + ", " + std::to_string(lo + count) +
           ") but has " + std::to_string(a.len));
  }
  void same_float(const Arr& a, const Arr& b) {
    if (!(a.f32() || a.f64()) || a.type != b.type) fail("operands must be both Float32Array or both Float64Array");
  }
};

size_t elem_size(napi_typedarray_type t) {
  switch (t) {
    case napi_int8_array: case napi_uint8_array: case napi_uint8_clamped_array: return 1;
    case napi_int16_array: case napi_uint16_array: return 2;
    case napi_int32_array: case napi_uint32_array: case napi_float32_array: return 4;
    default: return 8;
  }
}

/** Reads shape and `views` stride lists (each ndim long) packed in a Float64Array. */
bool read_meta(Args& g, const Arr& meta, int64_t ndim, int views, int64_t* shape, int64_t* strides) {
  if (ndim < 0 || ndim > 64 || !meta.f64() || meta.len < static_cast<size_t>(ndim * (1 + views))) {
    g.fail("bad shape/stride metadata");
    return false;
  }
  const double* m = static_cast<const double*>(meta.data);
  for (int64_t i = 0; i < ndim * (1 + views); i++) (i < ndim ? shape[i] : strides[i - ndim]) = static_cast<int64_t>(m[i]);
  return true;
}

/** Checks that every element of a strided view lies inside `a`. */
void need_view(Args& g, const Arr& a, int64_t off, const int64_t* shape, const int64_t* st, int64_t nd, const char* what) {
  int64_t lo = off, hi = off, total = 1;
  for (int64_t d = 0; d < nd; d++) {
    total *= shape[d];
    if (shape[d] <= 0) continue;
    (st[d] >= 0 ? hi : lo) += (shape[d] - 1) * st[d];
  }
  if (total > 0) { g.need(a, lo, 1, what); g.need(a, hi, 1, what); }
}

napi_value undef(napi_env env) { napi_value u; napi_get_undefined(env, &u); return u; }

#define TL_FN(name) napi_value name(napi_env env, napi_callback_info info)
#define TL_ARGS(label) Args g(env, info, label)
#define TL_CHECK if (g.failed) return nullptr

TL_FN(CopyStrided) {
  TL_ARGS("copyStrided");
  Arr src = g.arr(0), meta = g.arr(2), out = g.arr(4);
  int64_t off = g.i64(1), nd = g.i64(3);
  TL_CHECK;
  int64_t shape[64], st[64];
  if (!read_meta(g, meta, nd, 1, shape, st)) return nullptr;
  int64_t total = 1;
  for (int64_t d = 0; d < nd; d++) total *= shape[d];
  if (elem_size(src.type) != elem_size(out.type)) g.fail("source and output element sizes differ");
  need_view(g, src, off, shape, st, nd, "source");
  g.need(out, 0, total, "output");
  TL_CHECK;
  tl::copy_strided(src.data, static_cast<int>(elem_size(src.type)), off, shape, st, static_cast<int>(nd), out.data);
  return undef(env);
}

TL_FN(Unary) {
  TL_ARGS("unary");
  int op = static_cast<int>(g.i64(0));
  Arr x = g.arr(1), out = g.arr(2);
  TL_CHECK;
  g.same_float(x, out);
  g.need(out, 0, static_cast<int64_t>(x.len), "output");
  if (op < 0 || op >= tl::U_COUNT) g.fail("unknown op");
  TL_CHECK;
  if (x.f32()) tl::unary(op, static_cast<const float*>(x.data), x.len, static_cast<float*>(out.data));
  else tl::unary(op, static_cast<const double*>(x.data), x.len, static_cast<double*>(out.data));
  return undef(env);
}

TL_FN(Binary) {
  TL_ARGS("binary");
  int op = static_cast<int>(g.i64(0));
  Arr a = g.arr(1), b = g.arr(3), meta = g.arr(5), out = g.arr(7);
  int64_t aoff = g.i64(2), boff = g.i64(4), nd = g.i64(6);
  TL_CHECK;
  int64_t shape[64], st[128];
  if (!read_meta(g, meta, nd, 2, shape, st)) return nullptr;
  int64_t total = 1;
  for (int64_t d = 0; d < nd; d++) total *= shape[d];
  g.same_float(a, b);
  need_view(g, a, aoff, shape, st, nd, "a");
  need_view(g, b, boff, shape, st + nd, nd, "b");
  g.need(out, 0, total, "output");
  const bool u8 = out.type == napi_uint8_array;
  if (op < 0 || op >= tl::B_COUNT || (u8 && !(op >= tl::B_EQ && op <= tl::B_LOGICAL_OR))) g.fail("unsupported op/output");
  if (!u8 && out.type != a.type) g.fail("output dtype must match the inputs");
  TL_CHECK;
  if (a.f32()) {
    const float *pa = static_cast<const float*>(a.data), *pb = static_cast<const float*>(b.data);
    if (u8) tl::binary(op, pa, aoff, st, pb, boff, st + nd, shape, static_cast<int>(nd), static_cast<uint8_t*>(out.data));
    else tl::binary(op, pa, aoff, st, pb, boff, st + nd, shape, static_cast<int>(nd), static_cast<float*>(out.data));
  } else {
    const double *pa = static_cast<const double*>(a.data), *pb = static_cast<const double*>(b.data);
    if (u8) tl::binary(op, pa, aoff, st, pb, boff, st + nd, shape, static_cast<int>(nd), static_cast<uint8_t*>(out.data));
    else tl::binary(op, pa, aoff, st, pb, boff, st + nd, shape, static_cast<int>(nd), static_cast<double*>(out.data));
  }
  return undef(env);
}

TL_FN(BinaryScalar) {
  TL_ARGS("binaryScalar");
  int op = static_cast<int>(g.i64(0));
  Arr x = g.arr(1), out = g.arr(3);
  double s = g.num(2);
  bool first = g.flag(4);
  TL_CHECK;
  const bool u8 = out.type == napi_uint8_array;
  if (!(x.f32() || x.f64())) g.fail("input must be float");
  if (op < 0 || op >= tl::B_COUNT || (u8 && !(op >= tl::B_EQ && op <= tl::B_LOGICAL_OR))) g.fail("unsupported op/output");
  if (!u8 && out.type != x.type) g.fail("output dtype must match the input");
  g.need(out, 0, static_cast<int64_t>(x.len), "output");
  TL_CHECK;
  if (x.f32()) {
    const float* px = static_cast<const float*>(x.data);
    if (u8) tl::binary_scalar(op, px, x.len, s, static_cast<uint8_t*>(out.data), first);
    else tl::binary_scalar(op, px, x.len, s, static_cast<float*>(out.data), first);
  } else {
    const double* px = static_cast<const double*>(x.data);
    if (u8) tl::binary_scalar(op, px, x.len, s, static_cast<uint8_t*>(out.data), first);
    else tl::binary_scalar(op, px, x.len, s, static_cast<double*>(out.data), first);
  }
  return undef(env);
}

template <class T> void reduce_dispatch(int op, const Arr& x, int64_t o, int64_t n, int64_t in, const Arr& out, const Arr& idx) {
  const T* px = static_cast<const T*>(x.data);
  T* po = static_cast<T*>(out.data);
  if (!idx.present) tl::reduce<T, int32_t>(op, px, o, n, in, po, nullptr);
  else if (idx.type == napi_int32_array) tl::reduce<T, int32_t>(op, px, o, n, in, po, static_cast<int32_t*>(idx.data));
  else tl::reduce<T, double>(op, px, o, n, in, po, static_cast<double*>(idx.data));
}

TL_FN(Reduce) {
  TL_ARGS("reduce");
  int op = static_cast<int>(g.i64(0));
  Arr x = g.arr(1), out = g.arr(5), idx = g.arr(6, true);
  int64_t outer = g.i64(2), n = g.i64(3), inner = g.i64(4);
  TL_CHECK;
  g.same_float(x, out);
  if (op < 0 || op >= tl::R_COUNT || outer < 0 || n < 0 || inner < 0) g.fail("bad op or sizes");
  g.need(x, 0, outer * n * inner, "input");
  g.need(out, 0, outer * inner, "output");
  if (idx.present) {
    if (idx.type != napi_int32_array && idx.type != napi_float64_array) g.fail("indices must be Int32Array or Float64Array");
    g.need(idx, 0, outer * inner, "indices");
  }
  TL_CHECK;
  if (x.f32()) reduce_dispatch<float>(op, x, outer, n, inner, out, idx);
  else reduce_dispatch<double>(op, x, outer, n, inner, out, idx);
  return undef(env);
}

TL_FN(Gemm) {
  TL_ARGS("gemm");
  Arr a = g.arr(0), b = g.arr(4), c = g.arr(8);
  int64_t aoff = g.i64(1), abs_ = g.i64(2), boff = g.i64(5), bbs = g.i64(6);
  bool ta = g.flag(3), tb = g.flag(7), acc = g.flag(13);
  int64_t batch = g.i64(9), m = g.i64(10), k = g.i64(11), n = g.i64(12);
  TL_CHECK;
  g.same_float(a, b);
  g.same_float(a, c);
  if (batch < 0 || m < 0 || k < 0 || n < 0 || abs_ < 0 || bbs < 0) g.fail("negative size");
  if (batch > 0) {
    g.need(a, aoff, (batch - 1) * abs_ + m * k, "A");
    g.need(b, boff, (batch - 1) * bbs + k * n, "B");
  }
  g.need(c, 0, batch * m * n, "C");
  TL_CHECK;
  if (a.f32()) tl::gemm(static_cast<const float*>(a.data), aoff, abs_, ta, static_cast<const float*>(b.data), boff, bbs, tb, static_cast<float*>(c.data), batch, m, k, n, acc);
  else tl::gemm(static_cast<const double*>(a.data), aoff, abs_, ta, static_cast<const double*>(b.data), boff, bbs, tb, static_cast<double*>(c.data), batch, m, k, n, acc);
  return undef(env);
}

TL_FN(Softmax) {
  TL_ARGS("softmax");
  Arr x = g.arr(0), out = g.arr(3);
  int64_t outer = g.i64(1), n = g.i64(2);
  bool log = g.flag(4);
  TL_CHECK;
  g.same_float(x, out);
  if (outer < 0 || n < 0) g.fail("negative size");
  g.need(x, 0, outer * n, "input");
  g.need(out, 0, outer * n, "output");
  TL_CHECK;
  if (x.f32()) tl::softmax(static_cast<const float*>(x.data), outer, n, static_cast<float*>(out.data), log);
  else tl::softmax(static_cast<const double*>(x.data), outer, n, static_cast<double*>(out.data), log);
  return undef(env);
}

/** Reads kh, kw, sh, sw, ph, pw, [dh, dw,] oh, ow starting at argument i. */
tl::Window window(Args& g, size_t i, bool dilation) {
  tl::Window w{};
  w.kh = g.i64(i); w.kw = g.i64(i + 1); w.sh = g.i64(i + 2); w.sw = g.i64(i + 3);
  w.ph = g.i64(i + 4); w.pw = g.i64(i + 5);
  size_t j = i + 6;
  if (dilation) { w.dh = g.i64(j); w.dw = g.i64(j + 1); j += 2; } else { w.dh = 1; w.dw = 1; }
  w.oh = g.i64(j); w.ow = g.i64(j + 1);
  if (w.kh < 0 || w.kw < 0 || w.sh <= 0 || w.sw <= 0 || w.oh < 0 || w.ow < 0 || w.dh <= 0 || w.dw <= 0) g.fail("bad window");
  return w;
}

TL_FN(Im2col) {
  TL_ARGS("im2col");
  Arr x = g.arr(0), cols = g.arr(15);
  int64_t xoff = g.i64(1), c = g.i64(2), h = g.i64(3), w = g.i64(4);
  tl::Window win = window(g, 5, true);
  TL_CHECK;
  g.same_float(x, cols);
  g.need(x, xoff, c * h * w, "image");
  g.need(cols, 0, c * win.kh * win.kw * win.oh * win.ow, "cols");
  TL_CHECK;
  if (x.f32()) tl::im2col(static_cast<const float*>(x.data) + xoff, c, h, w, win, static_cast<float*>(cols.data));
  else tl::im2col(static_cast<const double*>(x.data) + xoff, c, h, w, win, static_cast<double*>(cols.data));
  return undef(env);
}

TL_FN(Col2im) {
  TL_ARGS("col2im");
  Arr cols = g.arr(0), x = g.arr(14);
  int64_t c = g.i64(1), h = g.i64(2), w = g.i64(3), xoff = g.i64(15);
  tl::Window win = window(g, 4, true);
  TL_CHECK;
  g.same_float(x, cols);
  g.need(x, xoff, c * h * w, "image");
  g.need(cols, 0, c * win.kh * win.kw * win.oh * win.ow, "cols");
  TL_CHECK;
  if (x.f32()) tl::col2im(static_cast<const float*>(cols.data), c, h, w, win, static_cast<float*>(x.data) + xoff);
  else tl::col2im(static_cast<const double*>(cols.data), c, h, w, win, static_cast<double*>(x.data) + xoff);
  return undef(env);
}

TL_FN(MaxPool2d) {
  TL_ARGS("maxPool2d");
  Arr x = g.arr(0), out = g.arr(14), am = g.arr(15);
  int64_t planes = g.i64(1), h = g.i64(2), w = g.i64(3);
  tl::Window win = window(g, 4, true);
  TL_CHECK;
  g.same_float(x, out);
  if (am.type != napi_int32_array) g.fail("argmax must be an Int32Array");
  g.need(x, 0, planes * h * w, "input");
  g.need(out, 0, planes * win.oh * win.ow, "output");
  g.need(am, 0, planes * win.oh * win.ow, "argmax");
  TL_CHECK;
  if (x.f32()) tl::max_pool2d(static_cast<const float*>(x.data), planes, h, w, win, static_cast<float*>(out.data), static_cast<int32_t*>(am.data));
  else tl::max_pool2d(static_cast<const double*>(x.data), planes, h, w, win, static_cast<double*>(out.data), static_cast<int32_t*>(am.data));
  return undef(env);
}

TL_FN(MaxPool2dBackward) {
  TL_ARGS("maxPool2dBackward");
  Arr gy = g.arr(0), am = g.arr(1), gx = g.arr(5);
  int64_t planes = g.i64(2), hw = g.i64(3), ohw = g.i64(4);
  TL_CHECK;
  g.same_float(gy, gx);
  if (am.type != napi_int32_array) g.fail("argmax must be an Int32Array");
  g.need(gy, 0, planes * ohw, "grad output");
  g.need(am, 0, planes * ohw, "argmax");
  g.need(gx, 0, planes * hw, "grad input");
  TL_CHECK;
  if (gy.f32()) tl::max_pool2d_backward(static_cast<const float*>(gy.data), static_cast<const int32_t*>(am.data), planes, hw, ohw, static_cast<float*>(gx.data));
  else tl::max_pool2d_backward(static_cast<const double*>(gy.data), static_cast<const int32_t*>(am.data), planes, hw, ohw, static_cast<double*>(gx.data));
  return undef(env);
}

template <bool Backward> napi_value avg(napi_env env, napi_callback_info info) {
  Args g(env, info, Backward ? "avgPool2dBackward" : "avgPool2d");
  Arr x = g.arr(0), out = g.arr(14);
  int64_t planes = g.i64(1), h = g.i64(2), w = g.i64(3);
  tl::Window win = window(g, 4, false);
  bool cip = g.flag(12);
  double div = g.num(13);
  TL_CHECK;
  g.same_float(x, out);
  g.need(Backward ? out : x, 0, planes * h * w, "image");
  g.need(Backward ? x : out, 0, planes * win.oh * win.ow, "pooled");
  TL_CHECK;
  if (x.f32()) {
    if (Backward) tl::avg_pool2d_backward(static_cast<const float*>(x.data), planes, h, w, win, cip, div, static_cast<float*>(out.data));
    else tl::avg_pool2d(static_cast<const float*>(x.data), planes, h, w, win, cip, div, static_cast<float*>(out.data));
  } else {
    if (Backward) tl::avg_pool2d_backward(static_cast<const double*>(x.data), planes, h, w, win, cip, div, static_cast<double*>(out.data));
    else tl::avg_pool2d(static_cast<const double*>(x.data), planes, h, w, win, cip, div, static_cast<double*>(out.data));
  }
  return undef(env);
}

TL_FN(AdamUpdate) {
  TL_ARGS("adamUpdate");
  Arr p = g.arr(0), gr = g.arr(1), m = g.arr(2), v = g.arr(3), mx = g.arr(4, true);
  double step = g.num(5), lr = g.num(6), b1 = g.num(7), b2 = g.num(8), eps = g.num(9), wd = g.num(10);
  bool maximize = g.flag(11), decoupled = g.flag(12);
  TL_CHECK;
  g.same_float(p, gr);
  g.same_float(p, m);
  g.same_float(p, v);
  if (mx.present) g.same_float(p, mx);
  const int64_t n = static_cast<int64_t>(p.len);
  g.need(gr, 0, n, "grad");
  g.need(m, 0, n, "expAvg");
  g.need(v, 0, n, "expAvgSq");
  if (mx.present) g.need(mx, 0, n, "maxExpAvgSq");
  TL_CHECK;
  if (p.f32()) tl::adam_update(static_cast<float*>(p.data), static_cast<const float*>(gr.data), static_cast<float*>(m.data), static_cast<float*>(v.data), mx.present ? static_cast<float*>(mx.data) : nullptr, n, step, lr, b1, b2, eps, wd, maximize, decoupled);
  else tl::adam_update(static_cast<double*>(p.data), static_cast<const double*>(gr.data), static_cast<double*>(m.data), static_cast<double*>(v.data), mx.present ? static_cast<double*>(mx.data) : nullptr, n, step, lr, b1, b2, eps, wd, maximize, decoupled);
  return undef(env);
}

TL_FN(Info) {
  napi_value obj, simd, threads;
  napi_create_object(env, &obj);
  napi_create_string_utf8(env, tl::simd_level(), NAPI_AUTO_LENGTH, &simd);
  napi_create_int32(env, tl::num_threads(), &threads);
  napi_set_named_property(env, obj, "simd", simd);
  napi_set_named_property(env, obj, "threads", threads);
  return obj;
}

TL_FN(SetNumThreads) {
  TL_ARGS("setNumThreads");
  int64_t n = g.i64(0);
  TL_CHECK;
  tl::set_num_threads(static_cast<int>(n));
  return undef(env);
}

/**
 * Tensor storage is a fresh zero-filled ArrayBuffer per op (calloc). glibc serves blocks above 128 KiB
 * with mmap, so every large tensor costs page faults and a munmap when freed; keeping them in the heap
 * lets freed blocks be reused (measured: ~1.5 ms of kernel time per MLP training step). Opt out with
 * TRAINLAB_MALLOC_TUNE=0.
 */
void tune_malloc() {
#if defined(__GLIBC__)
  const char* env = std::getenv("TRAINLAB_MALLOC_TUNE");
  if (env && env[0] == '0') return;
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

napi_value Init(napi_env env, napi_value exports) {
  tune_malloc();
  const napi_property_descriptor props[] = {
    {"copyStrided", nullptr, CopyStrided, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"unary", nullptr, Unary, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"binary", nullptr, Binary, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"binaryScalar", nullptr, BinaryScalar, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"reduce", nullptr, Reduce, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"gemm", nullptr, Gemm, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"softmax", nullptr, Softmax, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"im2col", nullptr, Im2col, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"col2im", nullptr, Col2im, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"maxPool2d", nullptr, MaxPool2d, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"maxPool2dBackward", nullptr, MaxPool2dBackward, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"avgPool2d", nullptr, avg<false>, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"avgPool2dBackward", nullptr, avg<true>, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"adamUpdate", nullptr, AdamUpdate, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"setNumThreads", nullptr, SetNumThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
