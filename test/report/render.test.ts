/**
 * Rendering in Node: SVG from vega's headless view, PNG from resvg with text drawn in a system
 * font, and the three files each chart leaves in charts/.
 */
import { describe, expect, it } from 'vitest';
import { CHART_FONT } from '../../src/report/charts/spec.js';
import { queueChart } from '../../src/report/charts/run.js';
import { chartFiles, fontStatus, PNG_SCALE, renderChart, svgToPng, textWidth } from '../../src/report/render.js';
import { syntheticResults } from './fixture.js';
import { darkPixels, decodePng, PNG_SIGNATURE } from './png.js';

const chart = queueChart(syntheticResults({ replications: 2, months: 12 }));

function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]* width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg);
  if (m === null) throw new Error('no size on the svg element');
  return { width: Number(m[1]), height: Number(m[2]) };
}

describe('rendering a chart', () => {
  it('gives SVG, and a PNG at twice its size that starts with the PNG signature', async () => {
    const { svg, png } = await renderChart(chart.spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Sentence queue');
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const size = svgSize(svg);
    const decoded = decodePng(png);
    expect(decoded.width).toBe(Math.round(size.width * PNG_SCALE));
    expect(decoded.height).toBe(Math.round(size.height * PNG_SCALE));
  });

  it('lays the chart out without wide empty margins (text widths from the font, not a guess)', async () => {
    const { svg } = await renderChart(chart.spec);
    // 640 for the plot, plus the y axis and padding; vega's own guess of 0.8 em a character made it ~950.
    expect(svgSize(svg).width).toBeLessThan(800);
    expect(textWidth('Hello', 10)).toBeCloseTo(22.8, 0);
    expect(textWidth('Hello', 10, true)).toBeGreaterThan(textWidth('Hello', 10));
  });

  it('draws text in the PNG with an installed font', () => {
    const status = fontStatus();
    if (status.family === undefined) {
      console.warn('no Liberation Sans or DejaVu Sans installed: PNG charts will have no text (apt-get install fonts-liberation)');
    }
    expect(status.family, 'a font for the PNG charts (apt-get install fonts-liberation or fonts-dejavu-core)').toBeDefined();
    const text = (label: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="40"><text x="10" y="28" font-family="${CHART_FONT}" font-size="20">${label}</text></svg>`;
    const blank = darkPixels(decodePng(svgToPng(text(''))));
    const written = darkPixels(decodePng(svgToPng(text('Reconviction 19%'))));
    expect(blank).toBe(0);
    expect(written).toBeGreaterThan(200);
  });

  it('writes <name>.svg, <name>.png and the spec as <name>.vl.json in charts/', async () => {
    const files = await chartFiles(chart);
    expect(files.map((f) => f.name)).toEqual(['charts/sentence-queue.svg', 'charts/sentence-queue.png', 'charts/sentence-queue.vl.json']);
    expect(typeof files[0].content).toBe('string');
    expect(files[1].content).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(files[2].content as string)).toEqual(chart.spec);
  });
});
