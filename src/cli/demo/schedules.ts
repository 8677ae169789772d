// Demo §4.2: the seed's three LR schedules (StepLR 30/0.1, CosineAnnealingLR T_max 50, and
// ReduceLROnPlateau on the seed's loss list) over real schedulers, with their charts.
import { Linear } from '../../nn/index.js';
import { SGD, lrScheduler } from '../../optim/index.js';
import type { DemoSection } from './types.js';

const SEED_LOSSES = [10, 8, 6, 5, 4.5, 4.3, 4.2, 4.1, 4.0, 3.9, 3.8, 3.7, 3.6, 3.5, 3.4, 3.3, 3.2, 3.1, 3.0, 2.9];

function run(make: (o: SGD) => { step(m?: number): void; getLastLr(): number[] }, epochs: number): number[] {
  const opt = new SGD(new Linear(10, 1).parameters(), { lr: 0.1 });
  const s = make(opt);
  const lrs: number[] = [];
  for (let e = 0; e < epochs; e++) { lrs.push(s.getLastLr()[0]); opt.step(); s.step(); }
  return lrs;
}

export function scheduleSection(): DemoSection {
  const step = run((o) => new lrScheduler.StepLR(o, { stepSize: 30, gamma: 0.1 }), 100);
  const cosine = run((o) => new lrScheduler.CosineAnnealingLR(o, { tMax: 50 }), 100);
  const opt = new SGD(new Linear(10, 1).parameters(), { lr: 0.1 });
  const plateau = new lrScheduler.ReduceLROnPlateau(opt, { mode: 'min', factor: 0.5, patience: 5 });
  const plateauLrs: number[] = [];
  for (const l of SEED_LOSSES) { plateauLrs.push(opt.paramGroups[0].lr); opt.step(); plateau.step(l); }
  const epochs = (n: number) => Array.from({ length: n }, (_, i) => i);
  const lines = ['=== LR schedules ===',
    `StepLR(stepSize 30, gamma 0.1): epochs 0, 30, 60, 90 → ${[0, 30, 60, 90].map((e) => step[e].toExponential(1)).join(', ')}`,
    `CosineAnnealingLR(tMax 50): epoch 25 → ${cosine[25].toFixed(4)}, epoch 50 → ${cosine[50].toExponential(2)}, epoch 99 → ${cosine[99].toFixed(4)}`,
    `ReduceLROnPlateau(factor 0.5, patience 5) on the seed's 20 losses: ${describeChanges(plateauLrs)}`];
  return {
    title: 'Learning-rate schedules', lines,
    charts: [
      { kind: 'line', title: 'StepLR (step 30, gamma 0.1)', xLabel: 'epoch', yLabel: 'lr', series: [{ name: 'lr', x: epochs(100), y: step }] },
      { kind: 'line', title: 'CosineAnnealingLR (T_max 50)', xLabel: 'epoch', yLabel: 'lr', series: [{ name: 'lr', x: epochs(100), y: cosine }] },
      { kind: 'line', title: 'ReduceLROnPlateau: loss', xLabel: 'epoch', yLabel: 'loss', series: [{ name: 'loss', x: epochs(20), y: SEED_LOSSES }] },
      { kind: 'line', title: 'ReduceLROnPlateau: lr', xLabel: 'epoch', yLabel: 'lr', series: [{ name: 'lr', x: epochs(20), y: plateauLrs }] },
    ],
  };
}

/** "0.1 throughout", or "0.1 until epoch 7, then 0.05 …": the epochs where the lr changed. */
function describeChanges(lrs: number[]): string {
  const parts = [`${lrs[0]}`];
  for (let e = 1; e < lrs.length; e++) if (lrs[e] !== lrs[e - 1]) parts.push(`${lrs[e]} from epoch ${e}`);
  return parts.length === 1 ? `lr ${lrs[0]} throughout (every loss improved on the best by more than the threshold)` : `lr ${parts.join(', ')}`;
}
