// conv2d / conv1d / convTranspose2d: PyTorch fixtures in float64, gradcheck (stride, padding,
// dilation, groups, non-contiguous inputs), the adjoint identity, hand-derived cases, bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DTypeError, F, ShapeError, Tensor, TrainlabError, ValueError, conv1d, conv2d, convTranspose2d, gradcheck, manualSeed, mul, randn, sum, tensor,
} from '../../src/index.js';
import { casesOf, runCase } from './conv-fixture-runner.js';

const f64 = { dtype: 'float64' as const, requiresGrad: true };
function check(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], what: string): void {
  const r = gradcheck(fn, inputs);
  assert.ok(r.passed, `${what}: gradcheck mismatch ${JSON.stringify(r.mismatch)}`);
}

test('ops.json conv2d / convTranspose2d cases also match in float64', () => {
  const cases = casesOf('F.conv2d', 'F.convTranspose2d');
  assert.equal(cases.length, 11);
  for (const c of cases) runCase(c, 'float64');
});

test('conv2d gradcheck: stride, padding, dilation, groups, bias', () => {
  manualSeed(1);
  const settings = [
    { stride: 1, padding: 0 },
    { stride: 2, padding: 1 },
    { stride: [2, 1], padding: [1, 0], dilation: [1, 2] },
    { padding: 2, dilation: 2, groups: 2 },
    { padding: 'same' as const },
  ];
  for (const o of settings) {
    const x = randn([2, 4, 5, 6], f64), w = randn([4, 4 / (o.groups ?? 1), 3, 3], f64), b = randn([4], f64);
    check((a, k, c) => conv2d(a, k, c, o), [x, w, b], `conv2d ${JSON.stringify(o)}`);
  }
});

test('conv2d gradcheck on non-contiguous input and weight views', () => {
  manualSeed(2);
  const x = randn([2, 5, 4, 3], { dtype: 'float64' }).permute(0, 3, 1, 2).requiresGrad_(); // [2,3,5,4]
  const w = randn([3, 3, 2, 2], { dtype: 'float64' }).transpose(0, 1).requiresGrad_();
  assert.equal(x.isContiguous(), false);
  assert.equal(w.isContiguous(), false);
  check((a, k) => conv2d(a, k, null, { stride: 1, padding: 1 }), [x, w], 'conv2d views');
});

test("conv2d padding 'same' with an even kernel pads the extra column at the end (hand-derived)", () => {
  // 1 channel, row [1, 2, 3], kernel [1, 10]: total padding 1 → 0 left, 1 right:
  // [1·1 + 10·2, 1·2 + 10·3, 1·3 + 10·0] = [21, 32, 3]
  const y = conv2d(tensor([1, 2, 3], { shape: [1, 1, 1, 3] }), tensor([1, 10], { shape: [1, 1, 1, 2] }), null, { padding: 'same' });
  assert.deepEqual(y.shape, [1, 1, 1, 3]);
  assert.deepEqual(Array.from(y.contiguousData()), [21, 32, 3]);
});

test('conv2d takes an unbatched [C,H,W] input and the bias-less options form', () => {
  // 1x1 kernel of 2 on one channel doubles the input; 'valid' = no padding
  const x = tensor([1, 2, 3, 4], { shape: [1, 2, 2] });
  const y = conv2d(x, tensor([2], { shape: [1, 1, 1, 1] }), { padding: 'valid' });
  assert.deepEqual(y.shape, [1, 2, 2]);
  assert.deepEqual(Array.from(y.contiguousData()), [2, 4, 6, 8]);
});

test('convTranspose2d is the adjoint of conv2d: <conv2d(x, w), y> = <x, convTranspose2d(y, w)>', () => {
  manualSeed(3);
  const o = { stride: 2, padding: 1, dilation: 2, groups: 2 };
  const x = randn([2, 4, 9, 8], { dtype: 'float64' }), w = randn([6, 2, 3, 2], { dtype: 'float64' });
  const cx = conv2d(x, w, null, o);
  const y = randn(cx.shape, { dtype: 'float64' });
  // output padding recovers the input size the strided conv2d rounded away
  const hOut = (cx.shape[2] - 1) * 2 - 2 + 2 * 2 + 1, wOut = (cx.shape[3] - 1) * 2 - 2 + 2 * 1 + 1;
  const ty = convTranspose2d(y, w, null, { ...o, outputPadding: [9 - hOut, 8 - wOut] });
  assert.deepEqual(ty.shape, x.shape);
  const lhs = sum(mul(cx, y)).item(), rhs = sum(mul(x, ty)).item();
  assert.ok(Math.abs(lhs - rhs) <= 1e-9 * Math.max(1, Math.abs(lhs)), `${lhs} vs ${rhs}`);
});

