/**
 * The seminar page: choose a built-in scenario, move levers, Run (the population, the queue and
 * occupancy fill in replication by replication, then intervals across replications), Compare with
 * the scenario as built in (paired differences, common random numbers), read a few life stories,
 * and download everything shown. The model runs in Web Workers (worker.ts); this file only draws.
 */
import vegaEmbed, { type Result as EmbedResult } from 'vega-embed';
import { stringify } from 'yaml';
import type { ReplicationResult } from '../../src/model/result.js';
import { METRICS, SERIES } from '../../src/model/result.js';
import { forestChart, pairedSeriesChart, verdict } from '../../src/report/charts/compare.js';
import { occupancyChart, populationChart, queueChart, storiesChart } from '../../src/report/charts/run.js';
import type { Chart } from '../../src/report/charts/spec.js';
import { jsonText } from '../../src/report/csv.js';
import { formatDifference, formatInterval, formatRelative, formatValue } from '../../src/report/numbers.js';
import { comparisonCsv } from '../../src/report/tables/compare.js';
import { replicationsCsv, timeseriesCsv } from '../../src/report/tables/run.js';
import type { MetricSummary } from '../../src/stats/intervals.js';
import type { PairedDifference } from '../../src/stats/paired.js';
import type { Scenario } from '../../src/scenario/types.js';
import SCENARIOS from 'virtual:scenarios';
import VERSION from 'virtual:version';
import WORKER_CODE from 'virtual:worker';
import { GROUP_TITLES, isBaseline, leversFor, messagesByLever, setsFor, type Lever, type LeverGroup } from './levers.js';
import type { CompareOutcomeMessage, FromStudy, RunOutcomeMessage, StudyKind, ToReplica, ToStudy } from './protocol.js';
import { CENSUS_FILE, changedName, changedScenarioYaml, changedSets, compareCommandLine, LIMITS, loadSetup, runCommandLine, scenarioList, setupProblems, type Setup } from './session.js';

// --- Small DOM helpers --------------------------------------------------------------------------

type Attrs = Record<string, string | number | boolean | undefined>;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'text') node.textContent = String(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) node.append(c);
  return node;
}

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no #${id}`);
  return node as T;
}

const UNITS: Record<string, string> = Object.fromEntries(METRICS.map((m) => [m.name, m.unit]));
const DESCRIPTIONS: Record<string, string> = Object.fromEntries(METRICS.map((m) => [m.name, m.description]));

/** The metrics the page shows in its tables, in order, with short labels. */
const HEADLINES: ReadonlyArray<[string, string]> = [
  ['population_total', 'People in prison (average day)'],
  ['population_high', 'In high security'],
  ['population_low', 'In open prisons'],
  ['population_em', 'Serving on electronic monitoring'],
  ['sentence_queue', 'Waiting to serve (queue)'],
  ['queue_wait_days_mean', 'Days waiting to serve (mean)'],
  ['occupancy_high', 'High-security places occupied'],
  ['occupancy_low', 'Open-prison places occupied'],
  ['police_cell_overflow_days_per_year', 'Police-cell days for want of a place (a year)'],
  ['education_completion_rate', 'Released having completed school inside'],
  ['housed_at_release_rate', 'Released with a home'],
  ['employed_at_release_rate', 'Released with a job'],
  ['incidents_per_100_inmate_years', 'Incidents per 100 inmate-years'],
  ['reconviction_2y', 'Back in prison within 2 years'],
  ['reconviction_any_2y', 'Any new sentence within 2 years'],
  ['cost_per_year_nok', 'Cost a year'],
];

// --- State --------------------------------------------------------------------------------------

interface PageState {
  scenario: string;
  base: Scenario;
  levers: Lever[];
  values: Record<string, string>;
  valid: boolean;
  /** The study running, if any. */
  running?: {
    id: number;
    kind: StudyKind;
    setup: Setup;
    results: ReplicationResult[][];
    /** The months so far of replications still running, by scenario of the study and replication. */
    partials: Array<Map<number, ReplicationResult['monthly']>>;
    started: number;
    firstShown?: number;
  };
  lastRun?: { setup: Setup; outcome: RunOutcomeMessage; results: ReplicationResult[] };
  lastCompare?: { setup: Setup; outcome: CompareOutcomeMessage; results: ReplicationResult[][] };
  views: Map<string, EmbedResult>;
}

