// A demo section: what it prints and what it adds to the HTML report (charts as plain data).
import type { ChartData } from '../../qa/checks/types.js';

export interface DemoSection {
  title: string;
  /** Lines printed to the console. */
  lines: string[];
  charts: ChartData[];
  /** Extra HTML (already escaped): tables. */
  html?: string;
}

/** A tiny HTML table from rows of text (escaped here). */
export function htmlTable(head: string[], rows: (string | number)[][]): string {
  const e = (s: string | number) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<table><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`).join('')}</table>`;
}
