/** Temporary scenario files for the scenario tests. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { builtinScenarioDir } from '../../src/scenario/files.node.js';

export const baselineYaml = (): string => readFileSync(join(builtinScenarioDir(), 'norway-baseline.yaml'), 'utf8');

/** A fresh folder; `write` puts a file in it and returns its path. */
export function tempScenarioDir() {
  const dir = mkdtempSync(join(tmpdir(), 'corrsim-scenario-'));
  return {
    dir,
    write(name: string, text: string): string {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    remove(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The baseline's text with one line changed; throws if `from` is not in it, so a fixture cannot silently stop testing anything. */
export function baselineWith(from: string, to: string): string {
  const text = baselineYaml();
  if (!text.includes(from)) throw new Error(`fixture: "${from}" is not in norway-baseline.yaml`);
  return text.replace(from, to);
}
