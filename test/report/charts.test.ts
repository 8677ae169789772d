// Charts: each kind's SVG carries the title, axis labels and the right number of marks (with the
// data values vega wrote into the marks' aria-labels); PNGs have the signature and the SVG's size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShapeError, ValueError } from '../../src/index.js';
import * as charts from '../../src/report/charts/index.js';

/** Number of marks of a kind (vega's aria-roledescription on each drawn item). */
const marks = (svg: string, role: string) => svg.split(`aria-roledescription="${role}"`).length - 1;
/** Texts of the title/subtitle/axis-title elements. */
const texts = (svg: string, cls: string) => [...svg.matchAll(new RegExp(`class="mark-text role-${cls}"[^>]*><text[^>]*>([^<]*)</text>`, 'g'))].map((m) => m[1]);
const labels = (svg: string, role: string) => [...svg.matchAll(new RegExp(`aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="${role}"`, 'g'))].map((m) => m[1]);

test('lineChart: title, axis titles, one line per series, NaN points dropped and noted', async () => {
  const svg = await charts.lineChart({ title: 'Loss', xLabel: 'epoch', yLabel: 'loss', series: [
    { name: 'train', x: [1, 2, 3], y: [3, 2, NaN] }, { name: 'val', x: [1, 2, 3], y: [3.5, 2.5, 2] }] }).toSvg();
  assert.deepEqual(texts(svg, 'title-text'), ['Loss']);
  assert.deepEqual(texts(svg, 'title-subtitle'), ['1 NaN/infinite points dropped']);
  assert.deepEqual(texts(svg, 'axis-title').sort(), ['epoch', 'loss']);
  assert.equal(marks(svg, 'line mark'), 2);
  assert.ok(svg.includes('>train<') && svg.includes('>val<'), 'legend names the series');
});

test('lineChart logY: values ≤ 0 dropped, log scale ticks', async () => {
  const c = charts.lineChart({ title: 'lr', logY: true, series: [{ name: 'lr', x: [1, 2, 3], y: [0.1, 0.01, 0] }] });
  assert.equal((c.spec.encoding as { y: { scale: { type: string } } }).y.scale.type, 'log');
  const svg = await c.toSvg();
  assert.deepEqual(texts(svg, 'title-subtitle'), ['1 points ≤ 0 dropped (log scale)']);
});

test('barChart: one bar per finite value, in order', async () => {
  const svg = await charts.barChart({ title: 'Speed', xLabel: 'model', yLabel: 'samples/s', bars: [
    { label: 'mlp', value: 3 }, { label: 'cnn', value: 1 }, { label: 'bad', value: NaN }] }).toSvg();
  assert.equal(marks(svg, 'bar'), 2);
  assert.deepEqual(labels(svg, 'bar'), ['model: mlp; samples/s: 3', 'model: cnn; samples/s: 1']);
  assert.deepEqual(texts(svg, 'title-subtitle'), ['1 NaN/infinite bars dropped']);
});

test('scatterChart: one point per finite (x, y)', async () => {
  const svg = await charts.scatterChart({ title: 'S', xLabel: 'x', yLabel: 'y', series: [
    { name: 'a', x: [1, 2, 3], y: [1, 4, Infinity] }, { name: 'b', x: [0], y: [0] }] }).toSvg();
  assert.equal(marks(svg, 'point'), 3);
});

test('histogram: bins counted by hand', async () => {
  // values 0,1,1,2,3,3,3 in 3 bins over [0,3] of width 1: [0,1) -> {0}; [1,2) -> {1,1}; [2,3] -> {2,3,3,3}
  const svg = await charts.histogram({ title: 'H', xLabel: 'value', values: [0, 1, 1, 2, 3, 3, 3, NaN], bins: 3 }).toSvg();
  assert.equal(marks(svg, 'bar'), 3);
  assert.deepEqual(labels(svg, 'bar'), ['value: 0 – 1; count: 1', 'value: 1 – 2; count: 2', 'value: 2 – 3; count: 4']);
  assert.deepEqual(texts(svg, 'title-subtitle'), ['1 NaN/infinite values dropped']);
  // one distinct value: range widened to [4.5, 5.5], bins [4.5, 5) and [5, 5.5]: both 5s in the second
  assert.deepEqual(charts.binCounts([5, 5], 2).counts, [0, 2]);
});

