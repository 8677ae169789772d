// The seed tutorial's optimizer comparison table (description, strengths, weaknesses) in English
// and Simplified Chinese, as data for demos and reports, plus the seed's printed layout.

/** Languages the table is written in. */
export type InfoLang = 'en' | 'zh-CN';

/** One optimizer's entry. */
export interface OptimizerInfo { description: string; advantages: string; disadvantages: string }

/** Optimizer name → its entry, per language (the seed's `optimizers_info`). */
export const OPTIMIZER_INFO: Record<InfoLang, Record<string, OptimizerInfo>> = {
  en: {
    SGD: {
      description: 'Stochastic gradient descent, the basic optimizer',
      advantages: 'Simple and easy to interpret',
      disadvantages: 'Converges slowly; easily stuck in local optima',
    },
    Adam: {
      description: 'Adaptive moment estimation, the most widely used optimizer',
      advantages: 'Converges fast; adaptive learning rates',
      disadvantages: 'Uses more memory',
    },
    RMSprop: {
      description: 'Root mean square propagation, suited to non-stationary objectives',
      advantages: 'Works well for recurrent networks',
      disadvantages: 'The learning rate needs careful tuning',
    },
    Adagrad: {
      description: 'Adaptive gradient, suited to sparse data',
      advantages: 'Adjusts the learning rate automatically',
      disadvantages: 'The learning rate keeps shrinking',
    },
  },
  'zh-CN': {
    SGD: { description: '随机梯度下降，基础优化器', advantages: '简单、可解释性强', disadvantages: '收敛慢、容易陷入局部最优' },
    Adam: { description: '自适应矩估计，最常用优化器', advantages: '收敛快、自适应学习率', disadvantages: '内存占用较大' },
    RMSprop: { description: '均方根传播，适合非平稳目标', advantages: '对循环网络效果好', disadvantages: '学习率需要仔细调整' },
    Adagrad: { description: '自适应梯度，适合稀疏数据', advantages: '自动调整学习率', disadvantages: '学习率会持续减小' },
  },
};

const LABELS: Record<InfoLang, { title: string; description: string; advantages: string; disadvantages: string }> = {
  en: { title: '=== Common optimizers ===', description: 'Description', advantages: 'Strengths', disadvantages: 'Weaknesses' },
  'zh-CN': { title: '=== 常用优化器比较 ===', description: '描述', advantages: '优点', disadvantages: '缺点' },
};

/** The table as the seed's print_optimizer_info prints it, one string per line. */
export function optimizerInfoLines(lang: InfoLang = 'en'): string[] {
  const l = LABELS[lang] ?? LABELS.en;
  const lines = [l.title];
  for (const [name, info] of Object.entries(OPTIMIZER_INFO[lang] ?? OPTIMIZER_INFO.en)) {
    lines.push('', `${name}:`, `  ${l.description}: ${info.description}`, `  ${l.advantages}: ${info.advantages}`,
      `  ${l.disadvantages}: ${info.disadvantages}`);
  }
  return lines;
}
