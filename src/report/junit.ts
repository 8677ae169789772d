// JUnit XML: one <testsuite> for the suite, one <testcase> per check, <failure> for failed ones;
// the layout CI systems (Jenkins, GitLab, GitHub reporters) read.
import type { SuiteReport } from '../qa/pipeline.js';

/** Escapes text for XML attributes and content; drops characters XML 1.0 forbids. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function renderJUnit(r: SuiteReport): string {
  const secs = (x?: number) => ((x ?? 0) / 1000).toFixed(3);
  const cases = r.results.map((c) => {
    const open = `    <testcase classname="trainlab.${xmlEscape(r.suite)}" name="${xmlEscape(c.name)}" time="${secs(c.durationMs)}"`;
    const out = `      <system-out>${xmlEscape([c.summary, ...c.details].join('\n'))}</system-out>\n`;
    if (c.passed) return `${open}>\n${out}    </testcase>`;
    return `${open}>\n      <failure message="${xmlEscape(c.summary)}" type="${c.severity}">${xmlEscape(c.details.join('\n'))}</failure>\n${out}    </testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="trainlab" tests="${r.total}" failures="${r.failed}" errors="0" time="${secs(r.durationMs)}">\n` +
    `  <testsuite name="${xmlEscape(r.suite)}" tests="${r.total}" failures="${r.failed}" errors="0" skipped="0" time="${secs(r.durationMs)}" timestamp="${r.startedAt.replace(/Z$/, '')}">\n` +
    `${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
