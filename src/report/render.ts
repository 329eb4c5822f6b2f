/**
 * Rendering charts in Node, without a browser: vega-lite → vega → SVG (vega's headless view),
 * then SVG → PNG with resvg. resvg draws text only with fonts it can find; it is given the
 * system's font folders, and a chart asks for Liberation Sans first and falls back to DejaVu Sans
 * (Debian's fonts-liberation and fonts-dejavu-core). `fontStatus()` says whether any was found.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Chart } from './charts/spec.js';

/** PNG pixels per SVG pixel: 2 gives a 640-pixel chart about 1,400 pixels across, sharp in print. */
export const PNG_SCALE = 2;

export interface RenderedChart {
  svg: string;
  png: Uint8Array;
  /** Marks drawn per named layer (see `countMarks`). */
  marks: Record<string, number>;
}

export interface ChartFile {
  name: string;
  content: string | Uint8Array;
}

/** A vega-lite spec compiled to vega, with vega-lite's warnings (a well-made chart has none). */
export function compileSpec(spec: TopLevelSpec): { vega: ReturnType<typeof compile>['spec']; warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    warn: (...args: unknown[]) => (warnings.push(args.join(' ')), logger),
    info: () => logger,
    debug: () => logger,
    error: (...args: unknown[]) => {
      throw new Error(args.join(' '));
    },
  };
  // vega tags the data objects it ingests; compile a copy so that the caller's spec stays plain JSON.
  const copy = JSON.parse(JSON.stringify(spec)) as TopLevelSpec;
  return { vega: compile(copy, { logger: logger as never }).spec, warnings };
}

/** Compiles a vega-lite spec and runs it in a headless vega view (no renderer). */
export async function chartView(spec: TopLevelSpec): Promise<View> {
  useFontMetrics();
  const view = new View(parse(compileSpec(spec).vega), { renderer: 'none' });
  await view.runAsync();
  return view;
}

/** The chart as SVG, and as PNG at PNG_SCALE. */
export async function renderChart(spec: TopLevelSpec): Promise<RenderedChart> {
  const view = await chartView(spec);
  try {
    const svg = await view.toSVG();
    const marks = countMarks(sceneRoot(view));
    return { svg, png: svgToPng(svg), marks };
  } finally {
    view.finalize();
  }
}

/** The files of one chart in charts/: `<name>.svg`, `<name>.png` and the spec as `<name>.vl.json`. */
export async function chartFiles(chart: Chart): Promise<ChartFile[]> {
  const { svg, png } = await renderChart(chart.spec);
  return [
    { name: `charts/${chart.name}.svg`, content: svg },
    { name: `charts/${chart.name}.png`, content: png },
    { name: `charts/${chart.name}.vl.json`, content: JSON.stringify(chart.spec, null, 2) + '\n' },
  ];
}

export function svgToPng(svg: string, scale = PNG_SCALE): Uint8Array {
  const options: ResvgRenderOptions = {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: fontOptions(),
  };
  const png = new Resvg(svg, options).render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** A mark of vega's scenegraph, as far as counting needs (vega's typings describe it wrongly). */
export interface SceneMark {
  marktype: string;
  role: string;
  name?: string;
  items: Array<{ items?: SceneMark[] }>;
}

/** The root mark of a view's scenegraph. */
export function sceneRoot(view: View): SceneMark {
  return (view.scenegraph() as unknown as { root: SceneMark }).root;
}

/**
 * Marks a vega scenegraph draws, per mark name with vega-lite's `_marks` suffix removed (the
 * layer's `name`, e.g. `mean`), counting only data marks (role `mark`), not axes or legends.
 * A line or area is one path however many points it joins, so it counts 1; every other mark
 * counts its items. The same numbers are the children of `g.role-mark` in vega's SVG.
 */
export function countMarks(root: SceneMark): Record<string, number> {
  const counts: Record<string, number> = {};
  const visit = (mark: SceneMark): void => {
    if (mark.role === 'mark') {
      const name = (mark.name ?? mark.marktype).replace(/_marks$/, '');
      const pathLike = mark.marktype === 'line' || mark.marktype === 'area' || mark.marktype === 'trail';
      const n = pathLike ? (mark.items.length > 0 ? 1 : 0) : mark.items.length;
      counts[name] = (counts[name] ?? 0) + n;
    }
    for (const item of mark.items) {
      if (Array.isArray(item.items)) for (const child of item.items) visit(child);
    }
  };
  visit(root);
  return counts;
}