let nextId = 1;
let state: PageState;
let study: Worker;
let ready = false;

function setStatus(text: string): void {
  byId('status').textContent = text;
}

// --- Levers -------------------------------------------------------------------------------------

function formatLeverValue(lever: Lever, x: number): string {
  if (lever.unit === 'share' || lever.unit === 'probability') return `${Math.round(x * 1000) / 10}%`;
  if (lever.unit === '× today') return `×${x}`;
  return x.toLocaleString('en-GB');
}

function leverControl(lever: Lever): HTMLElement {
  const key = lever.id.replace(/[^A-Za-z0-9_-]/g, '-');
  const box = el('input', { type: 'number', id: `lever-${key}`, value: String(lever.baseline), step: 'any', inputmode: 'decimal', 'aria-describedby': `help-${key} msg-${key}`, 'data-lever': lever.id });
  const range = el('input', { type: 'range', id: `range-${key}`, min: lever.min, max: lever.max, step: lever.step, value: lever.baseline, 'aria-label': `${lever.label} (slider)`, tabindex: -1 });
  const marks = el('datalist', { id: `marks-${key}` }, el('option', { value: lever.baseline, label: 'today' }));
  range.setAttribute('list', `marks-${key}`);
  const message = el('p', { class: 'message', id: `msg-${key}`, 'aria-live': 'polite' });
  const reset = el('button', { type: 'button', class: 'reset', title: `Back to ${formatLeverValue(lever, lever.baseline)}`, 'aria-label': `Reset ${lever.label} to the baseline` }, '↺');
  const set = (value: string, from: 'box' | 'range' | 'reset') => {
    state.values[lever.id] = value;
    if (from !== 'box') box.value = value;
    const x = Number(value);
    if (from !== 'range' && Number.isFinite(x)) range.value = String(x);
    wrapper.classList.toggle('moved', !isBaseline(lever, value));
    validate();
  };
  box.addEventListener('input', () => set(box.value, 'box'));
  range.addEventListener('input', () => set(range.value, 'range'));
  reset.addEventListener('click', () => set(String(lever.baseline), 'reset'));
  const wrapper = el(
    'div',
    { class: 'lever', 'data-lever': lever.id },
    el('label', { for: `lever-${key}` }, lever.label, ' ', el('span', { class: 'unit', text: `(${lever.unit})` })),
    el('div', { class: 'controls' }, range, marks, box, reset),
    el('p', { class: 'baseline', text: `Baseline: ${formatLeverValue(lever, lever.baseline)}` }),
    el('p', { class: 'help', id: `help-${key}`, text: lever.help }),
    message,
  );
  return wrapper;
}

function buildLevers(): void {
  const holder = byId('levers');
  holder.replaceChildren();
  const groups = new Map<LeverGroup, Lever[]>();
  for (const lever of state.levers) groups.set(lever.group, [...(groups.get(lever.group) ?? []), lever]);
  for (const [group, levers] of groups) {
    holder.append(el('fieldset', { class: 'group' }, el('legend', { text: GROUP_TITLES[group] }), ...levers.map(leverControl)));
  }
}

function currentSetup(): Setup {
  const num = (id: string) => Number(byId<HTMLInputElement>(id).value);
  return { scenario: state.scenario, sets: setsFor(state.levers, state.values), seed: num('seed'), replications: num('replications'), years: num('years'), stories: num('stories') };
}

