/** Where a command writes, so that tests can call a command and read what it printed. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** Environment (CORRSIM_DEBUG=1 adds stack traces to internal errors); process.env when absent. */
  env?: Record<string, string | undefined>;
  /** Aborted when the user asks to stop (Ctrl-C): a batch then stops after the current replication. */
  interrupt?: AbortSignal;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT, the shell convention for a run stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

/** Prints one `corrsim: ` line per problem on stderr and returns the usage exit code. */
export function usageError(io: CliIo, problems: readonly string[]): number {
  for (const p of problems) io.stderr.write(`corrsim: ${p}\n`);
  return EXIT_USAGE;
}

/** Prints an internal failure as one line (with the stack when CORRSIM_DEBUG is set) and returns 1. */
export function internalError(io: CliIo, what: string, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  const debug = debugEnabled(io);
  io.stderr.write(`corrsim: ${what}: ${firstLine(message)}${debug ? '' : ' (set CORRSIM_DEBUG=1 for details)'}\n`);
  if (debug && error instanceof Error && error.stack) io.stderr.write(error.stack + '\n');
  return EXIT_FAILED;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0];
}

/** Quotes an argument for a POSIX shell only when it needs it, so a recorded command can be pasted back. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** CORRSIM_DEBUG is set (and not 0): stack traces are printed. */
export function debugEnabled(io: CliIo): boolean {
  const env = io.env ?? process.env;
  return env.CORRSIM_DEBUG !== undefined && env.CORRSIM_DEBUG !== '' && env.CORRSIM_DEBUG !== '0';
}
