/**
 * corrsim performance baseline: `npm run bench` (builds first), or `node dist/bench/baseline.js`.
 *
 *   --quick   fewer and shorter runs (a smoke check, a few seconds)
 *   --compare REF [--rounds N] [--cases …]   this checkout against another commit (bench/compare.ts)
 *   --json    print one JSON object on stdout instead of the text report
 *   --help    this text
 *
 * The report is a list of sections, each a table of rows plus headline metrics. To add one (a
 * worker-pool scaling section, chart rendering time, ...), write a BenchSection in its own file
 * and append it to SECTIONS; the verdict reads only the `model` section's metrics.
 */
import { COMPARE_USAGE, compareMain, parseCompareArgs } from './compare.js';
import { engineSection } from './engine.js';
import { BUSY_CPU_SHARE, fullModelSection } from './model.js';
import { censusSection, poolSection, reportSection } from './sections.js';
import { seminarSection } from './seminar.js';
import {
  formatMiB,
  formatRate,
  machineInfo,
  msSince,
  renderTable,
  type BenchContext,
  type BenchOptions,
  type BenchSection,
  type MachineInfo,
  type SectionResult,
} from './util.js';

const SECTIONS: readonly BenchSection[] = [engineSection, fullModelSection, poolSection, censusSection, reportSection, seminarSection];

/** Full model on one core, events per second. */
const TARGET_EVENTS_PER_SECOND = 1.5e6;
/** Below this the design, not the tuning, is at fault. */
const STRUCTURAL_FLOOR_EVENTS_PER_SECOND = 0.5e6;

const USAGE = `usage: node dist/bench/baseline.js [--quick] [--json] [--help]
  --quick   fewer and shorter runs
  --json    print one JSON object (machine-readable) instead of the text report
   or: ${COMPARE_USAGE}`;

function parseArgs(argv: readonly string[]): BenchOptions | { help: true } | { error: string } {
  const options: BenchOptions = { quick: false, json: false };
  for (const arg of argv) {
    if (arg === '--quick') options.quick = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--help' || arg === '-h') return { help: true };
    else return { error: `unknown argument: ${arg}` };
  }
  return options;
}

type VerdictStatus = 'meets-target' | 'below-target' | 'structural-problem' | 'unknown';

interface Verdict {
  status: VerdictStatus;
  eventsPerSecond: number | null;
  target: number;
  floor: number;
  message: string;
}

function verdictFor(model: SectionResult | undefined): Verdict {
  const rate = model?.metrics.eventsPerSecond;
  const cpuShare = model?.metrics.cpuShare;
  const busy =
    cpuShare !== undefined && cpuShare < BUSY_CPU_SHARE
      ? `; machine busy (cpu/wall ${cpuShare.toFixed(2)}), so this understates the model`
      : '';
  const base = { target: TARGET_EVENTS_PER_SECOND, floor: STRUCTURAL_FLOOR_EVENTS_PER_SECOND };
  if (rate === undefined || !Number.isFinite(rate)) {
    return { ...base, status: 'unknown', eventsPerSecond: null, message: 'UNKNOWN: the full-model section did not produce a rate' };
  }
  const shown = `full model ${formatRate(rate).replace('/s', ' events/s')} on one core`;
  const against = `(target >= ${formatRate(TARGET_EVENTS_PER_SECOND)}, structural floor ${formatRate(STRUCTURAL_FLOOR_EVENTS_PER_SECOND)})`;
  if (rate >= TARGET_EVENTS_PER_SECOND) {
    return { ...base, status: 'meets-target', eventsPerSecond: rate, message: `PASS: ${shown} ${against}${busy}` };
  }
  if (rate >= STRUCTURAL_FLOOR_EVENTS_PER_SECOND) {
    return {
      ...base,
      status: 'below-target',
      eventsPerSecond: rate,
      message: `BELOW TARGET: ${shown}, ${(TARGET_EVENTS_PER_SECOND / rate).toFixed(1)}x short ${against}${busy}`,
    };
  }
  return {
    ...base,
    status: 'structural-problem',
    eventsPerSecond: rate,
    message: `STRUCTURAL PROBLEM: ${shown}, below the floor; ${(TARGET_EVENTS_PER_SECOND / rate).toFixed(1)}x short of target ${against}${busy}`,
  };
}

