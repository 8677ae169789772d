// The seed's 4-panel training-history figure (loss, accuracy, learning rate, over-fitting view) built
// from a TrainingMonitor history with the chart module (a documented exception to the layer order:
// src/report/charts depends on nothing else in trainlab), in English or Chinese.
import { ValueError } from '../errors.js';
import { lineChart, panels, saveChart, type Chart } from '../report/charts/index.js';
import type { MonitorHistory } from './monitor.js';

export type PlotLang = 'en' | 'zh-CN';

const LABELS = {
  en: { title: 'Training history', epoch: 'epoch', loss: 'loss', acc: 'accuracy', lr: 'learning rate',
    lossTitle: 'Training and validation loss', accTitle: 'Training and validation accuracy', lrTitle: 'Learning rate',
    fitTitle: 'Over-fitting analysis', train: 'train', val: 'validation', gap: 'gap (validation − train)' },
  'zh-CN': { title: '训练历史', epoch: '训练轮次', loss: '损失值', acc: '准确率', lr: '学习率',
    lossTitle: '训练和验证损失', accTitle: '训练和验证准确率', lrTitle: '学习率变化',
    fitTitle: '过拟合分析', train: '训练', val: '验证', gap: '差距 (验证 − 训练)' },
} as const;

type S = { name: string; x: number[]; y: number[] };
const epochs = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const present = (pairs: [string, number[]][]): S[] => pairs
  .filter(([, y]) => y.some(Number.isFinite)).map(([name, y]) => ({ name, x: epochs(y.length), y }));

/**
 * The 4-panel figure: train/validation loss, train/validation accuracy, learning rate (log scale),
 * and the over-fitting view (both losses and the gap validation − train, which grows when the model
 * over-fits). Panels without any measured value are left out.
 */
export function trainingHistoryFigure(h: MonitorHistory, lang: PlotLang = 'en'): Chart {
  const L = LABELS[lang];
  if (!L) throw new ValueError(`plotTrainingHistory: lang must be 'en' or 'zh-CN', got ${String(lang)}`);
  const n = Math.min(h.trainLosses.length, h.valLosses.length);
  const gap = Array.from({ length: n }, (_, i) => h.valLosses[i] - h.trainLosses[i]);
  const specs: [string, string, S[], boolean][] = [
    [L.lossTitle, L.loss, present([[L.train, h.trainLosses], [L.val, h.valLosses]]), false],
    [L.accTitle, L.acc, present([[L.train, h.trainAccuracies], [L.val, h.valAccuracies]]), false],
    [L.lrTitle, L.lr, present([[L.lr, h.learningRates]]), true],
    [L.fitTitle, L.loss, gap.some(Number.isFinite) ? present([[L.train, h.trainLosses], [L.val, h.valLosses], [L.gap, gap]]) : [], false],
  ];
  const charts = specs.filter(([, , s]) => s.length > 0)
    .map(([title, yLabel, series, logY]) => lineChart({ title, xLabel: L.epoch, yLabel, series, logY, width: 320, height: 200 }));
  if (charts.length === 0) throw new ValueError('plotTrainingHistory: nothing recorded yet (no finite value in the history)');
  return panels(charts, { columns: 2, title: L.title });
}

/** Writes the figure as `<path>.svg` and `<path>.png` (or only the format `path` ends in). */
export async function saveTrainingHistory(h: MonitorHistory, path: string, lang: PlotLang = 'en'): Promise<string[]> {
  return saveChart(trainingHistoryFigure(h, lang), path);
}
