// The seed's §3.2 custom losses (focal, dice, contrastive) in trainlab: the same definitions, the
// same printout, then each loss evaluated and differentiated on seeded data.
// Run: node --import tsx examples/custom-losses.ts
import { Generator, rand, randn, tensor, type Tensor } from '../src/index.js';
import { contrastiveLoss, diceLoss, focalLoss } from '../src/nn/losses/index.js';

/** The seed's CustomLossFunctions, delegating to the library's implementations of the same formulas. */
class CustomLossFunctions {
  /** Focal Loss — 用于解决类别不平衡问题: alpha·(1 − pt)^gamma·BCE, averaged. */
  focalLoss(outputs: Tensor, targets: Tensor, alpha = 0.25, gamma = 2): Tensor {
    return focalLoss(outputs, targets, { alpha, gamma, reduction: 'mean' });
  }
  /** Dice Loss — 用于图像分割任务: 1 − (2·Σ p·t + smooth) / (Σ p + Σ t + smooth), p = sigmoid. */
  diceLoss(outputs: Tensor, targets: Tensor, smooth = 1e-6): Tensor {
    return diceLoss(outputs, targets, { smooth });
  }
  /** 对比损失 — 用于度量学习: mean(label·d² + (1 − label)·relu(margin − d)²). */
  contrastiveLoss(embedding1: Tensor, embedding2: Tensor, label: Tensor, margin = 1.0): Tensor {
    return contrastiveLoss(embedding1, embedding2, label, { margin });
  }
}

const customLoss = new CustomLossFunctions();
console.log('自定义损失函数已定义 (custom losses defined):');
console.log('- Focal Loss (类别不平衡 / class imbalance)');
console.log('- Dice Loss (图像分割 / segmentation)');
console.log('- Contrastive Loss (度量学习 / metric learning)');

// Beyond the seed: evaluate each on seeded data and show the gradient reaches the inputs.
const g = new Generator(42);
const grad = (t: Tensor) => Math.sqrt(Array.from(t.grad!.contiguousData()).reduce((s, v) => s + v * v, 0));

const logits = randn([8, 3], { generator: g, requiresGrad: true });
const labels = rand([8, 3], { generator: g }).gt(0.7).float(); // an imbalanced 0/1 target (~30% positives)
const focal = customLoss.focalLoss(logits, labels);
focal.backward();
console.log(`\nFocal Loss on 8×3 logits (alpha 0.25, gamma 2): ${focal.item().toFixed(4)}, ‖grad‖ = ${grad(logits).toFixed(4)}`);

const maskLogits = randn([2, 1, 4, 4], { generator: g, requiresGrad: true });
const mask = rand([2, 1, 4, 4], { generator: g }).gt(0.5).float();
const dice = customLoss.diceLoss(maskLogits, mask);
dice.backward();
console.log(`Dice Loss on a 2×1×4×4 mask (smooth 1e-6): ${dice.item().toFixed(4)}, ‖grad‖ = ${grad(maskLogits).toFixed(4)}`);

const e1 = randn([6, 4], { generator: g, requiresGrad: true });
const e2 = randn([6, 4], { generator: g, requiresGrad: true });
const same = tensor([1, 0, 1, 0, 0, 1]);
const contrastive = customLoss.contrastiveLoss(e1, e2, same, 2.0);
contrastive.backward();
console.log(`Contrastive Loss on 6 pairs (margin 2): ${contrastive.item().toFixed(4)}, ‖grad e1‖ = ${grad(e1).toFixed(4)}`);