interface SectionOutcome {
  section: BenchSection;
  result?: SectionResult;
  error?: string;
  seconds: number;
}

function describeMachine(machine: MachineInfo): string[] {
  const commit =
    machine.gitCommit === null ? 'unknown (not a git checkout?)' : `${machine.gitCommit}${machine.gitDirty ? ' (uncommitted changes)' : ''}`;
  return [
    `  node     ${machine.node} (V8 ${machine.v8}), ${machine.platform}/${machine.arch}`,
    `  cpu      ${machine.cpu}, ${machine.cores} cores, ${formatMiB(machine.totalMemory)} RAM`,
    `  commit   ${commit}`,
    `  load     ${machine.loadAverage.map((x) => x.toFixed(2)).join(' ')} (1/5/15 min averages at start)`,
  ];
}

function printText(options: BenchOptions, machine: MachineInfo, outcomes: SectionOutcome[], verdict: Verdict, seconds: number): void {
  const out: string[] = [];
  out.push(`corrsim benchmark: baseline${options.quick ? ' (--quick)' : ''}`);
  out.push(...describeMachine(machine));
  outcomes.forEach((outcome, i) => {
    out.push('');
    out.push(`${i + 1}. ${outcome.section.title}  [${outcome.seconds.toFixed(1)} s]`);
    if (outcome.result === undefined) {
      out.push(`  FAILED: ${outcome.error}`);
      return;
    }
    out.push(renderTable(outcome.result.columns, outcome.result.rows));
    for (const note of outcome.result.notes) out.push(`  - ${note}`);
  });
  out.push('');
  out.push(`Verdict: ${verdict.message}`);
  out.push(`(benchmark wall time ${seconds.toFixed(1)} s)`);
  process.stdout.write(out.join('\n') + '\n');
}

function printJson(options: BenchOptions, machine: MachineInfo, outcomes: SectionOutcome[], verdict: Verdict, seconds: number): void {
  const sections = outcomes.map(({ section, result, error, seconds: sectionSeconds }) => ({
    id: section.id,
    title: section.title,
    seconds: sectionSeconds,
    ...(result === undefined
      ? { error }
      : {
          columns: result.columns.map(({ key, header }) => ({ key, header })),
          rows: result.rows.map((row) => ({ label: row.label, counted: row.counted ?? true, ...row.values })),
          metrics: result.metrics,
          notes: result.notes,
        }),
  }));
  const report = {
    benchmark: 'corrsim-baseline',
    schemaVersion: 1,
    date: new Date().toISOString(),
    options,
    machine,
    sections,
    verdict,
    wallSeconds: seconds,
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--compare')) {
    const compare = parseCompareArgs(argv);
    if ('error' in compare) {
      process.stderr.write(`${compare.error}\n${USAGE}\n`);
      return 2;
    }
    return compareMain(compare, (message) => process.stderr.write(`  … ${message}\n`));
  }
  const parsed = parseArgs(argv);
  if ('help' in parsed) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error}\n${USAGE}\n`);
    return 2;
  }
  const options = parsed;
  const context: BenchContext = {
    options,
    progress(message) {
      if (process.stderr.isTTY) process.stderr.write(`  … ${message}\n`);
    },
  };

  const machine = machineInfo();
  const start = process.hrtime.bigint();
  const outcomes: SectionOutcome[] = [];
  for (const section of SECTIONS) {
    const sectionStart = process.hrtime.bigint();
    try {
      const result = await section.run(context);
      outcomes.push({ section, result, seconds: msSince(sectionStart) / 1000 });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      outcomes.push({ section, error: message, seconds: msSince(sectionStart) / 1000 });
    }
  }
  const seconds = msSince(start) / 1000;
  const verdict = verdictFor(outcomes.find((o) => o.section.id === fullModelSection.id)?.result);

  if (options.json) printJson(options, machine, outcomes, verdict, seconds);
  else printText(options, machine, outcomes, verdict, seconds);
  // A failed section is a failed benchmark; a slow model is a finding, not a failure.
  return outcomes.some((o) => o.result === undefined) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
