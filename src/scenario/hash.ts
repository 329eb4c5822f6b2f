/**
 * The hashes outputs name their inputs by: SHA-256 of a scenario's canonical JSON, and of texts
 * such as a census's CSV. Portable: nothing here imports node:crypto, so the same code runs in a
 * browser, hashing with @noble/hashes (audited, no dependencies, plain JavaScript). On Node the
 * platform's own SHA-256 is used instead, found at run time without an import: it gives the same
 * value (both are the standard SHA-256; test/scenario/hash.test.ts checks them against each other)
 * about ten times faster, which matters for a synthetic census (tens of megabytes of CSV).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { isPlainObject } from './merge.js';
import type { Scenario } from './types.js';

/** Hex SHA-256 of the UTF-8 encoding of the texts, one after another (as one text would hash). */
export function sha256Hex(...texts: readonly string[]): string {
  return NATIVE !== undefined ? NATIVE(texts) : portableSha256Hex(...texts);
}

/** sha256Hex in plain JavaScript, whatever the platform (what a browser runs). */
export function portableSha256Hex(...texts: readonly string[]): string {
  const hash = sha256.create();
  for (const text of texts) hash.update(utf8ToBytes(text));
  return bytesToHex(hash.digest());
}

interface NativeHash {
  update(text: string): NativeHash;
  digest(encoding: 'hex'): string;
}

/**
 * Node's SHA-256, through process.getBuiltinModule (Node ≥ 20.16), which loads a built-in module
 * without an import a bundler would follow; undefined elsewhere (a browser).
 */
const NATIVE: ((texts: readonly string[]) => string) | undefined = (() => {
  const platform = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const crypto = platform?.getBuiltinModule?.('node:crypto') as { createHash?: (algorithm: string) => NativeHash } | undefined;
  const createHash = crypto?.createHash;
  if (typeof createHash !== 'function') return undefined;
  return (texts) => {
    const hash = createHash('sha256');
    for (const text of texts) hash.update(text);
    return hash.digest('hex');
  };
})();

/** JSON with object keys sorted at every level, so equal scenarios give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Hex SHA-256 of the canonical JSON of a resolved scenario: what every output names it by. */
export function scenarioHash(scenario: Scenario): string {
  return sha256Hex(canonicalJson(scenario));
}
