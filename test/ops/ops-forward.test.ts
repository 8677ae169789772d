// Forward values of ops and options the PyTorch fixtures do not cover, each against a value
// derived by hand in the comment beside it; plus the API shapes (indices, views, method forms).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  F, Generator, Tensor, tensor, ones, zeros, randn, amin, argmax, argmin, logsumexp, softmax, logSoftmax, prod, var_, std,
  max, min, scatter, scatterAdd, indexSelect, maskedFill, gather, split, chunk, pad, clamp, elu, selu, hardtanh, relu6,
  logSigmoid, softplus, leakyRelu, dropout, norm, cat, stack, matmul, div, floorDivide, ValueError, DTypeError,
} from '../../src/index.js';

const vals = (t: Tensor) => Array.from(t.contiguousData());
function close(actual: Tensor | number[], expected: number[], tol = 1e-6): void {
  const a = actual instanceof Tensor ? vals(actual) : actual;
  assert.equal(a.length, expected.length, `length ${a.length} vs ${expected.length}`);
  a.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= tol * (1 + Math.abs(expected[i])), `element ${i}: ${v} vs ${expected[i]}`));
}
const idx = (data: number[], shape?: number[]) => tensor(data, { dtype: 'int64', shape });

test('max/min with dim return the values tensor carrying int64 indices; ties pick the first', () => {
  const x = tensor([[1, 5, 5], [7, 0, 2]]);
  const m = max(x, { dim: 1 });
  assert.equal(m.values, m);
  assert.deepEqual(m.toArray(), [5, 7]);
  assert.equal(m.indices.dtype, 'int64');
  assert.deepEqual(m.indices.toArray(), [1, 0]);
  const k = x.min(0, true);
  assert.deepEqual(k.toArray(), [[1, 0, 2]]);
  assert.deepEqual(k.indices.toArray(), [[0, 1, 1]]);
  assert.equal(max(x).item(), 7);
  assert.equal(min(x).item(), 0);
  assert.deepEqual(x.max(tensor([[2, 2, 2], [2, 2, 2]])).toArray(), [[2, 5, 5], [7, 2, 2]]);
});

test('argmax/argmin flatten without dim; amin over several dims', () => {
  const x = tensor([[3, 9, 9], [-1, 4, 8]]);
  assert.equal(argmax(x).item(), 1); // first of the two 9s in row-major order
  assert.equal(argmin(x).item(), 3);
  assert.deepEqual(argmax(x, { dim: 0 }).toArray(), [0, 0, 0]);
  assert.deepEqual(x.argmin(1, true).toArray(), [[0], [0]]);
  assert.deepEqual(amin(x, { dim: [0, 1] }).toArray(), -1);
});

test('var/std: unbiased divides by N−1, correction generalises it', () => {
  // [1,2,3,4]: mean 2.5, Σ(x−m)² = 2.25+0.25+0.25+2.25 = 5
  const x = tensor([1, 2, 3, 4]);
  close(var_(x), [5 / 3]);
  close(var_(x, { unbiased: false }), [5 / 4]);
  close(var_(x, { correction: 2 }), [5 / 2]);
  close(std(x), [Math.sqrt(5 / 3)]);
  close(x.var(0, false, true), [1.25]);
  assert.deepEqual(var_(tensor([[1, 3], [5, 9]]), { dim: 1 }).toArray(), [2, 8]); // (1,3): Σd²=2; (5,9): Σd²=8
});

test('logsumexp and softmax stay finite for large inputs', () => {
  close(logsumexp(tensor([0, Math.log(3)])), [Math.log(4)]); // log(1 + 3)
  close(logsumexp(tensor([1000, 1000], { dtype: 'float64' })), [1000 + Math.LN2]);
  assert.equal(logsumexp(tensor([-Infinity, -Infinity])).item(), -Infinity);
  close(softmax(tensor([1000, 1000]), { dim: 0 }), [0.5, 0.5]);
  close(logSoftmax(tensor([0, Math.log(3)]), 0), [-Math.log(4), Math.log(3) - Math.log(4)]);
  // along dim 0 of a 2×2: columns (0, ln3) and (0, 0)
  close(tensor([[0, 0], [Math.log(3), 0]]).softmax(0), [0.25, 0.5, 0.75, 0.5]);
});

