/**
 * The one HTML shell of every self-contained page (report.html, validation.html): vega, vega-lite
 * and vega-embed inlined from node_modules and the chart specs embedded as JSON, so the page
 * fetches nothing and works opened from disk with the network off. A Content-Security-Policy
 * forbids any fetch too.
 *
 * Every piece of text from a scenario (its name, description, changed fields) goes through
 * escapeHtml, and the embedded JSON through jsonForScript: a scenario cannot inject markup or
 * script.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Chart } from './charts/spec.js';

const esc = escapeHtml;

export interface InlineLibrary {
  name: string;
  version: string;
  source: string;
}

let cachedLibraries: InlineLibrary[] | undefined;

/** vega, vega-lite and vega-embed: their minified UMD builds, in load order. */
export function inlineLibraries(): InlineLibrary[] {
  if (cachedLibraries !== undefined) return cachedLibraries;
  const require = createRequire(import.meta.url);
  const read = (pkg: string, file: string): InlineLibrary => {
    // Each package's entry point lies in its build/ folder, beside the minified UMD build.
    const build = dirname(require.resolve(pkg));
    const manifest = JSON.parse(readFileSync(join(build, '..', 'package.json'), 'utf8')) as { version: string };
    return { name: pkg, version: manifest.version, source: readFileSync(join(build, file), 'utf8') };
  };
  cachedLibraries = [read('vega', 'vega.min.js'), read('vega-lite', 'vega-lite.min.js'), read('vega-embed', 'vega-embed.min.js')];
  return cachedLibraries;
}

// --- The page ------------------------------------------------------------------------------------

