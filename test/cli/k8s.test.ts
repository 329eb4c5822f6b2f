/**
 * The Kubernetes recipe (scripts/k8s/corrsim-shards.yaml) against the shard contract, without a
 * cluster: valid YAML; an Indexed Job whose completion index is the shard (--shard
 * $(JOB_COMPLETION_INDEX)/N with N its completions, the index from the pod's annotation); each
 * shard's command line, as Kubernetes expands it, accepted by the real command line (flags, scenario
 * and all, nothing run); and a merge Job that merges exactly the shards' folders after waiting for them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../../src/cli/cli.js';
import { packageRoot } from '../../src/scenario/files.node.js';

interface Container {
  command: string[];
  args: string[];
  env?: Array<{ name: string; valueFrom?: { fieldRef?: { fieldPath: string } } }>;
}
interface JobDoc {
  kind: string;
  metadata: { name: string };
  spec: { completionMode?: string; completions?: number; parallelism?: number; template: { spec: { containers: Container[]; initContainers?: Container[] } } };
}

const text = readFileSync(join(packageRoot(), 'scripts', 'k8s', 'corrsim-shards.yaml'), 'utf8');
const docs = parseAllDocuments(text);

/** $(VAR) as Kubernetes expands it in command and args. */
const expand = (words: readonly string[], vars: Record<string, string>) => words.map((w) => w.replace(/\$\(([A-Z_][A-Z0-9_]*)\)/g, (all, name: string) => vars[name] ?? all));

async function check(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, env: {} }, { batch: { kind: 'check' } });
  return { code, stderr };
}

describe('scripts/k8s/corrsim-shards.yaml', () => {
  test('is valid YAML: a volume claim, an Indexed Job of the shards and a merge Job', () => {
    expect(docs.flatMap((d) => d.errors)).toEqual([]);
    const kinds = docs.map((d) => d.toJS() as { kind: string; metadata: { name: string } }).map((d) => `${d.kind}/${d.metadata.name}`);
    expect(kinds).toEqual(['PersistentVolumeClaim/corrsim-data', 'Job/corrsim-shards', 'Job/corrsim-merge']);
  });

  const jobs = docs.map((d) => d.toJS() as JobDoc).filter((d) => d.kind === 'Job');
  const shards = jobs.find((j) => j.metadata.name === 'corrsim-shards')!;
  const merge = jobs.find((j) => j.metadata.name === 'corrsim-merge')!;
  const n = shards.spec.completions!;

  test('the completion index is the shard: every index 0..N−1 runs a command the real CLI accepts', async () => {
    expect(shards.spec.completionMode).toBe('Indexed');
    expect(n).toBeGreaterThanOrEqual(2);
    const [container] = shards.spec.template.spec.containers;
    expect(container.command).toEqual(['corrsim']);
    const index = container.env?.find((e) => e.name === 'JOB_COMPLETION_INDEX');
    expect(index?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    const at = container.args.indexOf('--shard');
    expect(container.args[at + 1]).toBe(`$(JOB_COMPLETION_INDEX)/${n}`);
    for (let k = 0; k < n; k++) {
      const argv = expand(container.args, { JOB_COMPLETION_INDEX: String(k) });
      expect(argv[at + 1]).toBe(`${k}/${n}`);
      const r = await check(argv);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    }
    // The contract really is checked: one index too many is refused.
    const beyond = await check(expand(container.args, { JOB_COMPLETION_INDEX: String(n) }));
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toMatch(/--shard must be K\/N with whole numbers 0 ≤ K < N/);
  });

  test('the merge Job waits for N shard.json files and merges exactly the shards’ folders', () => {
    const [container] = merge.spec.template.spec.containers;
    const [shard] = shards.spec.template.spec.containers;
    const out = shard.args[shard.args.indexOf('-o') + 1];
    const folders = Array.from({ length: n }, (_, k) => expand([out], { JOB_COMPLETION_INDEX: String(k) })[0]);
    expect(container.command).toEqual(['corrsim']);
    expect(container.args[0]).toBe('merge');
    expect(container.args.slice(1, 1 + n)).toEqual(folders);
    expect(container.args.slice(1 + n)).toEqual(['--out', expect.stringMatching(/^\/data\//)]);
    const wait = merge.spec.template.spec.initContainers?.[0].command.join(' ') ?? '';
    expect(wait).toContain(`/data/shards/shard-*/shard.json`);
    expect(wait).toContain(`-ge ${n} ]`);
  });
});
