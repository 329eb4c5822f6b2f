import type { BatchProgress } from '../experiments/batch.js';
import { formatDuration } from '../report/numbers.js';
import type { CliIo } from './io.js';

/**
 * A one-line progress bar on stderr, redrawn in place after each replication: replications
 * done/total, the rate, and the time left at that rate.
 */
export class ProgressBar {
  private drawn = false;

  constructor(private readonly stream: CliIo['stderr']) {}

  update(p: BatchProgress): void {
    this.stream.write(`\r${progressLine(p, this.stream.columns ?? 80)}\x1b[K`);
    this.drawn = true;
  }

  /** Clears the line so that what follows starts on a clean one. */
  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

export function progressLine(p: BatchProgress, columns: number): string {
  const rate = p.elapsedSeconds > 0 ? replicationsAccountedFor(p) / p.elapsedSeconds : 0;
  const left = p.total - p.done;
  const eta = rate > 0 ? formatDuration(left / rate) : '?';
  const text = ` ${p.done}/${p.total} replications  ${formatRate(rate)}/s  ETA ${eta}`;
  const width = Math.max(10, Math.min(30, columns - text.length - 3));
  const filled = p.total > 0 ? Math.round((width * p.done) / p.total) : width;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]${text}`;
}

/**
 * With N threads, replications finish in rounds of about N: when the first of a round is done, the
 * others are nearly done too. Counting whole rounds keeps the rate (and the time left) of the
 * first rounds from looking up to N times too slow. With one thread this is just `done`.
 */
function replicationsAccountedFor(p: BatchProgress): number {
  const workers = Math.max(1, p.workers);
  return Math.min(p.total, Math.ceil(p.done / workers) * workers);
}

function formatRate(rate: number): string {
  return rate >= 10 ? rate.toFixed(0) : rate >= 1 ? rate.toFixed(1) : rate.toFixed(2);
}