/** Content-Security-Policy of every self-contained page: inline scripts and styles only, no fetch of anything. */
export const CSP = [
  "default-src 'none'",
  // vega compiles its expressions with Function(): 'unsafe-eval'.
  "script-src 'unsafe-inline' 'unsafe-eval'",
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  'font-src data:',
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const STYLE = `
:root { color-scheme: light; }
body { font: 15px/1.5 "Liberation Sans", Arial, Helvetica, "DejaVu Sans", sans-serif; color: #1d1d1d; margin: 0; background: #fff; }
main { max-width: 960px; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1 { font-size: 1.7rem; margin: 0.2rem 0 0.3rem; }
h2 { font-size: 1.3rem; margin: 2.4rem 0 0.6rem; padding-bottom: 0.2rem; border-bottom: 2px solid #e4e4e4; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
.lead { font-size: 1.05rem; color: #333; margin-top: 0; }
.kicker { color: #666; font-size: 0.9rem; margin: 0; }
nav ol { columns: 2; padding-left: 1.2rem; margin: 0.4rem 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1.2rem; margin: 0; }
dl.facts dt { color: #555; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
code, pre { font-family: "Liberation Mono", "DejaVu Sans Mono", Consolas, monospace; font-size: 0.86em; }
pre { background: #f5f5f5; padding: 0.7rem 0.9rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; border-radius: 4px; }
ul.headlines li { margin: 0.3rem 0; }
.warning { background: #fff4e0; border-left: 4px solid #d55e00; padding: 0.6rem 0.9rem; }
figure.chart { margin: 1.6rem 0; }
figure.chart .vega-embed { display: block; }
figure.chart .chart-error { color: #b00020; }
table { border-collapse: collapse; width: 100%; font-size: 0.82rem; }
th, td { text-align: left; padding: 0.3rem 0.45rem; border-bottom: 1px solid #e6e6e6; vertical-align: top; }
th { background: #f3f3f3; position: sticky; top: 0; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td code { overflow-wrap: anywhere; }
td .def { color: #555; font-size: 0.95em; margin-top: 0.1rem; }
table.metrics td:first-child { min-width: 15rem; }
td.ci { white-space: normal; min-width: 6rem; }
tbody tr:nth-child(even) { background: #fafafa; }
.scroll { overflow-x: auto; }
ol.story li { margin: 0.15rem 0; }
footer { color: #666; font-size: 0.85rem; margin-top: 3rem; }
`;

/** Sets up every chart with vega-embed; data and specs come from the JSON element. No scenario text appears here. */
export const RUNNER = `
(function () {
  var charts = JSON.parse(document.getElementById('corrsim-charts').textContent);
  var views = {};
  var errors = [];
  window.corrsimViews = views;
  window.corrsimErrors = errors;
  var options = {
    mode: 'vega-lite',
    renderer: 'svg',
    actions: { export: true, source: false, compiled: false, editor: false },
  };
  var pending = charts.map(function (chart) {
    var element = document.getElementById('chart-' + chart.name);
    return vegaEmbed(element, chart.spec, Object.assign({ downloadFileName: chart.name }, options))
      .then(function (result) {
        views[chart.name] = result.view;
        element.setAttribute('data-rendered', 'yes');
      })
      .catch(function (error) {
        errors.push(chart.name + ': ' + error);
        console.error('corrsim: the chart ' + chart.name + ' could not be drawn:', error);
        var message = document.createElement('p');
        message.className = 'chart-error';
        message.textContent = 'This chart could not be drawn (' + error + '). Its picture is in charts/' + chart.name + '.svg.';
        element.appendChild(message);
        element.setAttribute('data-rendered', 'error');
      });
  });
  Promise.all(pending).then(function () {
    document.body.setAttribute('data-charts', errors.length === 0 ? 'done' : 'failed');
  });
})();
`;

export interface Page {
  title: string;
  /** Small text above the title. */
  kicker: string;
  lead: string;
  /** Sections in order: [id, heading, html]. The table of contents lists them. */
  sections: Array<[string, string, string]>;
  charts: readonly Chart[];
  version: string;
}

/** A document as every page is made: the head with the Content-Security-Policy, `main`, the footer, the libraries and the charts' specs. */
export interface HtmlDocument {
  title: string;
  version: string;
  /** The page's style sheet. */
  style: string;
  /** The HTML inside <main>, before the footer. */
  main: string;
  /** Chart names (the id of each one's element is chart-NAME) and their vega-lite specs. */
  charts: ReadonlyArray<{ name: string; spec: unknown }>;
  /** The script that draws the charts from the JSON element corrsim-charts. */
  runner: string;
  /** The footer's HTML around its one sentence (default: the sentence as it is). */
  footer?: (madeBy: string) => string;
}

/** The one HTML shell: every self-contained page (report.html, validation.html) is this document. */
export function htmlDocument(doc: HtmlDocument): string {
  const libs = inlineLibraries();
  const madeBy = `Made by corrsim ${esc(doc.version)} with ${libs.map((l) => `${esc(l.name)} ${esc(l.version)}`).join(', ')}, all inlined: this file needs no network.`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="corrsim ${esc(doc.version)}">
<title>${esc(doc.title)}</title>
<style>${doc.style}</style>
</head>
<body>
<main>
${doc.main}
<footer>${doc.footer === undefined ? madeBy : doc.footer(madeBy)}</footer>
</main>
${libs.map((l) => `<script>/* ${esc(l.name)} ${esc(l.version)} */\n${scriptSource(l.source)}\n</script>`).join('\n')}
<script type="application/json" id="corrsim-charts">${jsonForScript(doc.charts)}</script>
<script>${doc.runner}</script>
</body>
</html>
`;
}

/** A report page: title, lead, a table of contents and its sections, with the report's style and chart script. */
export function page(p: Page): string {
  const toc = p.sections.map(([id, heading]) => `<li><a href="#${id}">${esc(heading)}</a></li>`).join('');
  const body = p.sections.map(([id, heading, html]) => `<section id="${id}">\n<h2>${esc(heading)}</h2>\n${html}\n</section>`).join('\n');
  const main = `<header>
<p class="kicker">${esc(p.kicker)}</p>
<h1>${esc(p.title)}</h1>
<p class="lead">${p.lead}</p>
<noscript><p class="warning">The charts need JavaScript. The same charts are in the folder <code>charts/</code> beside this file, as SVG and PNG.</p></noscript>
</header>
<nav aria-label="Contents"><ol>${toc}</ol></nav>
${body}`;
  return htmlDocument({
    title: p.title,
    version: p.version,
    style: STYLE,
    main,
    charts: p.charts.map((c) => ({ name: checkedName(c.name), spec: c.spec })),
    runner: RUNNER,
  });
}

function checkedName(name: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`chart name must be lower-case letters, digits and dashes: ${JSON.stringify(name)}`);
  return name;
}

export function chartFigures(charts: readonly Chart[]): string {
  return charts
    .map((c) => `<figure class="chart" aria-label="${esc(c.title)}"><div id="chart-${checkedName(c.name)}" class="chart-view"></div></figure>`)
    .join('\n');
}

// --- Pieces shared by both reports ---------------------------------------------------------------

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an HTML element or a quoted attribute. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON safe inside `<script type="application/json">`: no `<` (so no `</script>` and no `<!--`),
 * `>` or `&` appears literally, nor U+2028/U+2029 (line breaks to old JavaScript parsers); each
 * is written as a \u escape, which JSON.parse reads back as the same character.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * JavaScript source safe inside a `<script>` element: `</script` can only occur inside a string,
 * a regular expression or a comment, where `<\/script` means the same.
 */
export function scriptSource(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}