test('prod over a dim and over everything', () => {
  const x = tensor([[1, 2], [3, 4]]);
  assert.deepEqual(prod(x, { dim: 0 }).toArray(), [3, 8]);
  assert.deepEqual(x.prod(1, true).toArray(), [[2], [12]]);
  assert.equal(prod(x).item(), 24);
  assert.equal(prod(idx([2, 3])).dtype, 'int64');
});

test('scatter, scatterAdd, indexSelect, maskedFill, gather in torch argument order', () => {
  // out[index[i]] = src[i]: index [2,0] with src [5,7] → out[2]=5, out[0]=7
  assert.deepEqual(scatter(zeros([3]), idx([2, 0]), tensor([5, 7]), { dim: 0 }).toArray(), [7, 0, 5]);
  assert.deepEqual(scatter(zeros([2, 2]), 1, idx([1, 0], [2, 1]), 9).toArray(), [[0, 9], [9, 0]]);
  // repeated index 1 accumulates 1 + 2
  assert.deepEqual(scatterAdd(zeros([3]), idx([1, 1, 2]), tensor([1, 2, 3]), { dim: 0 }).toArray(), [0, 3, 3]);
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(indexSelect(x, 1, idx([2, 0, 2])).toArray(), [[3, 1, 3], [6, 4, 6]]);
  assert.deepEqual(x.gather(1, idx([2, 1], [2, 1])).toArray(), [[3], [5]]);
  assert.deepEqual(gather(x, idx([1, 0, 1], [1, 3]), { dim: 0 }).toArray(), [[4, 2, 6]]);
  assert.deepEqual(maskedFill(x, tensor([true, false, true]), -1).toArray(), [[-1, 2, -1], [-1, 5, -1]]);
  assert.deepEqual(x.maskedFill(tensor([[false], [true]]), 0).toArray(), [[1, 2, 3], [0, 0, 0]]);
});