/** Checks the levers with the scenario schema (as `--set` does) and the form's own fields; shows one message per problem beside its field. */
function validate(): boolean {
  const setup = currentSetup();
  const loaded = loadSetup(SCENARIOS, setup.scenario, setup.sets);
  const errors = loaded.ok ? [] : loaded.errors;
  const { byLever, general } = messagesByLever(state.levers, errors);
  for (const lever of state.levers) {
    const key = lever.id.replace(/[^A-Za-z0-9_-]/g, '-');
    const messages = byLever[lever.id] ?? [];
    byId(`msg-${key}`).textContent = messages.join(' · ');
    byId(`lever-${key}`).setAttribute('aria-invalid', String(messages.length > 0));
  }
  const own = setupProblems(setup);
  for (const field of ['seed', 'replications', 'years', 'stories']) {
    const mine = own.filter((p) => p.startsWith(`${field}:`));
    byId(`msg-${field}`).textContent = mine.map((p) => p.slice(field.length + 2)).join(' · ');
    byId(field).setAttribute('aria-invalid', String(mine.length > 0));
  }
  byId('general-messages').textContent = general.join(' · ');
  state.valid = errors.length === 0 && own.length === 0;
  updateButtons();
  byId('command').textContent = runCommandLine(setup);
  const moved = setup.sets.length;
  byId('changes').textContent = moved === 0 ? 'No lever moved: the scenario as built in.' : `Changed: ${setup.sets.join(', ')}`;
  return state.valid;
}

function updateButtons(): void {
  const busy = state.running !== undefined;
  byId<HTMLButtonElement>('run').disabled = busy || !state.valid || !ready;
  byId<HTMLButtonElement>('compare').disabled = busy || !state.valid || !ready;
  byId<HTMLButtonElement>('stop').disabled = !busy;
  document.body.dataset.state = busy ? 'running' : ready ? 'idle' : 'loading';
}

function chooseScenario(name: string): void {
  const loaded = loadSetup(SCENARIOS, name, []);
  if (!loaded.ok) {
    byId('general-messages').textContent = loaded.errors.join(' · ');
    return;
  }
  state.scenario = name;
  state.base = loaded.scenario;
  state.levers = leversFor(loaded.scenario);
  state.values = Object.fromEntries(state.levers.map((l) => [l.id, String(l.baseline)]));
  byId('scenario-description').textContent = loaded.scenario.description;
  buildLevers();
  validate();
}

// --- Charts -------------------------------------------------------------------------------------

async function show(holderId: string, chart: Chart | undefined): Promise<void> {
  const holder = byId(holderId);
  if (chart === undefined) {
    holder.replaceChildren();
    return;
  }
  const spec = { ...(chart.spec as object), width: 'container', autosize: { type: 'fit-x', contains: 'padding' } } as Parameters<typeof vegaEmbed>[1];
  let target = holder.querySelector<HTMLElement>('.view');
  const old = state.views.get(holderId);
  if (target === null) {
    target = el('div', { class: 'view', role: 'img', 'aria-label': chart.title });
    const tools = el(
      'div',
      { class: 'chart-tools' },
      el('button', { type: 'button', 'data-image': 'png' }, 'PNG'),
      el('button', { type: 'button', 'data-image': 'svg' }, 'SVG'),
    );
    tools.addEventListener('click', (event) => {
      const kind = (event.target as HTMLElement).dataset.image as 'png' | 'svg' | undefined;
      const view = state.views.get(holderId);
      if (kind === undefined || view === undefined) return;
      void view.view.toImageURL(kind, kind === 'png' ? 2 : 1).then((url) => saveUrl(url, `${holder.dataset.name ?? holderId}.${kind}`));
    });
    holder.replaceChildren(target, tools);
  }
  holder.dataset.name = chart.name;
  target.setAttribute('aria-label', chart.title);
  const result = await vegaEmbed(target, spec, { actions: false, renderer: 'svg', tooltip: true });
  old?.finalize();
  state.views.set(holderId, result);
  holder.dataset.rendered = String(Number(holder.dataset.rendered ?? '0') + 1);
}

let redrawPending = false;
let lastRedraw = -Infinity;
/**
 * Least time between two redraws of the live charts: drawing runs on the page's thread, and on a
 * two-core laptop every redraw takes time from the replications.
 */
const REDRAW_SECONDS = 0.75;

/** Redraws the live charts while replications come in: the first months at once, then at most every REDRAW_SECONDS. */
function redrawLive(): void {
  if (redrawPending) return;
  redrawPending = true;
  const wait = Math.max(0, lastRedraw + REDRAW_SECONDS * 1000 - performance.now());
  setTimeout(() => requestAnimationFrame(drawLive), wait);
}

