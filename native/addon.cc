// The addon's entry point: N-API entries of the elementwise, reduction, GEMM and softmax kernels,
// backend info, and the registration of every entry (the conv/pool/optimizer ones live in addon_nn.cc).
#include <cstdlib>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include "napi_args.h"

namespace tl_napi {
void define_nn_entries(napi_env env, napi_value exports);
}

namespace {
using namespace tl_napi;
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

TL_FN(Info) {
  napi_value obj, simd, threads;
  napi_create_object(env, &obj);
  napi_create_string_utf8(env, tl::simd_level(), NAPI_AUTO_LENGTH, &simd);
  napi_create_int32(env, tl::num_threads(), &threads);
  napi_set_named_property(env, obj, "simd", simd);
  napi_set_named_property(env, obj, "threads", threads);
  return obj;
}

TL_FN(NoteWarm) {
  TL_ARGS("noteWarm");
  Arr a = g.arr(0);
  TL_CHECK;
  tl::note_warm(a.data);
  return undef(env);
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
    {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"setNumThreads", nullptr, SetNumThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
    {"noteWarm", nullptr, NoteWarm, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  define_nn_entries(env, exports);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
