/**
 * `corrsim seminar`: bad flags are one line and exit 2; the server listens on 127.0.0.1 only,
 * serves the built page and nothing outside it, refuses other hosts and methods, and stops cleanly
 * (exit 0) when interrupted, as Ctrl-C does.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../web/built.js';
import { cli } from './capture.js';

function get(url: string, options: { method?: string; host?: string } = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: options.method ?? 'GET', headers: options.host ? { host: options.host } : {} }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('corrsim seminar', () => {
  it.each([
    [['seminar', '--port', 'abc'], "corrsim: --port must be a port number from 1 to 65535; got 'abc'"],
    [['seminar', '--port', '70000'], "corrsim: --port must be a port number from 1 to 65535; got '70000'"],
    [['seminar', '--frob'], 'corrsim: unknown option --frob (see --help)'],
  ])('refuses %j in one line, exit 2', async (argv, line) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${line}\n`);
  });

  it('serves the page on loopback, nothing outside it, and stops on interrupt', async () => {
    await ensureWebBuilt();
    const stop = new AbortController();
    let out = '';
    const running = cli(['seminar'], { stdout: { write: (t: string) => (out += t) }, interrupt: stop.signal });
    for (let i = 0; i < 200 && !out.includes('\n'); i++) await new Promise((r) => setTimeout(r, 25));
    const url = /^corrsim seminar: (http:\/\/127\.0\.0\.1:(\d+)\/)\n$/.exec(out);
    expect(url, out).not.toBeNull();
    const base = url![1];
    const page = await get(base);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>corrsim seminar');
    expect((await get(`${base}app.js`)).type).toBe('text/javascript; charset=utf-8');
    expect((await get(`${base}census-norway-baseline.csv`)).body.startsWith('status,elapsed_days')).toBe(true);
    expect((await get(`${base}..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await get(`${base}nothing-here.js`)).status).toBe(404);
    expect((await get(base, { method: 'POST' })).status).toBe(405);
    expect((await get(base, { host: `evil.example:${url![2]}` })).status).toBe(403);
    // Port given: the same port is taken, so a second server says so in one line.
    const second = await cli(['seminar', '--port', url![2]]);
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(`corrsim: --port ${url![2]}: the port is in use (leave out --port for a free one)\n`);
    stop.abort();
    const ended = await running;
    expect(ended.code).toBe(0);
    expect(ended.stderr).toContain('seminar server stopped');
    await expect(get(base)).rejects.toThrow();
  });
});
