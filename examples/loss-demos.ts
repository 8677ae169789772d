// The seed's §3.1 loss demos (MSE, cross entropy, binary cross entropy) in trainlab, printing the
// same figures. Run: node --import tsx examples/loss-demos.ts
import { F, tensor, type Tensor } from '../src/index.js';
import { BCELoss, CrossEntropyLoss, MSELoss } from '../src/nn/losses/index.js';

/** 均方误差损失演示 — mean squared error on four regression targets. */
function demonstrateMseLoss(): Tensor {
  const yTrue = tensor([1.0, 2.0, 3.0, 4.0]);
  const yPred = tensor([1.2, 1.8, 3.1, 3.9]);
  const loss = new MSELoss().call(yPred, yTrue);
  console.log('=== 均方误差损失 (MSE) ===');
  console.log(`真实值 (true): ${yTrue}`);
  console.log(`预测值 (predicted): ${yPred}`);
  console.log(`MSE损失 (MSE loss): ${loss.item().toFixed(4)}`);
  printRegressionErrors(yTrue, yPred, 'MSE损失');
  return loss;
}

/** 交叉熵损失演示 — three samples, three classes, integer labels. */
function demonstrateCrossEntropyLoss(): Tensor {
  const logits = tensor([
    [2.0, 1.0, 0.1], // 样本1：类别0概率最高
    [0.5, 2.0, 0.3], // 样本2：类别1概率最高
    [0.2, 0.3, 2.5], // 样本3：类别2概率最高
  ]);
  const yTrue = tensor([0, 1, 2], { dtype: 'int64' });
  const loss = new CrossEntropyLoss().call(logits, yTrue);
  console.log('\n=== 交叉熵损失 (cross entropy) ===');
  console.log(`预测logits (logits):\n${logits}`);
  console.log(`真实标签 (labels): ${yTrue}`);
  console.log(`预测概率 (probabilities):\n${F.softmax(logits, { dim: 1 })}`);
  console.log(`交叉熵损失 (cross-entropy loss): ${loss.item().toFixed(4)}`);
  return loss;
}

/** 二元交叉熵损失演示 — predicted probabilities against 0/1 labels. */
function demonstrateBceLoss(): Tensor {
  const yPredProbs = tensor([0.9, 0.2, 0.8, 0.1]);
  const yTrue = tensor([1.0, 0.0, 1.0, 0.0]);
  const loss = new BCELoss().call(yPredProbs, yTrue);
  console.log('\n=== 二元交叉熵损失 (binary cross entropy) ===');
  console.log(`预测概率 (probabilities): ${yPredProbs}`);
  console.log(`真实标签 (labels): ${yTrue}`);
  console.log(`BCE损失 (BCE loss): ${loss.item().toFixed(4)}`);
  return loss;
}

/**
 * The seed plots true vs predicted values and a histogram of absolute errors; here the same
 * numbers as text: each sample's pair and |error|, then the error histogram (10 bins).
 */
function printRegressionErrors(yTrue: Tensor, yPred: Tensor, title: string): void {
  const t = Array.from(yTrue.contiguousData()), p = Array.from(yPred.contiguousData());
  const errors = p.map((v, i) => Math.abs(v - t[i]));
  console.log(`${title} - 真实值 vs 预测值 (true vs predicted):`);
  t.forEach((v, i) => console.log(`  样本 ${i}: ${v.toFixed(4)} vs ${p[i].toFixed(4)}  |误差| ${errors[i].toFixed(4)}`));
  const lo = Math.min(...errors), hi = Math.max(...errors);
  const width = (hi - lo) / 10 || 1;
  const counts = new Array<number>(10).fill(0);
  for (const e of errors) counts[Math.min(9, Math.floor((e - lo) / width))]++;
  console.log(`${title} - 误差分布 (|error| histogram, 10 bins from ${lo.toFixed(4)} to ${hi.toFixed(4)}): [${counts.join(', ')}]`);
}

demonstrateMseLoss();
demonstrateCrossEntropyLoss();
demonstrateBceLoss();