test('convTranspose2d gradcheck: stride, padding, outputPadding, dilation, groups, non-contiguous', () => {
  manualSeed(4);
  const settings = [
    { stride: 2, padding: 1, outputPadding: 1 },
    { stride: [1, 2], padding: [0, 1], dilation: 2, groups: 2 },
  ];
  for (const o of settings) {
    const x = randn([2, 4, 3, 4], f64), w = randn([4, 3, 3, 2], f64), b = randn([(o.groups ?? 1) * 3], f64);
    check((a, k, c) => convTranspose2d(a, k, c, o), [x, w, b], `convTranspose2d ${JSON.stringify(o)}`);
  }
  const xv = randn([4, 3, 2], { dtype: 'float64' }).permute(2, 0, 1).requiresGrad_(); // [2,4,3] unbatched
  check((a, k) => convTranspose2d(a, k, null, { stride: 2 }), [xv, randn([2, 2, 2, 2], f64)], 'convTranspose2d view');
});

test('conv1d: hand-derived values and gradcheck', () => {
  // x = [1,2,3,4], w = [1,−1], stride 2, padding 1 → windows [0,1], [2,3], [4,0]: [−1, −1, 4]
  const y = conv1d(tensor([1, 2, 3, 4], { shape: [1, 1, 4] }), tensor([1, -1], { shape: [1, 1, 2] }), null, { stride: 2, padding: 1 });
  assert.deepEqual(y.shape, [1, 1, 3]);
  assert.deepEqual(Array.from(y.contiguousData()), [-1, -1, 4]);
  manualSeed(5);
  check((a, k, c) => conv1d(a, k, c, { stride: 2, padding: 1, dilation: 2, groups: 2 }),
    [randn([2, 4, 7], f64), randn([6, 2, 3], f64), randn([6], f64)], 'conv1d');
  check((a, k) => conv1d(a, k, { padding: 'same' }), [randn([3, 5], f64), randn([2, 3, 4], f64)], 'conv1d same unbatched');
});