function drawLive(): void {
  redrawPending = false;
  lastRedraw = performance.now();
  const running = state.running;
  if (running === undefined) return;
  // In a comparison the changed scenario's runs once there are any, the baseline's before.
  const shown = running.kind === 'compare' && (running.results[1].length > 0 || running.partials[1].size > 0) ? 1 : 0;
  const results = sorted([...running.results[shown], ...[...running.partials[shown]].map(([replication, monthly]) => partialResult(replication, monthly))]);
  if (results.length === 0) return;
  const drawn = running.kind === 'compare' && shown === 0 ? state.base : changedScenario(running.setup);
  void drawRunCharts(results, drawn).then(() => {
    if (running.firstShown === undefined) {
      running.firstShown = (performance.now() - running.started) / 1000;
      document.body.dataset.firstResultSeconds = running.firstShown.toFixed(2);
    }
  });
}

/** A replication still running, as far as the charts need it: its months so far. */
function partialResult(replication: number, monthly: ReplicationResult['monthly']): ReplicationResult {
  return { replication, seed: 0, events: 0, people: 0, metrics: {}, monthly, cohorts: [] } as unknown as ReplicationResult;
}

function sorted(results: readonly ReplicationResult[]): ReplicationResult[] {
  return [...results].sort((a, b) => a.replication - b.replication);
}

/** The scenario with the setup's levers (its places drawn as the charts' dashed lines). */
let changedCache: { setup: Setup; scenario: Scenario } | undefined;

/** The scenario with the setup's levers, resolved once a study (validating a scenario takes a moment, and the page redraws often). */
function changedScenario(setup: Setup): Scenario {
  if (changedCache?.setup === setup) return changedCache.scenario;
  const scenario = resolveChanged(setup);
  changedCache = { setup, scenario };
  return scenario;
}

function resolveChanged(setup: Setup): Scenario {
  const loaded = loadSetup(SCENARIOS, setup.scenario, changedSets(setup));
  return loaded.ok ? loaded.scenario : state.base;
}

async function drawRunCharts(results: readonly ReplicationResult[], scenario: Scenario): Promise<void> {
  await Promise.all([
    show('chart-population', populationChart(results, scenario.facilities)),
    show('chart-queue', queueChart(results)),
    show('chart-occupancy', occupancyChart(results, scenario.facilities)),
  ]);
}

/**
 * Draws the run's three charts once, out of sight, from two months of zeros, while the page loads:
 * the first drawing of a vega-lite chart compiles the chart library's code and takes several times
 * as long as the next, and the first chart after Run should not wait for it.
 */
async function warmCharts(): Promise<void> {
  const monthly = Object.fromEntries(SERIES.map((name) => [name, [0, 0]])) as ReplicationResult['monthly'];
  const results = [partialResult(0, monthly)];
  const holder = el('div', { 'aria-hidden': 'true', style: 'position:absolute;left:-10000px;top:0;width:800px;visibility:hidden' });
  document.body.append(holder);
  try {
    for (const chart of [populationChart(results, state.base.facilities), queueChart(results), occupancyChart(results, state.base.facilities)]) {
      const target = el('div');
      holder.append(target);
      const spec = { ...(chart.spec as object), width: 'container', autosize: { type: 'fit-x', contains: 'padding' } } as Parameters<typeof vegaEmbed>[1];
      (await vegaEmbed(target, spec, { actions: false, renderer: 'svg' })).finalize();
    }
  } finally {
    holder.remove();
  }
}

// --- Tables and words ---------------------------------------------------------------------------

function metricRow(name: string, label: string, s: MetricSummary | undefined): HTMLTableRowElement {
  const unit = UNITS[name] ?? '';
  return el('tr', { 'data-metric': name }, el('th', { scope: 'row', title: DESCRIPTIONS[name] ?? '' }, label), el('td', { text: formatValue(s?.mean, unit) }), el('td', { text: s === undefined ? '–' : formatInterval(s, unit) }));
}

