// N-API entries of the convolution, pooling and optimizer kernels (registered by addon.cc).
#include "napi_args.h"

namespace tl_napi {
namespace {

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

/** im2col's and col2im's shared checks: one float type, every image and column block in range. */
void need_cols(Args& g, const Arr& x, int64_t xoff, const Arr& cols, int64_t c, int64_t h, int64_t w,
  const tl::Window& win, int64_t images) {
  if (images < 0) g.fail("images must be >= 0");
  g.same_float(x, cols);
  g.need(x, xoff, images * c * h * w, "images");
  g.need(cols, 0, images * c * win.kh * win.kw * win.oh * win.ow, "cols");
}

TL_FN(Im2col) {
  TL_ARGS("im2col");
  Arr x = g.arr(0), cols = g.arr(15);
  int64_t xoff = g.i64(1), c = g.i64(2), h = g.i64(3), w = g.i64(4), images = g.i64(16);
  tl::Window win = window(g, 5, true);
  TL_CHECK;
  need_cols(g, x, xoff, cols, c, h, w, win, images);
  TL_CHECK;
  if (x.f32()) tl::im2col(static_cast<const float*>(x.data) + xoff, c, h, w, win, static_cast<float*>(cols.data), images);
  else tl::im2col(static_cast<const double*>(x.data) + xoff, c, h, w, win, static_cast<double*>(cols.data), images);
  return undef(env);
}

TL_FN(Col2im) {
  TL_ARGS("col2im");
  Arr cols = g.arr(0), x = g.arr(14);
  int64_t c = g.i64(1), h = g.i64(2), w = g.i64(3), xoff = g.i64(15), images = g.i64(16);
  tl::Window win = window(g, 4, true);
  TL_CHECK;
  need_cols(g, x, xoff, cols, c, h, w, win, images);
  TL_CHECK;
  if (x.f32()) tl::col2im(static_cast<const float*>(cols.data), c, h, w, win, static_cast<float*>(x.data) + xoff, images);
  else tl::col2im(static_cast<const double*>(cols.data), c, h, w, win, static_cast<double*>(x.data) + xoff, images);
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

TL_FN(SgdUpdate) {
  TL_ARGS("sgdUpdate");
  Arr p = g.arr(0), gr = g.arr(1), b = g.arr(2, true);
  bool fresh = g.flag(3);
  double lr = g.num(4), mu = g.num(5), damp = g.num(6), wd = g.num(7);
  bool nesterov = g.flag(8), maximize = g.flag(9);
  TL_CHECK;
  g.same_float(p, gr);
  if (b.present) g.same_float(p, b);
  const int64_t n = static_cast<int64_t>(p.len);
  g.need(gr, 0, n, "grad");
  if (b.present) g.need(b, 0, n, "momentumBuffer");
  TL_CHECK;
  if (p.f32()) tl::sgd_update(static_cast<float*>(p.data), static_cast<const float*>(gr.data), b.present ? static_cast<float*>(b.data) : nullptr, n, fresh, lr, mu, damp, wd, nesterov, maximize);
  else tl::sgd_update(static_cast<double*>(p.data), static_cast<const double*>(gr.data), b.present ? static_cast<double*>(b.data) : nullptr, n, fresh, lr, mu, damp, wd, nesterov, maximize);
  return undef(env);
}

// rowReduce(mode, x, g?, rows, R, m?, o1, o2?): see rows.cc. x, g: one float type; m, o1, o2: Float64Array.
TL_FN(RowReduce) {
  TL_ARGS("rowReduce");
  const int64_t mode = g.i64(0);
  Arr x = g.arr(1), gr = g.arr(2, true);
  const int64_t rows = g.i64(3), R = g.i64(4);
  Arr m = g.arr(5, true), o1 = g.arr(6), o2 = g.arr(7, true);
  TL_CHECK;
  if (mode < 0 || mode > 2) g.fail("mode must be 0, 1 or 2");
  if (rows < 0 || R < 0) g.fail("rows and R must be non-negative");
  if (!x.f32() && !x.f64()) g.fail("x must be a Float32Array or Float64Array");
  TL_CHECK;
  g.need(x, 0, rows * R, "x");
  g.need(o1, 0, rows, "o1");
  if (!o1.f64()) g.fail("o1 must be a Float64Array");
  if (mode >= 1 && (!m.present || !m.f64())) g.fail("mode 1 and 2 need the row centres m (Float64Array)");
  if (mode >= 1) g.need(m, 0, rows, "m");
  if (mode == 2) {
    if (!gr.present || !o2.present || !o2.f64()) g.fail("mode 2 needs g and o2 (Float64Array)");
    else { g.same_float(x, gr); g.need(gr, 0, rows * R, "g"); g.need(o2, 0, rows, "o2"); }
  }
  TL_CHECK;
  const auto* md = m.present ? static_cast<const double*>(m.data) : nullptr;
  auto* p1 = static_cast<double*>(o1.data);
  auto* p2 = o2.present ? static_cast<double*>(o2.data) : nullptr;
  const int md2 = static_cast<int>(mode);
  if (x.f32()) tl::row_reduce(md2, static_cast<const float*>(x.data), mode == 2 ? static_cast<const float*>(gr.data) : nullptr, rows, R, md, p1, p2);
  else tl::row_reduce(md2, static_cast<const double*>(x.data), mode == 2 ? static_cast<const double*>(gr.data) : nullptr, rows, R, md, p1, p2);
  return undef(env);
}

// rowAffine(x, g?, rows, R, m, a, c, d?, out): see rows.cc.
TL_FN(RowAffine) {
  TL_ARGS("rowAffine");
  Arr x = g.arr(0), gr = g.arr(1, true);
  const int64_t rows = g.i64(2), R = g.i64(3);
  Arr m = g.arr(4), a = g.arr(5), c = g.arr(6), d = g.arr(7, true), out = g.arr(8);
  TL_CHECK;
  if (rows < 0 || R < 0) g.fail("rows and R must be non-negative");
  if (!x.f32() && !x.f64()) g.fail("x must be a Float32Array or Float64Array");
  TL_CHECK;
  g.same_float(x, out);
  if (gr.present) g.same_float(x, gr);
  for (const Arr* k : {&m, &a, &c}) if (!k->f64()) g.fail("m, a and c must be Float64Arrays");
  if (gr.present && (!d.present || !d.f64())) g.fail("with g, d must be a Float64Array");
  TL_CHECK;
  g.need(x, 0, rows * R, "x");
  g.need(out, 0, rows * R, "out");
  if (gr.present) { g.need(gr, 0, rows * R, "g"); g.need(d, 0, rows, "d"); }
  g.need(m, 0, rows, "m");
  g.need(a, 0, rows, "a");
  g.need(c, 0, rows, "c");
  TL_CHECK;
  const auto* dd = gr.present ? static_cast<const double*>(d.data) : nullptr;
  const auto* md = static_cast<const double*>(m.data);
  const auto* ad = static_cast<const double*>(a.data);
  const auto* cd = static_cast<const double*>(c.data);
  if (x.f32()) tl::row_affine(static_cast<const float*>(x.data), gr.present ? static_cast<const float*>(gr.data) : nullptr, rows, R, md, ad, cd, dd, static_cast<float*>(out.data));
  else tl::row_affine(static_cast<const double*>(x.data), gr.present ? static_cast<const double*>(gr.data) : nullptr, rows, R, md, ad, cd, dd, static_cast<double*>(out.data));
  return undef(env);
}

// lstmCell(gates, gOff, cPrev, cpOff, c, cOff, h, hOff, tc, tcOff, N, H): see rnn.cc.
TL_FN(LstmCell) {
  TL_ARGS("lstmCell");
  Arr gt = g.arr(0), cp = g.arr(2), c = g.arr(4), h = g.arr(6), tc = g.arr(8);
  const int64_t gOff = g.i64(1), cpOff = g.i64(3), cOff = g.i64(5), hOff = g.i64(7), tcOff = g.i64(9);
  const int64_t N = g.i64(10), H = g.i64(11);
  TL_CHECK;
  if (N < 0 || H < 0) g.fail("N and H must be non-negative");
  for (const Arr* a : {&cp, &c, &h, &tc}) g.same_float(gt, *a);
  TL_CHECK;
  g.need(gt, gOff, 4 * N * H, "gates");
  g.need(cp, cpOff, N * H, "cPrev");
  g.need(c, cOff, N * H, "c");
  g.need(h, hOff, N * H, "h");
  g.need(tc, tcOff, N * H, "tc");
  TL_CHECK;
  if (gt.f32()) tl::lstm_cell(static_cast<float*>(gt.data) + gOff, static_cast<const float*>(cp.data) + cpOff,
    static_cast<float*>(c.data) + cOff, static_cast<float*>(h.data) + hOff, static_cast<float*>(tc.data) + tcOff, N, H);
  else tl::lstm_cell(static_cast<double*>(gt.data) + gOff, static_cast<const double*>(cp.data) + cpOff,
    static_cast<double*>(c.data) + cOff, static_cast<double*>(h.data) + hOff, static_cast<double*>(tc.data) + tcOff, N, H);
  return undef(env);
}

// lstmCellBackward(gates, gOff, cPrev, cpOff, tc, tcOff, gy, gyOff, dhNext, dc, dz, dzOff, N, H): see rnn.cc.
TL_FN(LstmCellBackward) {
  TL_ARGS("lstmCellBackward");
  Arr gt = g.arr(0), cp = g.arr(2), tc = g.arr(4), gy = g.arr(6), dhn = g.arr(8), dc = g.arr(9), dz = g.arr(10);
  const int64_t gOff = g.i64(1), cpOff = g.i64(3), tcOff = g.i64(5), gyOff = g.i64(7), dzOff = g.i64(11);
  const int64_t N = g.i64(12), H = g.i64(13);
  TL_CHECK;
  if (N < 0 || H < 0) g.fail("N and H must be non-negative");
  for (const Arr* a : {&cp, &tc, &gy, &dhn, &dc, &dz}) g.same_float(gt, *a);
  TL_CHECK;
  g.need(gt, gOff, 4 * N * H, "gates");
  g.need(cp, cpOff, N * H, "cPrev");
  g.need(tc, tcOff, N * H, "tc");
  g.need(gy, gyOff, N * H, "gy");
  g.need(dhn, 0, N * H, "dhNext");
  g.need(dc, 0, N * H, "dc");
  g.need(dz, dzOff, 4 * N * H, "dz");
  TL_CHECK;
  if (gt.f32()) tl::lstm_cell_backward(static_cast<const float*>(gt.data) + gOff, static_cast<const float*>(cp.data) + cpOff,
    static_cast<const float*>(tc.data) + tcOff, static_cast<const float*>(gy.data) + gyOff, static_cast<const float*>(dhn.data),
    static_cast<float*>(dc.data), static_cast<float*>(dz.data) + dzOff, N, H);
  else tl::lstm_cell_backward(static_cast<const double*>(gt.data) + gOff, static_cast<const double*>(cp.data) + cpOff,
    static_cast<const double*>(tc.data) + tcOff, static_cast<const double*>(gy.data) + gyOff, static_cast<const double*>(dhn.data),
    static_cast<double*>(dc.data), static_cast<double*>(dz.data) + dzOff, N, H);
  return undef(env);
}

// gruCell(gi, giOff, gh, ghOff, hPrev, hpOff, h, hOff, N, H): see rnn.cc.
TL_FN(GruCell) {
  TL_ARGS("gruCell");
  Arr gi = g.arr(0), gh = g.arr(2), hp = g.arr(4), h = g.arr(6);
  const int64_t giOff = g.i64(1), ghOff = g.i64(3), hpOff = g.i64(5), hOff = g.i64(7), N = g.i64(8), H = g.i64(9);
  TL_CHECK;
  if (N < 0 || H < 0) g.fail("N and H must be non-negative");
  for (const Arr* a : {&gh, &hp, &h}) g.same_float(gi, *a);
  TL_CHECK;
  g.need(gi, giOff, 3 * N * H, "gi");
  g.need(gh, ghOff, 3 * N * H, "gh");
  g.need(hp, hpOff, N * H, "hPrev");
  g.need(h, hOff, N * H, "h");
  TL_CHECK;
  if (gi.f32()) tl::gru_cell(static_cast<float*>(gi.data) + giOff, static_cast<const float*>(gh.data) + ghOff,
    static_cast<const float*>(hp.data) + hpOff, static_cast<float*>(h.data) + hOff, N, H);
  else tl::gru_cell(static_cast<double*>(gi.data) + giOff, static_cast<const double*>(gh.data) + ghOff,
    static_cast<const double*>(hp.data) + hpOff, static_cast<double*>(h.data) + hOff, N, H);
  return undef(env);
}

// gruCellBackward(gi, giOff, gh, ghOff, hPrev, hpOff, gy, gyOff, dhNext, dgi, dgiOff, dgh, dghOff, N, H): see rnn.cc.
TL_FN(GruCellBackward) {
  TL_ARGS("gruCellBackward");
  Arr gi = g.arr(0), gh = g.arr(2), hp = g.arr(4), gy = g.arr(6), dhn = g.arr(8), dgi = g.arr(9), dgh = g.arr(11);
  const int64_t giOff = g.i64(1), ghOff = g.i64(3), hpOff = g.i64(5), gyOff = g.i64(7), dgiOff = g.i64(10), dghOff = g.i64(12);
  const int64_t N = g.i64(13), H = g.i64(14);
  TL_CHECK;
  if (N < 0 || H < 0) g.fail("N and H must be non-negative");
  for (const Arr* a : {&gh, &hp, &gy, &dhn, &dgi, &dgh}) g.same_float(gi, *a);
  TL_CHECK;
  g.need(gi, giOff, 3 * N * H, "gi");
  g.need(gh, ghOff, 3 * N * H, "gh");
  g.need(hp, hpOff, N * H, "hPrev");
  g.need(gy, gyOff, N * H, "gy");
  g.need(dhn, 0, N * H, "dhNext");
  g.need(dgi, dgiOff, 3 * N * H, "dgi");
  g.need(dgh, dghOff, 3 * N * H, "dgh");
  TL_CHECK;
  if (gi.f32()) tl::gru_cell_backward(static_cast<const float*>(gi.data) + giOff, static_cast<const float*>(gh.data) + ghOff,
    static_cast<const float*>(hp.data) + hpOff, static_cast<const float*>(gy.data) + gyOff, static_cast<float*>(dhn.data),
    static_cast<float*>(dgi.data) + dgiOff, static_cast<float*>(dgh.data) + dghOff, N, H);
  else tl::gru_cell_backward(static_cast<const double*>(gi.data) + giOff, static_cast<const double*>(gh.data) + ghOff,
    static_cast<const double*>(hp.data) + hpOff, static_cast<const double*>(gy.data) + gyOff, static_cast<double*>(dhn.data),
    static_cast<double*>(dgi.data) + dgiOff, static_cast<double*>(dgh.data) + dghOff, N, H);
  return undef(env);
}

#define TL_PROP(name, fn) {name, nullptr, fn, nullptr, nullptr, nullptr, napi_default, nullptr}

}  // namespace

void define_nn_entries(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
    TL_PROP("im2col", Im2col), TL_PROP("col2im", Col2im), TL_PROP("maxPool2d", MaxPool2d),
    TL_PROP("maxPool2dBackward", MaxPool2dBackward), TL_PROP("avgPool2d", avg<false>),
    TL_PROP("avgPool2dBackward", avg<true>), TL_PROP("adamUpdate", AdamUpdate),
    TL_PROP("sgdUpdate", SgdUpdate), TL_PROP("rowReduce", RowReduce), TL_PROP("rowAffine", RowAffine),
    TL_PROP("lstmCell", LstmCell), TL_PROP("lstmCellBackward", LstmCellBackward),
    TL_PROP("gruCell", GruCell), TL_PROP("gruCellBackward", GruCellBackward),
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
}

}  // namespace tl_napi