test('conv2d over image chunks (im2col scratch above its limit) matches window sums (hand-derived)', () => {
  // 3x3 kernels of ones, padding 1: out[n, g, y, x] = Σ over the group's channels of the 3x3
  // neighbourhood. The input grad of sum(out) counts the windows covering a pixel: 9 inside, 6 on
  // an edge, 4 in a corner; the centre tap's weight grad is Σ_{n,y,x} x[n, c, y, x].
  // 2 images of 8·9·256·256 columns exceed the 2^23-element scratch, so they run as 2 chunks.
  manualSeed(6);
  const [n, c, h, w] = [2, 8, 256, 256];
  const x = randn([n, c, h, w]).requiresGrad_();
  const xd = x.contiguousData(), at = (i: number, ch: number, y: number, xx: number) =>
    (y < 0 || y >= h || xx < 0 || xx >= w ? 0 : xd[((i * c + ch) * h + y) * w + xx]);
  for (const groups of [1, 2]) {
    x.grad = null;
    const cg = c / groups;
    const wt = tensor(new Float32Array(groups * cg * 9).fill(1), { shape: [groups, cg, 3, 3], requiresGrad: true });
    const y = conv2d(x, wt, null, { groups, padding: 1 });
    const yd = y.contiguousData();
    for (const [i, g, py, px] of [[0, 0, 0, 0], [1, groups - 1, 100, 37], [1, 0, h - 1, w - 1]]) {
      let s = 0;
      for (let ch = g * cg; ch < (g + 1) * cg; ch++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += at(i, ch, py + dy, px + dx);
      assert.ok(Math.abs(yd[((i * groups + g) * h + py) * w + px] - s) < 1e-4, `groups ${groups} out[${i},${g},${py},${px}]`);
    }
    sum(y).backward();
    const gx = x.grad!.contiguousData();
    for (const [ch, py, px, count] of [[0, 0, 0, 4], [3, 0, 50, 6], [5, 255, 255, 4], [7, 128, 128, 9]]) {
      assert.equal(gx[((1 * c + ch) * h + py) * w + px], count, `groups ${groups} grad at [1,${ch},${py},${px}]`);
    }
    let s0 = 0;
    for (let i = 0; i < n; i++) for (let l = 0; l < h * w; l++) s0 += xd[i * c * h * w + l];
    assert.ok(Math.abs(wt.grad!.contiguousData()[4] - s0) < 1e-3 * Math.max(1, Math.abs(s0)), `groups ${groups}: weight grad`);
  }
});

test('conv ops reject bad input with messages naming shapes', () => {
  const x = randn([2, 3, 5, 5]);
  const bad = (fn: () => unknown, cls: typeof TrainlabError, re: RegExp) => assert.throws(fn, (e: Error) => e instanceof cls && re.test(e.message), re.source);
  bad(() => conv2d(x, randn([4, 2, 3, 3])), ShapeError, /conv2d: input \[2,3,5,5\] has 3 channels but weight \[4,2,3,3\] expects 2/);
  bad(() => conv2d(x, randn([4, 3, 7, 7])), ShapeError, /conv2d: kernel 7x7 .*larger than the padded input 5x5/);
  bad(() => conv2d(x, randn([4, 3, 3, 3]), null, { dilation: 3 }), ShapeError, /dilated to 7x7/);
  bad(() => conv2d(x, randn([4, 1, 3, 3]), null, { groups: 2 }), ShapeError, /groups 2 must divide both the input channels 3/);
  bad(() => conv2d(x, randn([4, 3, 3, 3]), randn([5])), ShapeError, /bias must have shape \[4\].*got \[5\]/);
  bad(() => conv2d(randn([3, 5]), randn([4, 3, 3, 3])), ShapeError, /expected a 3-D \[C,H,W\] or 4-D/);
  bad(() => conv2d(x, randn([4, 3, 3])), ShapeError, /weight must be 4-D/);
  bad(() => conv2d(x, randn([4, 3, 3, 3]), null, { stride: 2, padding: 'same' }), ValueError, /'same' is not supported for strided/);
  bad(() => conv2d(x, randn([4, 3, 3, 3]), null, { stride: 0 }), ValueError, /stride must be an integer ≥ 1/);
  bad(() => conv2d(x, randn([4, 3, 3, 3]), null, { groups: 1.5 }), ValueError, /groups must be a positive integer/);
  bad(() => conv2d(x, randn([4, 3, 3, 3], { dtype: 'float64' })), DTypeError, /weight is float64 but the input is float32/);
  bad(() => conv2d(tensor([1, 2, 3, 4], { shape: [1, 1, 2, 2], dtype: 'int32' }), randn([1, 1, 1, 1])), DTypeError, /input must be a floating point tensor/);
  bad(() => conv1d(randn([2, 3, 8]), randn([4, 2, 3])), ShapeError, /conv1d: input \[2,3,8\] has 3 channels but weight \[4,2,3\] expects 2/);
  bad(() => convTranspose2d(x, randn([4, 2, 3, 3])), ShapeError, /convTranspose2d: input \[2,3,5,5\] has 3 channels but weight \[4,2,3,3\] expects 4/);
  bad(() => convTranspose2d(x, randn([3, 2, 3, 3]), null, { stride: 2, outputPadding: 2 }), ValueError, /outputPadding \[2,2\] must be smaller than either stride/);
  bad(() => convTranspose2d(randn([1, 3, 1, 1]), randn([3, 2, 1, 1]), null, { padding: 1 }), ShapeError, /gives an empty output/);
  bad(() => F.conv2d(x, null as unknown as Tensor), TrainlabError, /conv2d: weight must be a Tensor/);
});

test('conv results stay intact while later convs of the same shapes reuse their scratch buffers', () => {
  // 8×4×20×20 → 8×8×18×18: output 83 KiB, im2col columns 2×... KiB, both above the pool's floor
  const w = randn([8, 4, 3, 3]).requiresGrad_();
  const x1 = randn([8, 4, 20, 20]).requiresGrad_(), x2 = randn([8, 4, 20, 20]).requiresGrad_();
  const y1 = conv2d(x1, w);
  const snapY = Array.from(y1.contiguousData());
  y1.sum().backward();
  const snapGx = Array.from(x1.grad!.contiguousData()), snapGw = Array.from(w.grad!.contiguousData());
  for (let i = 0; i < 3; i++) conv2d(x2, w).mul(2).sum().backward();
  assert.deepEqual(Array.from(y1.contiguousData()), snapY, 'forward output');
  assert.deepEqual(Array.from(x1.grad!.contiguousData()), snapGx, 'input gradient');
  w.grad = null;
  conv2d(x1, w).sum().backward();
  assert.deepEqual(Array.from(w.grad!.contiguousData()), snapGw, 'weight gradient recomputed the same');
});