function showRun(outcome: RunOutcomeMessage, setup: Setup, results: ReplicationResult[]): void {
  const summary = outcome.summary;
  const out = byId('run-results');
  out.hidden = false;
  if (summary === undefined) {
    byId('run-summary').textContent = 'No replication finished.';
    return;
  }
  const m = summary.metrics;
  const table = el(
    'table',
    { class: 'metrics' },
    el('caption', { text: `${summary.scenario.name}: ${summary.replications} replications of ${summary.years} years, seed ${summary.seed}` }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Measure' }), el('th', { scope: 'col', text: 'Mean' }), el('th', { scope: 'col', text: 'How sure: 95% interval of the mean' }))),
    el('tbody', {}, ...HEADLINES.map(([name, label]) => metricRow(name, label, m[name]))),
  );
  byId('run-table').replaceChildren(table);
  const v = (name: string) => formatValue(m[name]?.mean, UNITS[name] ?? '');
  const words = [
    `On an average day ${v('population_total')} people are in prison (${v('population_high')} in high security, ${v('population_low')} in open prisons) and ${v('population_em')} serve at home on electronic monitoring.`,
    `${v('sentence_queue')} people wait at liberty to serve, on average ${v('queue_wait_days_mean')} days.`,
    m.reconviction_2y?.mean != null
      ? `Of those released, ${v('reconviction_2y')} are back in prison within two years.`
      : 'Reconviction within two years needs a run of at least three years to be measured.',
    `The system costs ${v('cost_per_year_nok')} a year.`,
    outcome.complete ? `These are means over ${summary.replications} replications; the intervals in the table say how far they could move with more.` : `Only ${summary.replications} of ${outcome.asked} replications finished (stopped or failed): the figures rest on those.`,
  ];
  byId('run-summary').textContent = words.join(' ');
  showFailures(outcome.failures);
  showStories(outcome.stories ?? []);
  byId('run-command').textContent = runCommandLine(setup);
  downloads(setup);
}

function showFailures(failures: ReadonlyArray<{ replication: number; seed: number; message: string }>): void {
  byId('failures').textContent = failures.map((f) => `Replication ${f.replication} (seed ${f.seed}) failed: ${f.message}`).join('\n');
}

function showStories(stories: NonNullable<RunOutcomeMessage['stories']>): void {
  const holder = byId('story-list');
  holder.replaceChildren();
  for (const person of stories) {
    const [portrait, ...lines] = person.lines;
    holder.append(
      el(
        'article',
        { class: 'story' },
        el('h4', { text: `Person ${person.id}` }),
        el('p', { class: 'portrait', text: portrait?.text.replace(/^Person \d+: /, '') ?? '' }),
        el('ol', { class: 'timeline' }, ...lines.map((l) => el('li', {}, el('time', { datetime: l.date ?? '', text: l.date ?? `day ${Math.round(l.day)}` }), ' ', l.text))),
      ),
    );
  }
  if (stories.length === 0) holder.append(el('p', { text: 'No life story asked for (set “Life stories” above 0).' }));
  void show('chart-stories', storiesChart(stories));
}

function differenceRow(d: PairedDifference, label: string): HTMLTableRowElement {
  const unit = UNITS[d.metric] ?? '';
  const ci = d.difference.ci95;
  const interval = ci === null || d.difference.n < 2 ? 'too few replications' : `${formatDifference(ci[0], unit)} to ${formatDifference(ci[1], unit)}`;
  return el(
    'tr',
    { 'data-metric': d.metric },
    el('th', { scope: 'row', title: DESCRIPTIONS[d.metric] ?? '' }, label),
    el('td', { text: formatValue(d.baseline, unit) }),
    el('td', { text: formatValue(d.policy, unit) }),
    el('td', { text: `${formatDifference(d.difference.mean, unit)} (${formatRelative(d.relative)})` }),
    el('td', { text: interval }),
    el('td', { text: verdict(d) }),
  );
}

function showCompare(outcome: CompareOutcomeMessage, setup: Setup, results: ReplicationResult[][]): void {
  const out = byId('compare-results');
  out.hidden = false;
  const differences = outcome.differences[0];
  if (differences === null || differences === undefined) {
    byId('compare-summary').textContent = 'No pair of replications finished.';
    return;
  }
  const byMetric = new Map(differences.map((d) => [d.metric, d]));
  const rows = HEADLINES.filter(([name]) => byMetric.has(name)).map(([name, label]) => differenceRow(byMetric.get(name)!, label));
  const n = outcome.comparison?.replications ?? 0;
  byId('compare-table').replaceChildren(
    el(
      'table',
      { class: 'metrics' },
      el('caption', { text: `${changedName(setup.scenario)} against ${setup.scenario}: ${n} paired replications of ${setup.years} years, seed ${setup.seed}` }),
      el('thead', {}, el('tr', {}, ...['Measure', 'Baseline', 'Changed', 'Difference', '95% interval of the difference', 'Verdict'].map((t) => el('th', { scope: 'col', text: t })))),
      el('tbody', {}, ...rows),
    ),
  );
  const clear = HEADLINES.map(([name, label]) => [byMetric.get(name), label] as const).filter(([d]) => d !== undefined && d.difference.ci95 !== null && d.difference.n >= 2 && (d.difference.ci95[0] > 0 || d.difference.ci95[1] < 0));
  const words =
    setup.sets.length === 0
      ? ['No lever was moved, so both sides are the same scenario: every difference is exactly zero.']
      : [
          `You changed ${setup.sets.length} setting${setup.sets.length === 1 ? '' : 's'}. Both sides ran the same ${n} replications with the same random numbers (the same people, the same luck), so the differences are the policy's alone.`,
          clear.length === 0
            ? 'No headline figure changed by more than the replications can tell apart: either the change does little, or more replications are needed to see it.'
            : `Clear changes (the 95% interval leaves out zero): ${clear.map(([d, label]) => `${label.toLowerCase()} ${formatDifference(d!.difference.mean, UNITS[d!.metric] ?? '')}`).join('; ')}.`,
          'Everything else moved less than the noise: read those as “no clear difference”, not as “no effect”.',
        ];
  byId('compare-summary').textContent = words.join(' ');
  const changedLabel = changedName(setup.scenario);
  void show('chart-forest', forestChart([{ policy: changedLabel, differences }]));
  void show(
    'chart-difference',
    pairedSeriesChart(sorted(results[0]), [{ name: changedLabel, results: sorted(results[1]) }], 'population_total', {
      title: 'Change in the prison population (people)',
      subtitle: 'Changed − baseline, month by month, replication by replication.',
      yTitle: 'Difference in people held',
    }),
  );
  showFailures(outcome.failures);
  byId('compare-command').textContent = compareCommandLine(setup, `${changedLabel}.yaml`);
  downloads(setup);
}

// --- Downloads ----------------------------------------------------------------------------------

function saveUrl(url: string, name: string): void {
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

function saveText(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  saveUrl(url, name);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function downloadButton(label: string, make: () => [string, string, string]): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'download' }, label);
  button.addEventListener('click', () => saveText(...make()));
  return button;
}

