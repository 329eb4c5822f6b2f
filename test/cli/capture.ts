import { runCli, type CliIo } from '../../src/cli/cli.js';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command line in-process and returns its exit code and what it printed. */
export async function cli(argv: string[], extra: Partial<CliIo> = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
    ...extra,
  });
  return { code, stdout, stderr };
}
