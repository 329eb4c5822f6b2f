/**
 * `corrsim seminar`: serves the seminar page (dist/web, written by `npm run build:web`) on the
 * loopback address, prints its URL, opens a browser with --open, and stops on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../scenario/files.node.js';
import { parseNumber } from '../flags.js';
import { EXIT_FAILED, EXIT_OK, usageError, type CliIo } from '../io.js';
import { serveFolder, type StaticServer } from '../static-server.js';

export interface SeminarArgs {
  port?: unknown;
  open?: unknown;
  quiet?: unknown;
}

/** Where the built page is. */
export function seminarFolder(): string {
  return join(packageRoot(), 'dist', 'web');
}

export async function seminarCommand(args: SeminarArgs, io: CliIo): Promise<number> {
  const problems: string[] = [];
  const port = parseNumber(args.port, '--port', 'a port number from 1 to 65535', (x) => Number.isInteger(x) && x >= 1 && x <= 65535, problems);
  if (problems.length > 0) return usageError(io, problems);
  const folder = seminarFolder();
  if (!existsSync(join(folder, 'index.html')) || !existsSync(join(folder, 'census.js'))) {
    io.stderr.write(`corrsim: the seminar page is not built (${join(folder, 'index.html')} is missing): run npm run build:web\n`);
    return EXIT_FAILED;
  }
  let server: StaticServer;
  try {
    server = await serveFolder(folder, port ?? 0);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') return usageError(io, [`--port ${port}: the port is in use (leave out --port for a free one)`]);
    if (code === 'EACCES') return usageError(io, [`--port ${port}: not allowed to listen on it (try a port above 1023)`]);
    io.stderr.write(`corrsim: cannot start the seminar server: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  }
  io.stdout.write(`corrsim seminar: ${server.url}\n`);
  if (args.quiet !== true) io.stderr.write('corrsim: serving the seminar page on this computer only; Ctrl-C to stop\n');
  if (args.open === true) openBrowser(server.url, io);
  await new Promise<void>((resolve) => {
    if (io.interrupt === undefined) return; // no way to be stopped but the process's end
    if (io.interrupt.aborted) return resolve();
    io.interrupt.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  if (args.quiet !== true) io.stderr.write('corrsim: seminar server stopped\n');
  return EXIT_OK;
}

/** The platform's way to open a URL in the default browser; a failure is a note, not an error. */
function openBrowser(url: string, io: CliIo): void {
  const [command, ...rest] = process.platform === 'darwin' ? ['open'] : process.platform === 'win32' ? ['cmd', '/c', 'start', '""'] : ['xdg-open'];
  try {
    const child = spawn(command, [...rest, url], { stdio: 'ignore', detached: true });
    child.on('error', () => io.stderr.write(`corrsim: could not open a browser (${command}); open ${url} yourself\n`));
    child.unref();
  } catch {
    io.stderr.write(`corrsim: could not open a browser (${command}); open ${url} yourself\n`);
  }
}
