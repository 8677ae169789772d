// The Chart object every builder returns (a vega-lite spec plus SVG/PNG renderers) and the shared
// helpers of the builders: input checks, non-finite filtering, titles.
import { ShapeError, ValueError } from '../../errors.js';
import { specToSvg, svgToPng } from './render.js';

/** A vega-lite spec (plain JSON). */
export type VegaLiteSpec = Record<string, unknown>;

/** A chart: its vega-lite spec and renderers. */
export interface Chart {
  /** The vega-lite spec (JSON; can be opened in the Vega editor). */
  readonly spec: VegaLiteSpec;
  /** SVG markup, rendered headless. */
  toSvg(): Promise<string>;
  /** PNG bytes (`scale` multiplies the SVG's size; default 1). */
  toPng(opts?: { scale?: number }): Promise<Uint8Array>;
}

/** Options shared by every chart kind. */
export interface BaseChartOptions {
  title: string;
  /** Plot area size in pixels (axes, title and legend come on top). Defaults 400 × 250. */
  width?: number;
  height?: number;
}

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Wraps a finished spec as a Chart. */
export function makeChart(spec: VegaLiteSpec): Chart {
  return {
    spec,
    toSvg: () => specToSvg(spec),
    toPng: async (opts = {}) => svgToPng(await specToSvg(spec), opts.scale ?? 1),
  };
}

/** The top-level fields of a spec: schema, title (with a subtitle noting dropped points), size. */
export function header(op: string, o: BaseChartOptions, notes: string[]): VegaLiteSpec {
  if (typeof o?.title !== 'string') throw new ValueError(`${op}: title must be a string`);
  for (const k of ['width', 'height'] as const) {
    const v = o[k];
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new ValueError(`${op}: ${k} must be a positive number, got ${v}`);
  }
  const title = notes.length ? { text: o.title, subtitle: notes.join('; ') } : o.title;
  return { $schema: SCHEMA, title, width: o.width ?? 400, height: o.height ?? 250, background: 'white' };
}

/** Checks that `a` is a non-empty array of numbers (NaN/Infinity allowed: they are filtered later). */
export function checkNumbers(op: string, what: string, a: unknown, allowEmpty = false): number[] {
  const arr = ArrayBuffer.isView(a) ? Array.from(a as unknown as ArrayLike<number>) : a;
  if (!Array.isArray(arr)) throw new ValueError(`${op}: ${what} must be an array of numbers`);
  if (!allowEmpty && arr.length === 0) throw new ValueError(`${op}: ${what} is empty: nothing to plot`);
  const bad = arr.findIndex((v) => typeof v !== 'number');
  if (bad >= 0) throw new ValueError(`${op}: ${what}[${bad}] is ${JSON.stringify(arr[bad])}, expected a number`);
  return arr as number[];
}

/** Checks two parallel arrays have the same length. */
export function checkSameLength(op: string, an: string, a: readonly unknown[], bn: string, b: readonly unknown[]): void {
  if (a.length !== b.length) throw new ShapeError(`${op}: ${an} has ${a.length} values but ${bn} has ${b.length}`);
}

/** "3 NaN/infinite points dropped" style note, or nothing. */
export function dropNote(n: number, what: string): string[] {
  return n > 0 ? [`${n} ${what}`] : [];
}

/** An axis title in encoding form. */
export const axisTitle = (t: string | undefined): { title: string | null } => ({ title: t ?? null });
