// Native kernel declarations: plain pointers, element counts and strides (no N-API types here).
// Every kernel mirrors the entry of the same name in src/backend/interface.ts, same argument order.
#pragma once
#include <cstdint>
#include <functional>

namespace tl {

// ---- run-time configuration (threadpool.cc) ----
int num_threads();
void set_num_threads(int n);
/** Calls fn(lo, hi) over [0, n) split into at most num_threads() chunks of at least `grain`. */
void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn);
/** "avx512", "avx2" or "scalar": the widest SIMD level this CPU supports (and the build allows). */
const char* simd_level();
/** Whether the AVX2+FMA builds of the loops may run (simd_level() is not "scalar"); cached. */
bool wide_simd();

// ---- op codes: indices into the TS UnaryOp / BinaryOp / ReduceOp lists (src/backend/native) ----
enum Unary { U_NEG, U_EXP, U_LOG, U_SQRT, U_RSQRT, U_ABS, U_SIGN, U_RELU, U_SIGMOID, U_TANH, U_SIN,
  U_COS, U_RECIPROCAL, U_SQUARE, U_FLOOR, U_CEIL, U_ROUND, U_LOG1P, U_EXPM1, U_ERF, U_GELU,
  U_GELU_TANH, U_SILU, U_LOGICAL_NOT, U_ISNAN, U_ISINF, U_COUNT };
enum Binary { B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAXIMUM, B_MINIMUM, B_ATAN2, B_EQ, B_NE, B_LT,
  B_LE, B_GT, B_GE, B_LOGICAL_AND, B_LOGICAL_OR, B_REMAINDER, B_COUNT };
enum Reduce { R_SUM, R_PROD, R_MAX, R_MIN, R_COUNT };

// ---- elementwise.cc (T = float or double; O = T or uint8_t for comparisons) ----
/** Same-size element copy of a strided view (elem = 1, 4 or 8 bytes). */
void copy_strided(const void* src, int elem, int64_t offset, const int64_t* shape,
  const int64_t* strides, int ndim, void* out);
template <class T> void unary(int op, const T* x, int64_t n, T* out);
/** Marks memory at p as just reused from the JS pool: the next elementwise output there skips streaming stores. */
void note_warm(const void* p);
template <class T, class O> void binary(int op, const T* a, int64_t aoff, const int64_t* sa,
  const T* b, int64_t boff, const int64_t* sb, const int64_t* shape, int ndim, O* out);
template <class T, class O> void binary_scalar(int op, const T* x, int64_t n, double s, O* out,
  bool scalar_first);

// ---- reduce.cc ----
template <class T, class I> void reduce(int op, const T* x, int64_t outer, int64_t n, int64_t inner,
  T* out, I* indices);
template <class T> void softmax(const T* x, int64_t outer, int64_t n, T* out, bool log);

// ---- gemm.cc ----
template <class T> void gemm(const T* a, int64_t a_off, int64_t a_bs, bool trans_a, const T* b,
  int64_t b_off, int64_t b_bs, bool trans_b, T* c, int64_t batch, int64_t m, int64_t k, int64_t n,
  bool accumulate);

// ---- conv.cc ----
struct Window { int64_t kh, kw, sh, sw, ph, pw, dh, dw, oh, ow; };
/** `images` consecutive [c,h,w] images ↔ consecutive [c*kh*kw, oh*ow] column blocks. */
template <class T> void im2col(const T* x, int64_t c, int64_t h, int64_t w, const Window& g, T* cols,
  int64_t images);
template <class T> void col2im(const T* cols, int64_t c, int64_t h, int64_t w, const Window& g, T* x,
  int64_t images);
template <class T> void max_pool2d(const T* x, int64_t planes, int64_t h, int64_t w, const Window& g,
  T* out, int32_t* argmax);
template <class T> void max_pool2d_backward(const T* gy, const int32_t* argmax, int64_t planes,
  int64_t hw, int64_t ohw, T* gx);
template <class T> void avg_pool2d(const T* x, int64_t planes, int64_t h, int64_t w, const Window& g,
  bool count_include_pad, double divisor_override, T* out);
template <class T> void avg_pool2d_backward(const T* gy, int64_t planes, int64_t h, int64_t w,
  const Window& g, bool count_include_pad, double divisor_override, T* gx);

// ---- optim.cc ----
template <class T> void sgd_update(T* param, const T* grad, T* buf, int64_t n, bool fresh, double lr,
  double momentum, double dampening, double wd, bool nesterov, bool maximize);
template <class T> void adam_update(T* param, const T* grad, T* exp_avg, T* exp_avg_sq, T* max_exp_avg_sq,
  int64_t n, double step, double lr, double b1, double b2, double eps, double wd, bool maximize,
  bool decoupled);

// ---- rnn.cc (one LSTM or GRU step's pointwise part; arrays already offset to the step) ----
template <class T> void lstm_cell(T* gates, const T* c_prev, T* c, T* h, T* tc, int64_t N, int64_t H);
template <class T> void lstm_cell_backward(const T* gates, const T* c_prev, const T* tc, const T* gy,
  const T* dh_next, T* dc, T* dz, int64_t N, int64_t H);
template <class T> void gru_cell(T* gi, const T* gh, const T* h_prev, T* h, int64_t N, int64_t H);
template <class T> void gru_cell_backward(const T* gi, const T* gh, const T* h_prev, const T* gy, T* dh_next,
  T* dgi, T* dgh, int64_t N, int64_t H);

// ---- rows.cc (normalisation) ----
template <class T> void row_reduce(int mode, const T* x, const T* g, int64_t rows, int64_t R, const double* m,
  double* o1, double* o2);
template <class T> void row_affine(const T* x, const T* g, int64_t rows, int64_t R, const double* m,
  const double* a, const double* c, const double* d, T* out);

}  // namespace tl

// Compiles the body of a generic (always_inline) kernel for a wider ISA: the caller's target
// attribute lets GCC vectorise the inlined loop with AVX2/AVX-512 while the binary still runs on any
// x86-64 (the wider version is only called after __builtin_cpu_supports says yes).
#if defined(__x86_64__) || defined(__i386__)
#define TL_X86 1
#define TL_TARGET_AVX2 __attribute__((target("avx2,fma")))
#if defined(TL_EMULATE_AVX512)  // test build: AVX-512 intrinsics emulated by SIMDe (see gemm.cc)
#define TL_TARGET_AVX512
#else
#define TL_TARGET_AVX512 __attribute__((target("avx512f,avx2,fma")))
#endif
#else
#define TL_X86 0
#define TL_TARGET_AVX2
#define TL_TARGET_AVX512
#endif
#define TL_INLINE inline __attribute__((always_inline))
