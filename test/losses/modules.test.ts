// Module forms of the losses: each class, called through `call` (hooks + forward), gives the
// PyTorch value of one fixture case; weight buffers show up in the state dict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError, type Tensor } from '../../src/index.js';
import * as L from '../../src/nn/losses/index.js';
import { assertClose, convert, loadFixture, toTensor, type FixtureTensor } from '../helpers/fixtures.js';

interface LossCase { id: string; args: FixtureTensor[]; options: Record<string, unknown>; out: FixtureTensor }
const cases = new Map(loadFixture<{ cases: LossCase[] }>('losses.json').cases.map((c) => [c.id, c]));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LossClass = new (opts: any) => { call(...a: Tensor[]): Tensor };
const table: [LossClass, string][] = [
  [L.MSELoss, 'F.mseLoss/sum'],
  [L.L1Loss, 'F.l1Loss/none'],
  [L.SmoothL1Loss, 'F.smoothL1Loss/beta0.5/mean'],
  [L.HuberLoss, 'F.huberLoss/delta0.5/sum'],
  [L.CrossEntropyLoss, 'F.crossEntropy/weight_labelSmoothing/mean'],
  [L.NLLLoss, 'F.nllLoss/ignoreIndex/mean'],
  [L.BCELoss, 'F.binaryCrossEntropy/soft_weight/mean'],
  [L.BCEWithLogitsLoss, 'F.binaryCrossEntropyWithLogits/weight_posWeight_soft/mean'],
  [L.KLDivLoss, 'F.klDiv/probTarget/batchmean'],
  [L.CosineEmbeddingLoss, 'F.cosineEmbeddingLoss/margin0.2/mean'],
  [L.MarginRankingLoss, 'F.marginRankingLoss/margin0.5/none'],
  [L.HingeEmbeddingLoss, 'F.hingeEmbeddingLoss/margin0.5/sum'],
  [L.TripletMarginLoss, 'F.tripletMarginLoss/m0.5_p1.0_swapTrue/mean'],
  [L.FocalLoss, 'focalLoss/a0.25_g2.0/mean'],
  [L.SigmoidFocalLoss, 'sigmoidFocalLoss/a-1.0_g2.0/sum'],
  [L.DiceLoss, 'diceLoss/smooth1.0'],
  [L.ContrastiveLoss, 'contrastiveLoss/margin3.0'],
];

for (const [Cls, id] of table) {
  test(`${Cls.name} matches ${id}`, () => {
    const c = cases.get(id);
    assert.ok(c, `fixture case ${id} is missing`);
    const m = new Cls(convert(c.options));
    assertClose(m.call(...c.args.map((a) => toTensor(a))), c.out, `${Cls.name} (${id})`);
  });
}

test('CrossEntropyLoss / BCEWithLogitsLoss register weight and pos_weight as buffers', () => {
  const c = cases.get('F.binaryCrossEntropyWithLogits/weight_posWeight_soft/mean')!;
  const o = convert(c.options) as { weight: Tensor; posWeight: Tensor };
  const m = new L.BCEWithLogitsLoss(o);
  assert.deepEqual(Object.keys(m.stateDict()).sort(), ['pos_weight', 'weight']);
  assert.deepEqual(Object.keys(new L.CrossEntropyLoss().stateDict()), []);
});

test('forward hooks run around a loss module; a bad reduction fails at construction', () => {
  const c = cases.get('F.mseLoss/sum')!;
  const m = new L.MSELoss({ reduction: 'sum' });
  let seen: number | null = null;
  m.registerForwardHook((_mod, _args, out) => { seen = (out as Tensor).item(); });
  const out = m.call(toTensor(c.args[0]), toTensor(c.args[1]));
  assert.equal(seen, out.item());
  assert.throws(() => new L.MSELoss({ reduction: 'avg' as 'mean' }), (e: Error) => e instanceof ValueError && /MSELoss/.test(e.message));
});
