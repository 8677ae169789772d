// N-API argument handling shared by the registration files: typed arrays unwrapped to data pointers
// (no copies), every index range a kernel will touch checked first, failures thrown as RangeError.
#pragma once
#include <node_api.h>
#include <cstdint>
#include <string>
#include "kernels.h"

namespace tl_napi {

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

inline size_t elem_size(napi_typedarray_type t) {
  switch (t) {
    case napi_int8_array: case napi_uint8_array: case napi_uint8_clamped_array: return 1;
    case napi_int16_array: case napi_uint16_array: return 2;
    case napi_int32_array: case napi_uint32_array: case napi_float32_array: return 4;
    default: return 8;
  }
}

/** Reads shape and `views` stride lists (each ndim long) packed in a Float64Array. */
inline bool read_meta(Args& g, const Arr& meta, int64_t ndim, int views, int64_t* shape, int64_t* strides) {
  if (ndim < 0 || ndim > 64 || !meta.f64() || meta.len < static_cast<size_t>(ndim * (1 + views))) {
    g.fail("bad shape/stride metadata");
    return false;
  }
  const double* m = static_cast<const double*>(meta.data);
  for (int64_t i = 0; i < ndim * (1 + views); i++) (i < ndim ? shape[i] : strides[i - ndim]) = static_cast<int64_t>(m[i]);
  return true;
}

/** Checks that every element of a strided view lies inside `a`. */
inline void need_view(Args& g, const Arr& a, int64_t off, const int64_t* shape, const int64_t* st, int64_t nd, const char* what) {
  int64_t lo = off, hi = off, total = 1;
  for (int64_t d = 0; d < nd; d++) {
    total *= shape[d];
    if (shape[d] <= 0) continue;
    (st[d] >= 0 ? hi : lo) += (shape[d] - 1) * st[d];
  }
  if (total > 0) { g.need(a, lo, 1, what); g.need(a, hi, 1, what); }
}

inline napi_value undef(napi_env env) { napi_value u; napi_get_undefined(env, &u); return u; }

#define TL_FN(name) napi_value name(napi_env env, napi_callback_info info)
#define TL_ARGS(label) Args g(env, info, label)
#define TL_CHECK if (g.failed) return nullptr

}  // namespace tl_napi
