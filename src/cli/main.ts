#!/usr/bin/env node
/**
 * The `corrsim` command. Everything happens in runCli; this file only connects it to the process:
 * arguments, the terminal, Ctrl-C and the exit code.
 */
import { runCli } from './cli.js';

const interrupt = new AbortController();
process.on('SIGINT', () => {
  // The first Ctrl-C lets the current replication finish and the finished ones be written;
  // a second one gives up at once.
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
  if (process.stderr.isTTY) process.stderr.write('\ncorrsim: stopping after the current replication (Ctrl-C again to quit now)\n');
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  interrupt: interrupt.signal,
});