// --- Fonts ---------------------------------------------------------------------------------------

/** Folders searched for fonts, besides what resvg finds itself. */
const FONT_FOLDERS = ['/usr/share/fonts', '/usr/local/share/fonts', '/Library/Fonts', '/System/Library/Fonts', 'C:\\Windows\\Fonts'];

/** Families tried for the generic `sans-serif`, in order. */
const SANS_FAMILIES = ['Liberation Sans', 'Arial', 'Helvetica', 'DejaVu Sans'];

export interface FontStatus {
  /** Font files found in FONT_FOLDERS. */
  files: number;
  /** The fallback family (Liberation Sans or DejaVu Sans), or undefined when neither is installed. */
  family: string | undefined;
}

let cachedFonts: { status: FontStatus; options: ResvgRenderOptions['font'] } | undefined;

/** Which fonts PNG rendering can use; with no font at all, PNGs come out without text. */
export function fontStatus(): FontStatus {
  return fonts().status;
}

function fontOptions(): ResvgRenderOptions['font'] {
  return fonts().options;
}

function fonts(): { status: FontStatus; options: ResvgRenderOptions['font'] } {
  if (cachedFonts !== undefined) return cachedFonts;
  const folders = FONT_FOLDERS.filter((d) => existsSync(d));
  const files = folders.flatMap((d) => fontFiles(d));
  const names = files.map((f) => f.toLowerCase());
  const has = (stem: string) => names.some((n) => n.includes(stem));
  const family = has('liberationsans') ? 'Liberation Sans' : has('dejavusans') ? 'DejaVu Sans' : undefined;
  cachedFonts = {
    status: { files: files.length, family },
    options: {
      // Loading every system font is slow with many installed; the folders above hold them.
      loadSystemFonts: files.length === 0,
      fontDirs: folders,
      defaultFontFamily: family ?? SANS_FAMILIES[0],
      sansSerifFamily: family ?? SANS_FAMILIES[0],
    },
  };
  return cachedFonts;
}

function fontFiles(folder: string, depth = 0): string[] {
  if (depth > 4) return [];
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    if (e.isDirectory()) out.push(...fontFiles(join(folder, e.name), depth + 1));
    else if (/\.(ttf|otf|ttc)$/i.test(e.name)) out.push(e.name);
  }
  return out;
}

// --- Text widths -----------------------------------------------------------------------------------

/**
 * Advance widths of Helvetica (Adobe's AFM, 1/1000 em) for the printable ASCII characters 32–126.
 * Arial and Liberation Sans share them, so a chart laid out with these fits the PNG's text.
 */
const HELVETICA_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556,
  278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
  611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,
  556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
/** Bold glyphs are about this much wider on average (Helvetica-Bold against Helvetica). */
const BOLD_FACTOR = 1.08;
/** DejaVu Sans, the fallback where Liberation Sans is missing, is this much wider than Arial. */
const DEJAVU_FACTOR = 1.12;

/** Width in pixels of `text` in the chart font at `fontSize`. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 32;
    em += code >= 32 && code <= 126 ? HELVETICA_WIDTHS[code - 32] : 556;
  }
  const factor = (bold ? BOLD_FACTOR : 1) * (fontStatus().family === 'DejaVu Sans' ? DEJAVU_FACTOR : 1);
  return (em / 1000) * fontSize * factor;
}

let metricsInstalled = false;

/**
 * Without a canvas, vega guesses every character at 0.8 em, twice the real average, which leaves
 * charts with wide empty margins. vega lets a program give its own measure (textMetrics.width);
 * this one reads the font's real advance widths.
 */
function useFontMetrics(): void {
  if (metricsInstalled) return;
  metricsInstalled = true;
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const line = text === undefined || text === null ? '' : String(text).trim();
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const bold = item.fontWeight === 'bold' || (typeof item.fontWeight === 'number' && item.fontWeight >= 600) || Number(item.fontWeight) >= 600;
    const width = textWidth(line, size, bold);
    return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
}

interface TextItem {
  fontSize?: number | string;
  fontWeight?: string | number;
  limit?: number;
}
