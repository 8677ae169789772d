// Demo §3: the seed's loss demonstrations (MSE with its regression figure, cross-entropy, BCE)
// and its custom losses (focal, Dice, contrastive) on the seed's own numbers.
import { tensor } from '../../tensor/creation.js';
import { softmax } from '../../ops/reduce.js';
import * as F from '../../nn/functional.js';
import type { DemoSection } from './types.js';

export function lossSection(): DemoSection {
  const lines: string[] = [];
  const yTrue = [1.0, 2.0, 3.0, 4.0], yPred = [1.2, 1.8, 3.1, 3.9];
  const mse = F.mseLoss(tensor(yPred), tensor(yTrue)).item();
  lines.push('=== MSE loss ===', `y_true: ${yTrue.join(', ')}`, `y_pred: ${yPred.join(', ')}`, `MSE: ${mse.toFixed(4)}`);
  const logits = tensor([[2.0, 1.0, 0.1], [0.5, 2.0, 0.3], [0.2, 0.3, 2.5]]);
  const labels = tensor([0, 1, 2], { dtype: 'int64' });
  const ce = F.crossEntropy(logits, labels).item();
  const probs = softmax(logits, { dim: 1 });
  lines.push('', '=== Cross-entropy loss ===', `probabilities:\n${probs.toString()}`, `cross-entropy: ${ce.toFixed(4)}`);
  const bce = F.binaryCrossEntropy(tensor([0.9, 0.2, 0.8, 0.1]), tensor([1.0, 0.0, 1.0, 0.0])).item();
  lines.push('', '=== Binary cross-entropy loss ===', `BCE: ${bce.toFixed(4)}`);
  const x = tensor([[1.5, -0.5], [0.3, 2.0]]), t = tensor([[1, 0], [0, 1]]);
  const focal = F.focalLoss(x, t, { alpha: 0.25, gamma: 2 }).item();
  const dice = F.diceLoss(x, t, { smooth: 1e-6 }).item();
  const contrastive = F.contrastiveLoss(tensor([[1, 0], [0, 1]]), tensor([[0.8, 0.1], [1, 0]]), tensor([1, 0]), { margin: 1 }).item();
  lines.push('', '=== Custom losses ===', `focal (alpha 0.25, gamma 2): ${focal.toFixed(4)}`, `Dice: ${dice.toFixed(4)}`, `contrastive (margin 1): ${contrastive.toFixed(4)}`);
  const idx = yTrue.map((_, i) => i);
  return {
    title: 'Loss functions', lines,
    charts: [
      { kind: 'scatter', title: 'MSE loss: true vs predicted', xLabel: 'sample', yLabel: 'value',
        series: [{ name: 'true', x: idx, y: yTrue }, { name: 'predicted', x: idx, y: yPred }] },
      { kind: 'histogram', title: 'MSE loss: absolute error distribution', xLabel: 'absolute error', yLabel: 'count',
        values: yPred.map((p, i) => Math.abs(p - yTrue[i])), bins: 10 },
    ],
  };
}
