// JUnit XML: one <testsuite> for the suite, one <testcase> per check, <failure> for failed ones;
// the Jenkins/Ant layout CI systems (Jenkins, GitLab, GitHub reporters) read (test/schemas/junit.xsd).
import type { SuiteReport } from '../qa/pipeline.js';

/**
 * Escapes text for XML attributes and content; drops what XML 1.0 forbids: C0 control characters
 * other than tab/newline/CR, U+FFFE/U+FFFF, and unpaired UTF-16 surrogates.
 */
export function xmlEscape(s: string): string {
  return String(s)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Escapes an attribute value; tab, newline and CR become character references so that attribute
 *  value normalisation does not turn them into spaces. */
export function xmlAttr(s: string): string {
  return xmlEscape(s).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** Seconds with millisecond precision, as JUnit's `time` attributes hold them. */
const secs = (x?: number) => (Number.isFinite(x) && (x as number) > 0 ? (x as number) / 1000 : 0).toFixed(3);

/** The timestamp as the Ant schema wants it: ISO 8601 without fractional seconds or zone (UTC). */
const timestamp = (iso: string) => iso.replace(/(\.\d+)?Z$/, '');

/**
 * Renders the report as JUnit XML: `<testsuites>` › `<testsuite>` › one `<testcase>` per check, with
 * a `<failure message type>` (type = the check's severity) for failed checks and the summary and
 * details in `<system-out>`.
 * @example
 * writeFileSync('junit.xml', renderJUnit(await runSuite(suite)));
 */
export function renderJUnit(r: SuiteReport): string {
  const cases = r.results.map((c) => {
    const open = `    <testcase classname="trainlab.${xmlAttr(r.suite)}" name="${xmlAttr(c.name)}" time="${secs(c.durationMs)}"`;
    const out = `      <system-out>${xmlEscape([c.summary, ...c.details].join('\n'))}</system-out>\n`;
    if (c.passed) return `${open}>\n${out}    </testcase>`;
    return `${open}>\n      <failure message="${xmlAttr(c.summary)}" type="${xmlAttr(c.severity)}">${xmlEscape(c.details.join('\n'))}</failure>\n${out}    </testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="trainlab" tests="${r.total}" failures="${r.failed}" errors="0" time="${secs(r.durationMs)}">\n` +
    `  <testsuite name="${xmlAttr(r.suite)}" tests="${r.total}" failures="${r.failed}" errors="0" skipped="0" time="${secs(r.durationMs)}" timestamp="${timestamp(r.startedAt)}">\n` +
    (cases.length ? `${cases.join('\n')}\n` : '') + `  </testsuite>\n</testsuites>\n`;
}
