// Report labels in English and Chinese (the seed's readers).
export type Lang = 'en' | 'zh-CN';

const LABELS = {
  en: { title: 'Training test report', total: 'Total checks', passed: 'Passed', failed: 'Failed', passRate: 'Pass rate',
    check: 'Check', status: 'Status', summary: 'Summary', duration: 'Duration', details: 'Details', metrics: 'Metrics',
    pass: 'PASS', fail: 'FAIL', seed: 'Seed', suite: 'Suite' },
  'zh-CN': { title: '训练测试报告', total: '总测试数', passed: '通过测试', failed: '失败测试', passRate: '通过率',
    check: '检查项', status: '状态', summary: '摘要', duration: '耗时', details: '详情', metrics: '指标',
    pass: '通过', fail: '失败', seed: '随机种子', suite: '测试套件' },
} as const;

export type Labels = { [K in keyof (typeof LABELS)['en']]: string };

export function labels(lang: Lang = 'en'): Labels {
  return LABELS[lang] ?? LABELS.en;
}