function downloads(setup: Setup): void {
  const holder = byId('downloads');
  holder.replaceChildren();
  const run = state.lastRun;
  const cmp = state.lastCompare;
  const items: HTMLElement[] = [];
  const changed = loadSetup(SCENARIOS, setup.scenario, changedSets(setup));
  if (changed.ok) items.push(downloadButton(`Scenario (${changedName(setup.scenario)}.yaml)`, () => [changedScenarioYaml(setup, changed, stringify), `${changedName(setup.scenario)}.yaml`, 'text/yaml']));
  if (run?.outcome.summary !== undefined) {
    const { summary } = run.outcome;
    items.push(
      downloadButton('Run: summary.json', () => [jsonText(summary), 'summary.json', 'application/json']),
      downloadButton('Run: replications.csv', () => [replicationsCsv(run.results), 'replications.csv', 'text/csv']),
      downloadButton('Run: timeseries.csv', () => [timeseriesCsv(run.results, summary.scenario.resolved.run.startDate), 'timeseries.csv', 'text/csv']),
      downloadButton('Life stories (stories.json)', () => [jsonText(run.outcome.stories ?? []), 'stories.json', 'application/json']),
    );
  }
  if (cmp?.outcome.comparison !== undefined) {
    const { comparison } = cmp.outcome;
    items.push(
      downloadButton('Compare: comparison.json', () => [jsonText(comparison), 'comparison.json', 'application/json']),
      downloadButton('Compare: comparison.csv', () => [comparisonCsv(comparison), 'comparison.csv', 'text/csv']),
    );
  }
  items.push(el('a', { href: CENSUS_FILE, download: CENSUS_FILE, class: 'download' }, `The census every run starts from (${CENSUS_FILE})`));
  holder.append(...items);
}

