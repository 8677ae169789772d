// Rendering: vega-lite spec → vega → SVG (headless View, renderer 'none', no canvas) → PNG through
// resvg. Fonts for the PNG: TRAINLAB_CHART_FONTS, else well-known system font files, else all system fonts.
import { existsSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import { ValueError } from '../../errors.js';

/** Font files tried, in order, when TRAINLAB_CHART_FONTS is not set (regular + bold of one family). */
const KNOWN_FONTS: string[][] = [
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
  ['/usr/share/fonts/TTF/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf'],
  ['/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf'],
  ['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'],
  ['/System/Library/Fonts/Helvetica.ttc'],
  ['/Library/Fonts/Arial.ttf', '/Library/Fonts/Arial Bold.ttf'],
  ['C:\\Windows\\Fonts\\arial.ttf', 'C:\\Windows\\Fonts\\arialbd.ttf'],
];

let chosenFonts: string[] | null = null;

/**
 * The font files given to resvg. `TRAINLAB_CHART_FONTS` (paths separated by ':' or ';') wins;
 * else the first family of KNOWN_FONTS present on this machine; else [] and resvg scans the system
 * fonts. With no font at all the PNG has no text (the SVG always has it).
 */
export function chartFontFiles(): string[] {
  if (chosenFonts !== null) return chosenFonts;
  const env = process.env.TRAINLAB_CHART_FONTS;
  if (env) {
    chosenFonts = env.split(/[:;]/).filter((p) => p.length > 0 && existsSync(p));
  } else {
    const family = KNOWN_FONTS.find((files) => existsSync(files[0]));
    chosenFonts = family ? family.filter((f) => existsSync(f)) : [];
  }
  return chosenFonts;
}

/** Overrides the font files used for PNGs (e.g. a TTF shipped with your project); [] = system fonts. */
export function setChartFonts(files: string[]): void {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length) throw new ValueError(`setChartFonts: font file(s) not found: ${missing.join(', ')}`);
  chosenFonts = [...files];
}

/** Compiles a vega-lite spec and renders it to an SVG string without a browser or canvas. */
export async function specToSvg(spec: object): Promise<string> {
  // loaded on first use: vega's ESM (top-level await in vega-canvas) cannot be require()d, so a static
  // import would break `import 'trainlab/train'` from a CommonJS project; it also keeps startup fast
  const [{ compile }, { parse, View }] = await Promise.all([import('vega-lite'), import('vega')]);
  const vg = compile(spec as TopLevelSpec).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises an SVG to PNG bytes at `scale` × its own size. */
export function svgToPng(svg: string, scale = 1): Uint8Array {
  if (!(scale > 0 && scale <= 16)) throw new ValueError(`toPng: scale must be in (0, 16], got ${scale}`);
  const files = chartFontFiles();
  const r = new Resvg(svg, {
    font: files.length ? { loadSystemFonts: false, fontFiles: files } : { loadSystemFonts: true },
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    background: 'white',
  });
  return new Uint8Array(r.render().asPng());
}
