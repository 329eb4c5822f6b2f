/**
 * Small helpers shared by the benchmark sections: timing, statistics, memory sampling, machine
 * description and plain-text table formatting. Nothing here imports the simulator.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

// --- Sections --------------------------------------------------------------------------------

export interface BenchOptions {
  /** Fewer and shorter runs, for a smoke check. */
  quick: boolean;
  /** One JSON object on stdout instead of the text report. */
  json: boolean;
}

export interface BenchContext {
  readonly options: BenchOptions;
  /** A progress line; goes to stderr (only when it is a terminal), never into the report. */
  progress(message: string): void;
}

export type CellValue = number | string | null;

export interface Column {
  /** Key into BenchRow.values and the name used in the JSON output. */
  key: string;
  header: string;
  /** How a numeric value is shown in the text report (strings are shown as they are). */
  format?: (value: number) => string;
}

export interface BenchRow {
  label: string;
  values: Record<string, CellValue>;
  /** false for a row listed for reference but left out of the medians (e.g. a warm-up run). */
  counted?: boolean;
}

export interface SectionResult {
  columns: Column[];
  rows: BenchRow[];
  /** Headline numbers (medians etc.) that other code, such as the verdict, reads by name. */
  metrics: Record<string, number>;
  /** Free-text lines printed under the table. */
  notes: string[];
}

export interface BenchSection {
  id: string;
  title: string;
  run(context: BenchContext): Promise<SectionResult> | SectionResult;
}

// --- Timing ----------------------------------------------------------------------------------

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: msSince(start) };
}

/** Lets pending callbacks (progress output, GC observer entries) run between synchronous runs. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

// --- Statistics ------------------------------------------------------------------------------

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** (max - min) / median, as a rough measure of run-to-run noise. */
export function spread(values: readonly number[]): number {
  if (values.length < 2) return 0;
  return (Math.max(...values) - Math.min(...values)) / median(values);
}

// --- Memory ----------------------------------------------------------------------------------

/** Tracks the largest rss and heapUsed seen over explicit sample() calls. */
export class MemoryPeak {
  rss = 0;
  heapUsed = 0;

  sample(): { rss: number; heapUsed: number } {
    const usage = process.memoryUsage();
    if (usage.rss > this.rss) this.rss = usage.rss;
    if (usage.heapUsed > this.heapUsed) this.heapUsed = usage.heapUsed;
    return { rss: usage.rss, heapUsed: usage.heapUsed };
  }
}

/** The process's peak resident set so far, in bytes (resourceUsage reports kilobytes). */
export function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

// --- Machine ---------------------------------------------------------------------------------

export interface MachineInfo {
  node: string;
  v8: string;
  platform: string;
  arch: string;
  cpu: string;
  cores: number;
  totalMemory: number;
  /** 1, 5 and 15 minute load averages when the benchmark started. */
  loadAverage: number[];
  gitCommit: string | null;
  gitDirty: boolean | null;
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  } catch {
    return null;
  }
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const status = commit === null ? null : git(['status', '--porcelain', '--untracked-files=no']);
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: os.platform(),
    arch: os.arch(),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    totalMemory: os.totalmem(),
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    gitCommit: commit,
    gitDirty: status === null ? null : status.length > 0,
  };
}

// --- Formatting ------------------------------------------------------------------------------

/** 1234567 → "1,234,567". */
export function formatInt(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** An events/s style rate: "1.23 M/s", "456.7 k/s". */
export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M/s`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k/s`;
  return `${value.toFixed(1)} /s`;
}

export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

/** Bytes as mebibytes: "123.4 MiB". */
export function formatMiB(value: number): string {
  return `${(value / 2 ** 20).toFixed(1)} MiB`;
}

export function formatPercent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

export function formatFixed(digits: number): (value: number) => string {
  return (value) => value.toFixed(digits);
}

function formatCell(column: Column, value: CellValue | undefined): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string') return value;
  return column.format !== undefined ? column.format(value) : String(value);
}

/** A plain-text table: first column (row labels) left-aligned, the others right-aligned. */
export function renderTable(columns: readonly Column[], rows: readonly BenchRow[], indent = '  '): string {
  const header = ['', ...columns.map((c) => c.header)];
  const body = rows.map((row) => [row.label, ...columns.map((c) => formatCell(c, row.values[c.key]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
  const line = (cells: string[]) =>
    indent + cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  const rule = indent + widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...body.map(line)].join('\n');
}