// --- Running ------------------------------------------------------------------------------------

function start(kind: StudyKind): void {
  // The form was checked as it was typed in (validate() on every input), so Run need not wait for it again.
  if (!state.valid || state.running !== undefined) return;
  const setup = currentSetup();
  const id = nextId++;
  state.running = { id, kind, setup, results: [[], []], partials: [new Map(), new Map()], started: performance.now() };
  lastRedraw = -Infinity;
  updateButtons();
  byId<HTMLProgressElement>('progress').value = 0;
  setStatus(kind === 'run' ? 'Running…' : 'Comparing…');
  study.postMessage({ type: 'study', id, kind, setup } satisfies ToStudy);
}

/** The replication workers the study worker asked for (see protocol.ts), by their number. */
const replicas = new Map<number, Worker>();
let workerUrl = '';
let censusCsv = '';

function onStudyMessage(message: FromStudy): void {
  if (message.type === 'replica-spawn') {
    const worker = new Worker(workerUrl);
    worker.onmessage = (event: MessageEvent) => study.postMessage({ type: 'replica-message', rid: message.rid, data: event.data } satisfies ToStudy);
    worker.onerror = (event: ErrorEvent) => study.postMessage({ type: 'replica-error', rid: message.rid, message: event.message || 'the replication worker failed' } satisfies ToStudy);
    // The replication worker reads the census itself, once, while nothing runs yet.
    worker.postMessage({ type: 'census', csv: censusCsv, warmup: state.base } satisfies ToReplica);
    replicas.set(message.rid, worker);
    return;
  }
  if (message.type === 'replica-post') {
    replicas.get(message.rid)?.postMessage(message.message);
    return;
  }
  if (message.type === 'replica-terminate') {
    replicas.get(message.rid)?.terminate();
    replicas.delete(message.rid);
    return;
  }
  if (message.type === 'ready') {
    ready = true;
    setStatus(`Ready: every run starts from today's ${message.people.toLocaleString('en-GB')} people (the census), on ${navigator.hardwareConcurrency || 1} worker${navigator.hardwareConcurrency === 1 ? '' : 's'}.`);
    updateButtons();
    return;
  }
  const running = state.running;
  if (running === undefined || message.id !== running.id) return;
  if (message.type === 'progress') {
    const bar = byId<HTMLProgressElement>('progress');
    bar.max = Math.max(1, message.total);
    bar.value = message.done;
    // The study's first word (nothing done yet) does not know the workers: say only what started.
    if (message.total > 0 && message.done === 0) setStatus(`${message.total} replication${message.total === 1 ? '' : 's'} started; the charts show their months as they come…`);
    else if (message.total > 0) setStatus(`${message.done} of ${message.total} replications done, ${message.elapsedSeconds.toFixed(1)} s, ${message.workers} worker${message.workers === 1 ? '' : 's'}${message.done === message.total && running.kind === 'run' && running.setup.stories > 0 ? ' — telling the life stories…' : ''}`);
  } else if (message.type === 'partial') {
    running.partials[message.scenario].set(message.replication, message.monthly);
    redrawLive();
  } else if (message.type === 'replication') {
    running.results[message.scenario].push(message.result);
    running.partials[message.scenario].delete(message.result.replication);
    redrawLive();
  } else if (message.type === 'failed') {
    state.running = undefined;
    setStatus('The study did not run.');
    byId('general-messages').textContent = message.errors.join(' · ');
    updateButtons();
  } else if (message.type === 'done') {
    state.running = undefined;
    const seconds = (performance.now() - running.started) / 1000;
    document.body.dataset.lastSeconds = seconds.toFixed(2);
    const outcome = message.outcome;
    if (outcome.kind === 'run') {
      const results = sorted(running.results[0]);
      state.lastRun = { setup: running.setup, outcome, results };
      void drawRunCharts(results, changedScenario(running.setup));
      showRun(outcome, running.setup, results);
    } else {
      const results = running.results.map(sorted);
      state.lastCompare = { setup: running.setup, outcome, results };
      void drawRunCharts(results[1], changedScenario(running.setup));
      showCompare(outcome, running.setup, results);
    }
    const failed = outcome.failures.length;
    setStatus(failed > 0 ? `Finished in ${seconds.toFixed(1)} s with ${failed} failed replication${failed === 1 ? '' : 's'} (see below); the figures rest on those that finished.` : `${outcome.complete ? 'Done' : 'Stopped'} in ${seconds.toFixed(1)} s.`);
    document.body.dataset.done = String(Number(document.body.dataset.done ?? '0') + 1);
    updateButtons();
  }
}