test('heatmap: rows × cols cells, NaN cells blank, values printed', async () => {
  const svg = await charts.heatmap({ title: 'Confusion', rows: ['r1', 'r2'], cols: ['a', 'b', 'c'], values: [[1, 2, 3], [4, NaN, 6]] }).toSvg();
  assert.equal(marks(svg, 'rect mark'), 5);
  assert.equal(marks(svg, 'text mark'), 5);
  assert.deepEqual(texts(svg, 'title-subtitle'), ['1 NaN/infinite cells left blank']);
  for (const l of ['r1', 'r2', 'a', 'b', 'c']) assert.ok(svg.includes(`>${l}<`), l);
});

test('panels and the 4-panel training history', async () => {
  const a = charts.lineChart({ title: 'A', series: [{ name: 's', x: [1, 2], y: [1, 2] }] });
  const b = charts.barChart({ title: 'B', bars: [{ label: 'x', value: 1 }] });
  const svg = await charts.panels([a, b, a], { columns: 2, title: 'Grid' }).toSvg();
  assert.equal(marks(svg, 'line mark'), 2);
  assert.equal(marks(svg, 'bar'), 1);
  const th = charts.trainingHistoryChart({ trainLosses: [1, 0.5], valLosses: [1.1, 0.7], trainAccuracies: [0.5, 0.7],
    valAccuracies: [NaN, NaN], learningRates: [0.1, 0.01], gradNorms: [2, 1] });
  const s2 = await th.toSvg();
  assert.deepEqual(texts(s2, 'title-text'), ['Loss', 'Accuracy', 'Learning rate', 'Gradient norm', 'Training history']);
  assert.equal(marks(s2, 'line mark'), 5); // train+val loss, train acc (val all NaN: left out), lr, grad norm
});

function pngSize(png: Uint8Array): { w: number; h: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(Buffer.from(png.subarray(12, 16)).toString('latin1'), 'IHDR');
  const dv = new DataView(png.buffer, png.byteOffset);
  return { w: dv.getUint32(16), h: dv.getUint32(20) }; // IHDR width/height, big-endian
}
const svgSize = (svg: string) => {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!;
  return { w: Number(m[1]), h: Number(m[2]) };
};

test('PNG: signature, IHDR size equals the SVG size (and twice it at scale 2)', async () => {
  const c = charts.lineChart({ title: 'Loss', width: 200, height: 100, series: [{ name: 't', x: [1, 2], y: [2, 1] }] });
  const svg = svgSize(await c.toSvg());
  assert.ok(svg.w > 200 && svg.h > 100, 'plot area plus axes and title');
  assert.deepEqual(pngSize(await c.toPng()), svg);
  assert.deepEqual(pngSize(await c.toPng({ scale: 2 })), { w: 2 * svg.w, h: 2 * svg.h });
});

test('saveChart writes svg, png or both', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'charts-'));
  try {
    const c = charts.barChart({ title: 'B', bars: [{ label: 'x', value: 1 }] });
    assert.deepEqual(await charts.saveChart(c, join(dir, 'sub', 'both')), [join(dir, 'sub', 'both.svg'), join(dir, 'sub', 'both.png')]);
    await charts.saveChart(c, join(dir, 'one.svg'));
    assert.deepEqual(readdirSync(dir).sort(), ['one.svg', 'sub']);
    assert.ok(readFileSync(join(dir, 'one.svg'), 'utf8').startsWith('<svg'));
    pngSize(readFileSync(join(dir, 'sub', 'both.png')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input: clear errors', () => {
  assert.throws(() => charts.lineChart({ title: 'L', series: [] }), (e: Error) => e instanceof ValueError && /series is empty/.test(e.message));
  assert.throws(() => charts.lineChart({ title: 'L', series: [{ name: 'a', x: [], y: [] }] }), /series "a" x is empty/);
  assert.throws(() => charts.lineChart({ title: 'L', series: [{ name: 'a', x: [1, 2], y: [1] }] }), (e: Error) => e instanceof ShapeError && /x has 2 values but y has 1/.test(e.message));
  assert.throws(() => charts.barChart({ title: 'B', bars: [] }), /bars is empty/);
  assert.throws(() => charts.histogram({ title: 'H', values: [] }), /values is empty/);
  assert.throws(() => charts.histogram({ title: 'H', values: [1], bins: 0 }), /bins must be an integer/);
  assert.throws(() => charts.heatmap({ title: 'M', rows: ['a'], cols: ['x', 'y'], values: [[1]] }), /values\[0\] has 1 values but cols has 2/);
  assert.throws(() => charts.panels([]), /no charts/);
  assert.throws(() => charts.chartFromData({ kind: 'bar', title: 'T' }), /'bar' chart \("T"\) needs 'bars'/);
  assert.throws(() => charts.trainingHistoryChart({ valLosses: [NaN] }), /no finite series/);
});
