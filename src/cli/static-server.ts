/**
 * A small static file server for the seminar page (`corrsim seminar`): loopback only, GET and HEAD
 * only, files from one folder and nothing outside it, and only for a Host header naming the
 * loopback address (so a web page elsewhere cannot reach it through a DNS name that points here).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

export const LOOPBACK = '127.0.0.1';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts serving `folder` on 127.0.0.1:`port` (0: a free port). Rejects with the listen error (e.g. EADDRINUSE). */
export function serveFolder(folder: string, port: number): Promise<StaticServer> {
  const server = createServer((request, response) => {
    void answer(folder, server, request, response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      const actual = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${LOOPBACK}:${actual}/`,
        port: actual,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function answer(folder: string, server: Server, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const port = (server.address() as AddressInfo).port;
  const host = request.headers.host ?? '';
  if (host !== `${LOOPBACK}:${port}` && host !== `localhost:${port}`) return plain(response, 403, 'forbidden: only http://127.0.0.1 may ask\n');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return plain(response, 405, 'method not allowed\n');
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(request.url ?? '/', `http://${host}`).pathname);
  } catch {
    return plain(response, 400, 'bad request\n');
  }
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(folder, path));
  if (!file.startsWith(normalize(folder) + sep) || path.includes('\0')) return plain(response, 404, 'not found\n');
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) return plain(response, 404, 'not found\n');
    size = info.size;
  } catch {
    return plain(response, 404, 'not found\n');
  }
  response.writeHead(200, {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(file).pipe(response);
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}
