// The seed's §4.2: StepLR (30, 0.1), CosineAnnealingLR (T_max 50) and ReduceLROnPlateau (factor 0.5,
// patience 5) on the seed's loss list, printing the lr sequences and comparing them with PyTorch's.
// Run: node --import tsx examples/lr-schedules.ts
import { readFileSync } from 'node:fs';
import { nn, optim } from '../src/index.js';

const { StepLR, CosineAnnealingLR, ReduceLROnPlateau } = optim.lrScheduler;

/** Records getLastLr()[0] for `epochs` epochs, stepping optimizer then scheduler (PyTorch's order). */
function schedule(make: (o: optim.SGD) => { step(): void; getLastLr(): number[] }, epochs: number): number[] {
  const model = new nn.Linear(10, 1);
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
  const scheduler = make(optimizer);
  const lrs: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    lrs.push(scheduler.getLastLr()[0]);
    optimizer.step(); // 模拟训练步骤 (the training step would go here)
    scheduler.step();
  }
  return lrs;
}

/** 基于指标的学习率调度 — the lr seen at each epoch while the seed's losses come in. */
function reduceOnPlateau(losses: number[]): number[] {
  const optimizer = new optim.SGD(new nn.Linear(10, 1).parameters(), { lr: 0.1 });
  const scheduler = new ReduceLROnPlateau(optimizer, { mode: 'min', factor: 0.5, patience: 5 });
  return losses.map((loss) => {
    const lr = optimizer.paramGroups[0].lr;
    optimizer.step();
    const before = optimizer.paramGroups[0].lr;
    scheduler.step(loss);
    if (optimizer.paramGroups[0].lr !== before) console.log(`reducing learning rate of group 0 to ${optimizer.paramGroups[0].lr.toExponential(4)}.`);
    return lr;
  });
}

const fixture = JSON.parse(readFileSync(new URL('../test/fixtures/schedulers.json', import.meta.url), 'utf8')) as
  { cases: { id: string; lrs?: number[]; lrsBefore?: number[] }[] };
const torch = (id: string): number[] | undefined => {
  const c = fixture.cases.find((x) => x.id === id);
  return c?.lrs ?? c?.lrsBefore;
};
const maxDiff = (a: number[], b: number[] | undefined) => (b ? Math.max(...a.map((v, i) => Math.abs(v - b[i]))).toExponential(1) : 'n/a');
const show = (lrs: number[], at: number[]) => at.map((e) => `lr[${e}] = ${Number(lrs[e].toPrecision(6))}`).join(', ');

const step = schedule((o) => new StepLR(o, { stepSize: 30, gamma: 0.1 }), 100);
console.log('=== 步进学习率调度 StepLR(stepSize 30, gamma 0.1) ===');
console.log(show(step, [0, 29, 30, 59, 60, 90, 99]));
console.log(`max |diff| vs PyTorch: ${maxDiff(step, torch('StepLR/step30_gamma0.1'))}`);

const cosine = schedule((o) => new CosineAnnealingLR(o, { tMax: 50 }), 100);
console.log('\n=== 余弦退火学习率调度 CosineAnnealingLR(tMax 50) ===');
console.log(show(cosine, [0, 10, 25, 49, 50, 75, 99]));
console.log('(PyTorch\'s recursive form: after tMax the lr climbs back up, period 2·tMax)');
console.log(`max |diff| vs PyTorch: ${maxDiff(cosine, torch('CosineAnnealingLR/tMax50_100epochs'))}`);

const losses = [10, 8, 6, 5, 4.5, 4.3, 4.2, 4.1, 4.0, 3.9, 3.8, 3.7, 3.6, 3.5, 3.4, 3.3, 3.2, 3.1, 3.0, 2.9];
console.log('\n=== 基于指标的学习率调度 ReduceLROnPlateau(min, factor 0.5, patience 5) ===');
const plateau = reduceOnPlateau(losses);
console.log(`lrs: ${plateau.join(', ')}`);
console.log('(each loss improves on the best by more than the 1e-4 relative threshold, so the lr never drops)');
console.log(`max |diff| vs PyTorch: ${maxDiff(plateau, torch('ReduceLROnPlateau/tutorial'))}`);