// --- Start --------------------------------------------------------------------------------------

function formField(id: string, label: string, value: number, min: number, max: number, help: string): HTMLElement {
  return el(
    'div',
    { class: 'field' },
    el('label', { for: id, text: label }),
    el('input', { type: 'number', id, value, min, max, step: 1, 'aria-describedby': `msg-${id}` }),
    el('p', { class: 'help', text: help }),
    el('p', { class: 'message', id: `msg-${id}`, 'aria-live': 'polite' }),
  );
}

function main(): void {
  const census = (globalThis as { CORRSIM_CENSUS_CSV?: string }).CORRSIM_CENSUS_CSV;
  byId('version').textContent = `corrsim ${VERSION}`;
  const select = byId<HTMLSelectElement>('scenario');
  for (const s of scenarioList(SCENARIOS)) select.append(el('option', { value: s.name, selected: s.name === 'norway-baseline' }, s.name));
  byId('settings').append(
    formField('replications', 'Replications', 10, LIMITS.replications.min, LIMITS.replications.max, 'Runs of the same policy with different luck; more give narrower intervals.'),
    formField('years', 'Years', 10, LIMITS.years.min, LIMITS.years.max, 'Years simulated from today.'),
    formField('seed', 'Seed', 1, 0, Number.MAX_SAFE_INTEGER, 'The same seed gives the same numbers, here and with corrsim run.'),
    formField('stories', 'Life stories', 3, LIMITS.stories.min, LIMITS.stories.max, 'People of the first replication followed through the run.'),
  );
  state = { scenario: 'norway-baseline', base: undefined as unknown as Scenario, levers: [], values: {}, valid: false, views: new Map() };
  chooseScenario(select.value);
  select.addEventListener('change', () => chooseScenario(select.value));
  for (const id of ['replications', 'years', 'seed', 'stories']) byId(id).addEventListener('input', () => validate());
  byId('run').addEventListener('click', () => start('run'));
  byId('compare').addEventListener('click', () => start('compare'));
  byId('stop').addEventListener('click', () => {
    if (state.running === undefined) return;
    study.postMessage({ type: 'stop', id: state.running.id } satisfies ToStudy);
    setStatus('Stopping: the replications already running finish first…');
  });
  downloads(currentSetup());
  if (census === undefined) {
    setStatus('The census (census.js) did not load: rebuild the page with npm run build:web.');
    return;
  }
  censusCsv = census;
  workerUrl = URL.createObjectURL(new Blob([WORKER_CODE], { type: 'text/javascript' }));
  study = new Worker(workerUrl);
  study.onmessage = (event: MessageEvent) => onStudyMessage(event.data as FromStudy);
  study.onerror = (event: ErrorEvent) => {
    setStatus(`The study worker failed: ${event.message}`);
    state.running = undefined;
    updateButtons();
  };
  const threads = Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 16));
  study.postMessage({ type: 'init', texts: SCENARIOS, censusCsv: census, threads, version: VERSION } satisfies ToStudy);
  setStatus('Loading the census…');
  updateButtons();
  setTimeout(() => void warmCharts(), 0);
}

main();
