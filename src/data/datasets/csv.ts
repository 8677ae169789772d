// loadCsv: a numeric CSV file → TensorDataset (features float32, labels int64/float32), with
// FormatErrors that name the line and the field for every malformed row.
import { readFileSync } from 'node:fs';
import { FormatError, ValueError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { TensorDataset } from '../dataset.js';

export interface CsvOptions {
  /** The label column, by header name or 0-based index; omitted: every column is a feature. */
  labelColumn?: string | number;
  /** Whether the first line names the columns (default true). */
  header?: boolean;
  /** Field separator (default ','). */
  delimiter?: string;
}

export interface CsvData {
  /** [features] or [features, labels]. */
  dataset: TensorDataset;
  /** Features [N, F] float32. */
  x: Tensor;
  /** Labels [N]: int64 when every label is an integer or a class name, else float32; null without labelColumn. */
  y: Tensor | null;
  featureNames: string[];
  labelName: string | null;
  /** When labels are words: the sorted distinct names, label i meaning classNames[i]. */
  classNames: string[] | null;
}

/**
 * Splits one line; fields may be wrapped in double quotes ("" inside means one quote). A quote that
 * never closes, or text after a closing quote, calls `fail` with the 1-based column.
 */
function splitLine(line: string, delim: string, fail: (col: number, msg: string) => never): string[] {
  if (!line.includes('"')) return line.split(delim);
  const out: string[] = [];
  let cur = '', quoted = false, closed = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') { quoted = false; closed = true; } else cur += ch;
    } else if (line.startsWith(delim, i)) {
      out.push(cur); cur = ''; closed = false; i += delim.length - 1;
    } else if (closed) {
      if (ch.trim() !== '') fail(out.length + 1, `text after the closing quote (${JSON.stringify(line.slice(i, i + 20))})`);
    } else if (ch === '"' && cur.trim() === '') { quoted = true; cur = ''; } else cur += ch;
  }
  if (quoted) fail(out.length + 1, 'unterminated quoted field (a quoted field cannot span lines)');
  out.push(cur);
  return out;
}

/** Plain decimal numbers only (Number() would also take "0x10", "0b1", "0o7"). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(s: string): number {
  const t = s.trim();
  return DECIMAL.test(t) ? Number(t) : NaN;
}

/**
 * Reads a CSV file of numbers. Every data row must have as many fields as the first row and every
 * feature must be a finite number; otherwise a FormatError names the file, the 1-based line, the
 * column and the bad text. Blank lines are skipped. A label column of words becomes class indices.
 * @example const { dataset, featureNames } = loadCsv('data.csv', { labelColumn: 'species' });
 */
export function loadCsv(path: string, opts: CsvOptions = {}): CsvData {
  const op = 'loadCsv';
  const delim = opts.delimiter ?? ',', header = opts.header ?? true;
  if (delim.length === 0) throw new ValueError(`${op}: delimiter must not be empty`);
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).map((l, i) => ({ line: i + 1, fields: l.trim() === '' ? null : splitLine(l, delim, (col, msg) => {
    throw new FormatError(`${op}: ${path} line ${i + 1}, column ${col}: ${msg}`);
  }) }))
    .filter((l): l is { line: number; fields: string[] } => l.fields !== null);
  if (lines.length === 0) throw new FormatError(`${op}: ${path} is empty (no header and no data rows)`);
  const ncol = lines[0].fields.length;
  const names = header ? lines[0].fields.map((f) => f.trim()) : Array.from({ length: ncol }, (_, i) => `column${i}`);
  const rows = header ? lines.slice(1) : lines;
  if (rows.length === 0) throw new FormatError(`${op}: ${path} has a header but no data rows`);
  let labelIdx = -1;
  if (opts.labelColumn !== undefined) {
    labelIdx = typeof opts.labelColumn === 'number' ? opts.labelColumn : names.indexOf(opts.labelColumn);
    if (!Number.isInteger(labelIdx) || labelIdx < 0 || labelIdx >= ncol) {
      throw new ValueError(`${op}: label column ${JSON.stringify(opts.labelColumn)} not found in ${path} (columns: ${names.join(', ')})`);
    }
  }
  const nf = labelIdx < 0 ? ncol : ncol - 1;
  const x = new Float32Array(rows.length * nf);
  const rawLabels: string[] = [];
  rows.forEach(({ line, fields }, r) => {
    if (fields.length !== ncol) {
      throw new FormatError(`${op}: ${path} line ${line}: expected ${ncol} fields (as in line ${lines[0].line}) but found ${fields.length}`);
    }
    let k = 0;
    fields.forEach((f, c) => {
      if (c === labelIdx) { rawLabels.push(f.trim()); return; }
      const v = parseNumber(f);
      if (!Number.isFinite(v)) {
        throw new FormatError(`${op}: ${path} line ${line}, column ${c + 1} (${names[c]}): ${JSON.stringify(f)} is not a finite number`);
      }
      x[r * nf + k++] = v;
    });
  });
  const xt = Tensor.fromArray(x, [rows.length, nf], 'float32');
  const featureNames = names.filter((_, c) => c !== labelIdx);
  if (labelIdx < 0) return { dataset: new TensorDataset(xt), x: xt, y: null, featureNames, labelName: null, classNames: null };
  const { y, classNames } = labelsTensor(rawLabels, rows.map((r) => r.line), path, names[labelIdx]);
  const dataset = new TensorDataset(xt, y);
  if (y.dtype === 'int64') dataset.numberDType = 'int64';
  return { dataset, x: xt, y, featureNames, labelName: names[labelIdx], classNames };
}

function labelsTensor(raw: string[], lineNos: number[], path: string, name: string): { y: Tensor; classNames: string[] | null } {
  const nums = raw.map(parseNumber);
  if (nums.every(Number.isFinite)) {
    const ints = nums.every(Number.isInteger);
    return { y: Tensor.fromArray(ints ? Float64Array.from(nums) : Float32Array.from(nums), [raw.length], ints ? 'int64' : 'float32'), classNames: null };
  }
  const empty = raw.findIndex((s) => s === '');
  if (empty >= 0) throw new FormatError(`loadCsv: ${path} line ${lineNos[empty]}, label column (${name}): the label is empty`);
  if (nums.some(Number.isFinite)) {
    const i = nums.findIndex((v) => !Number.isFinite(v));
    throw new FormatError(`loadCsv: ${path} line ${lineNos[i]}, label column (${name}): ${JSON.stringify(raw[i])} is not a number ` +
      'while other labels are numbers');
  }
  const classNames = [...new Set(raw)].sort();
  const y = Float64Array.from(raw, (s) => classNames.indexOf(s));
  return { y: Tensor.fromArray(y, [raw.length], 'int64'), classNames };
}