test('split and chunk return views that share storage', () => {
  const x = tensor([[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]);
  assert.deepEqual(split(x, 2).map((t) => t.shape), [[2, 2], [2, 2], [1, 2]]);
  assert.deepEqual(x.split([1, 4]).map((t) => t.shape[0]), [1, 4]);
  // chunk(5 rows, 3) takes ceil(5/3) = 2 rows per chunk → 2, 2, 1
  const parts = chunk(x, 3, { dim: 0 });
  assert.deepEqual(parts.map((t) => t.shape[0]), [2, 2, 1]);
  assert.equal(parts[1].storage, x.storage);
  assert.deepEqual(parts[2].toArray(), [[8, 9]]);
  assert.deepEqual(x.chunk(2, 1).map((t) => t.toArray()), [[[0], [2], [4], [6], [8]], [[1], [3], [5], [7], [9]]]);
  assert.deepEqual(cat(split(x, 2), { dim: 0 }).toArray(), x.toArray());
  assert.deepEqual(stack([tensor([1, 2]), tensor([3, 4])], { dim: 1 }).toArray(), [[1, 3], [2, 4]]);
});

test('pad modes: constant, reflect, replicate, circular, and negative (cropping) pads', () => {
  const x = tensor([1, 2, 3, 4]);
  assert.deepEqual(pad(x, { pad: [1, 2], value: 9 }).toArray(), [9, 1, 2, 3, 4, 9, 9]);
  // reflect mirrors without repeating the edge: left 2 → x[2], x[1]; right 1 → x[2]
  assert.deepEqual(pad(x, { pad: [2, 1], mode: 'reflect' }).toArray(), [3, 2, 1, 2, 3, 4, 3]);
  assert.deepEqual(F.pad(x, { pad: [2, 1], mode: 'replicate' }).toArray(), [1, 1, 1, 2, 3, 4, 4]);
  // circular wraps: positions −2, −1 read x[2], x[3]; 4, 5 read x[0], x[1]
  assert.deepEqual(pad(x, [2, 2], 'circular').toArray(), [3, 4, 1, 2, 3, 4, 1, 2]);
  assert.deepEqual(pad(x, { pad: [-1, 1] }).toArray(), [2, 3, 4, 0]);
  // second-to-last dim padded by (1, 0): a new first row of zeros
  assert.deepEqual(pad(tensor([[1, 2]]), { pad: [0, 0, 1, 0] }).toArray(), [[0, 0], [1, 2]]);
});

test('activations: values at hand-computed points', () => {
  close(elu(tensor([-1, 2]), { alpha: 2 }), [2 * (Math.exp(-1) - 1), 2]);
  close(selu(tensor([1, 0])), [1.0507009873554805, 0]);
  close(hardtanh(tensor([-3, 0.25, 3])), [-1, 0.25, 1]);
  close(relu6(tensor([-1, 3, 7])), [0, 3, 6]);
  close(logSigmoid(tensor([0, -1000, 1000], { dtype: 'float64' })), [-Math.LN2, -1000, 0]);
  close(softplus(tensor([0, 30])), [Math.LN2, 30]);
  close(leakyRelu(tensor([-2, 2]), 0.1), [-0.2, 2]);
  const c = clamp(tensor([1, 5, 9], { dtype: 'int32' }), 2, 6);
  assert.equal(c.dtype, 'int32');
  assert.deepEqual(c.toArray(), [2, 5, 6]);
  assert.deepEqual(tensor([-2, 0.5, 2]).clamp({ max: 1 }).toArray(), [-2, 0.5, 1]);
  assert.ok(Number.isNaN(clamp(tensor([NaN]), 0, 1).item()));
});

test('distances and norms at hand-computed points', () => {
  close(F.cosineSimilarity(tensor([[1, 0], [1, 1]]), tensor([[0, 1], [2, 2]]), { dim: 1 }), [0, 1]);
  close(F.normalize(tensor([[3, 4]]), { dim: 1 }), [0.6, 0.8]);
  close(F.pairwiseDistance(tensor([[0, 0]]), tensor([[3, 4]]), { eps: 0 }), [5]);
  close(F.pairwiseDistance(tensor([[0, 0]]), tensor([[3, 4]]), { p: 1, eps: 0, keepdim: true }), [7]);
  close(norm(tensor([[3, -4]]), { p: Infinity }), [4]);
  close(tensor([1, -2, 2]).norm(), [3]);
  // the zero vector: norm 0 with gradient 0 (not NaN)
  const z = zeros([3], { requiresGrad: true });
  norm(z).backward();
  assert.deepEqual(vals(z.grad!), [0, 0, 0]);
});

test('dropout: identity when not training, seeded masks, unbiased scaling, p = 1 gives zeros', () => {
  const x = ones([100, 100]);
  assert.equal(dropout(x, { p: 0.5, training: false }), x);
  assert.equal(dropout(x, { p: 0 }), x);
  const p = 0.3;
  const a = dropout(x, { p, generator: new Generator(7) }), b = dropout(x, { p, generator: new Generator(7) });
  assert.deepEqual(vals(a), vals(b));
  const v = vals(a);
  const zerosFrac = v.filter((e) => e === 0).length / v.length;
  // the zero count is Binomial(10000, 0.3): σ of the fraction = √(0.3·0.7/10000) ≈ 0.0046; allow 5σ
  assert.ok(Math.abs(zerosFrac - p) < 5 * Math.sqrt(p * (1 - p) / v.length), `zero fraction ${zerosFrac}`);
  assert.ok(v.every((e) => e === 0 || Math.abs(e - 1 / (1 - p)) < 1e-6), 'survivors are scaled by 1/(1−p)');
  assert.notDeepEqual(vals(dropout(x, { p, generator: new Generator(8) })), v);
  assert.deepEqual(vals(dropout(tensor([1, 2]), { p: 1 })), [0, 0]);
  // the gradient goes through the same mask: d(sum(dropout(w)))/dw = mask/(1−p)
  const w = randn([50], { requiresGrad: true });
  const y = dropout(w, { p: 0.5, generator: new Generator(3) });
  y.sum().backward();
  const yd = vals(y), wd = vals(w), gd = vals(w.grad!);
  gd.forEach((g, i) => assert.ok(Math.abs(g * wd[i] - yd[i]) < 1e-5, `element ${i}`));
});

test('integer matmul as torch 1.13: int64 @ int64 stays int64 and exact, int32 wraps modulo 2³², 1-D and batched forms', () => {
  // torch.tensor([[1,2,3],[4,5,6]]) @ torch.tensor([[7,8],[9,10],[11,12]]) → [[58, 64], [139, 154]], int64
  const a = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'int64' }), b = tensor([[7, 8], [9, 10], [11, 12]], { dtype: 'int64' });
  const c = matmul(a, b);
  assert.equal(c.dtype, 'int64');
  assert.deepEqual(vals(c), [58, 64, 139, 154]);
  // an exact product a float32 GEMM would round: (2²⁴ + 1)·3 = 50,331,651
  assert.deepEqual(vals(matmul(tensor([[2 ** 24 + 1]], { dtype: 'int64' }), tensor([[3]], { dtype: 'int64' }))), [50_331_651]);
  // torch: int32 [[2³⁰]] @ [[4]] → [[0]]; 1-D · 1-D → 0-d (1·3 + 2·4 = 11)
  const w = matmul(tensor([[2 ** 30]], { dtype: 'int32' }), tensor([[4]], { dtype: 'int32' }));
  assert.equal(w.dtype, 'int32');
  assert.deepEqual(vals(w), [0]);
  const d = matmul(tensor([1, 2], { dtype: 'int32' }), tensor([3, 4], { dtype: 'int32' }));
  assert.deepEqual([d.shape, d.dtype, d.item()], [[], 'int32', 11]);
  assert.deepEqual(matmul(a.reshape(1, 2, 3).expand(4, 2, 3), b).shape, [4, 2, 2]);
});

