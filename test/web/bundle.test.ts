/**
 * Same answers, exactly: the page's worker code, bundled by esbuild as build:web bundles it, run on
 * Node's V8 (in worker threads standing in for Web Workers: `self`, `postMessage` and `onmessage`
 * as a browser gives them; this test plays the page, starting the replication workers the study
 * worker asks for and passing their messages) gives byte for byte the metrics `corrsim run` gives
 * for the command line the page prints, on a pool of two replication workers, which also tell the
 * months of a replication as they come. test/web/browser.test.ts checks the same in Chromium.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinScenarioDir, loadScenario, packageRoot } from '../../src/scenario/files.node.js';
import { cli } from '../cli/capture.js';
import type { FromStudy, RunOutcomeMessage, ToReplica, ToStudy } from '../../web/src/protocol.js';
import { CENSUS_FILE, runCommandLine, type Setup } from '../../web/src/session.js';

/** A worker thread dressed as a Web Worker: it runs `code` with the globals a browser's worker has. */
const BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
globalThis.self = globalThis;
globalThis.postMessage = (m) => parentPort.postMessage(m);
parentPort.on('message', (data) => { if (typeof globalThis.onmessage === 'function') globalThis.onmessage({ data }); });
new Function(workerData.code)();
`;

describe('the bundled worker code on Node', () => {
  let dir: string;
  let censusCsv: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'corrsim-seminar-bundle-'));
    const made = await cli(['census', 'norway-baseline', '--warmup-years', '3', '-o', join(dir, 'census'), '--quiet']);
    expect(made.code, made.stderr).toBe(0);
    censusCsv = await readFile(join(dir, 'census', 'census.csv'), 'utf8');
    // The page's census file name, so that both sides record the same census.
    await writeFile(join(dir, CENSUS_FILE), censusCsv);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives corrsim run’s metrics byte for byte, on two replication workers', async () => {
    const bundled = await build({ entryPoints: [join(packageRoot(), 'web', 'src', 'worker.ts')], bundle: true, minify: true, platform: 'browser', format: 'iife', target: ['es2022'], write: false, logLevel: 'error' });
    const code = bundled.outputFiles[0].text;
    const texts = Object.fromEntries(readdirSync(builtinScenarioDir()).filter((n) => n.endsWith('.yaml')).map((n) => [n, readFileSync(join(builtinScenarioDir(), n), 'utf8')]));
    const setup: Setup = { scenario: 'norway-baseline', sets: ['programs.education.slots=1400', 'electronicMonitoring.capacity=800'], seed: 5, replications: 3, years: 1, stories: 1 };

    const loaded = loadScenario('norway-baseline');
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const baseline = loaded.scenario;
    const study = new Worker(BOOT, { eval: true, workerData: { code } });
    const replicas = new Map<number, Worker>();
    const messages: FromStudy[] = [];
    const outcome = await new Promise<RunOutcomeMessage>((resolve, reject) => {
      study.on('error', reject);
      study.on('message', (m: FromStudy) => {
        messages.push(m);
        if (m.type === 'replica-spawn') {
          const replica = new Worker(BOOT, { eval: true, workerData: { code } });
          replica.on('message', (data) => study.postMessage({ type: 'replica-message', rid: m.rid, data } satisfies ToStudy));
          replica.on('error', (e) => study.postMessage({ type: 'replica-error', rid: m.rid, message: e.message } satisfies ToStudy));
          // With the page's warm-up month, which must change nothing.
          replica.postMessage({ type: 'census', csv: censusCsv, warmup: baseline } satisfies ToReplica);
          replicas.set(m.rid, replica);
        } else if (m.type === 'replica-post') replicas.get(m.rid)!.postMessage(m.message);
        else if (m.type === 'replica-terminate') void replicas.get(m.rid)!.terminate();
        else if (m.type === 'ready') study.postMessage({ type: 'study', id: 1, kind: 'run', setup } satisfies ToStudy);
        else if (m.type === 'failed') reject(new Error(m.errors.join('\n')));
        else if (m.type === 'done' && m.outcome.kind === 'run') resolve(m.outcome);
      });
      study.postMessage({ type: 'init', texts, censusCsv, threads: 2, version: 'test' } satisfies ToStudy);
    });
    await study.terminate();
    for (const replica of replicas.values()) await replica.terminate();
    expect(replicas.size).toBe(2); // one pool of two replication workers

    const args = runCommandLine(setup).split(' ').slice(1).map((w) => (w === CENSUS_FILE ? join(dir, CENSUS_FILE) : w));
    const command = await cli([...args, '-j', '1', '-o', join(dir, 'run'), '--quiet']);
    expect(command.code, command.stderr).toBe(0);
    const expected = JSON.parse(await readFile(join(dir, 'run', 'summary.json'), 'utf8'));
    expect(outcome.summary!.metrics).toEqual(expected.metrics);
    expect(outcome.summary!.performance.events).toBe(expected.performance.events);
    expect(outcome.summary!.performance.workers).toBe(2);
    expect(outcome.stories!.length).toBe(1);
    // Every replication was told to the page as it finished, and progress went to the end.
    expect(messages.filter((m) => m.type === 'replication').length).toBe(3);
    expect(messages.some((m) => m.type === 'progress' && m.done === 3 && m.total === 3)).toBe(true);
    // Each replication told its first months before it finished, and they are the finished run's first months.
    const partials = messages.filter((m): m is Extract<FromStudy, { type: 'partial' }> => m.type === 'partial');
    const finished = new Map(messages.filter((m): m is Extract<FromStudy, { type: 'replication' }> => m.type === 'replication').map((m) => [m.result.replication, m.result]));
    expect(new Set(partials.map((m) => m.replication))).toEqual(new Set([0, 1, 2]));
    for (const p of partials) {
      const months = p.monthly.population_total.length;
      expect(months).toBeGreaterThan(0);
      expect(months).toBeLessThan(12);
      expect(p.monthly.population_total).toEqual(finished.get(p.replication)!.monthly.population_total.slice(0, months));
    }
  });
});