test('rounded division and floorDivide as torch 1.13: integer operands keep an integer type, exactly', () => {
  const i64 = tensor([-7, 7], { dtype: 'int64' });
  // torch.floor_divide(tensor([-7, 7]), 2) → [-4, 3] int64; rounding_mode='trunc' → [-3, 3]
  const f = floorDivide(i64, 2);
  assert.deepEqual([vals(f), f.dtype], [[-4, 3], 'int64']);
  assert.deepEqual(vals(div(i64, 2, { roundingMode: 'trunc' })), [-3, 3]);
  // int32 / int32 floor → [-4, -4] int32, also through the method forms
  const i32 = i64.to('int32'), q = i32.div(tensor([2, -2], { dtype: 'int32' }), { roundingMode: 'floor' });
  assert.deepEqual([vals(q), q.dtype], [[-4, -4], 'int32']);
  assert.deepEqual(vals(i32.floorDivide(2)), [-4, 3]);
  // floats keep their type: floor_divide([-7.5, 7.5], 2) → [-4, 3]; [-7, 7] // [2, -2] → [-4, -4]
  const fl = floorDivide(tensor([-7.5, 7.5]), 2);
  assert.deepEqual([vals(fl), fl.dtype], [[-4, 3], 'float32']);
  assert.deepEqual(vals(floorDivide(tensor([-7, 7]), tensor([2, -2]))), [-4, -4]);
  // a fractional divisor lifts an integer tensor to float32: floor_divide(tensor([5]), 0.5) → [10.]
  const h = floorDivide(tensor([5], { dtype: 'int64' }), 0.5);
  assert.deepEqual([vals(h), h.dtype], [[10], 'float32']);
  // exact beyond float32: div(tensor([2**40 + 1]), 1, rounding_mode='floor') → 1099511627777
  assert.deepEqual(vals(div(tensor([2 ** 40 + 1], { dtype: 'int64' }), 1, { roundingMode: 'floor' })), [1_099_511_627_777]);
  assert.throws(() => div(i64, 0, { roundingMode: 'trunc' }), (e: Error) => e instanceof ValueError && /integer division by zero/.test(e.message));
  assert.throws(() => floorDivide(tensor([true]), tensor([true])), DTypeError);
  assert.throws(() => div(i64, 2, { roundingMode: 'round' as never }), /roundingMode must be 'trunc', 'floor' or null/);
});
