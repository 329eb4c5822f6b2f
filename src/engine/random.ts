// The package entry point rather than 'seedrandom/lib/alea.js': @types/seedrandom
// only describes the entry point, and this default import also loads under
// Node ESM (CommonJS interop) and in browser bundlers.
import seedrandom from 'seedrandom';

export interface RandomStream {
  /** Uniform in [0, 1). */
  next(): number;
}

type Prng = () => number;

class AleaStream implements RandomStream {
  private readonly prng: Prng;

  constructor(key: string) {
    this.prng = seedrandom.alea(key);
  }

  // Alea's basic output has 32-bit resolution (0 is possible). That is ample
  // for simulation and half the cost of its 53-bit double().
  next(): number {
    return this.prng();
  }
}

/**
 * A stream that depends only on (seed, replication, name), so adding a stream
 * or drawing more from one never shifts another: the basis of common random
 * numbers across scenarios. seed and replication are numbers, so the '/'
 * separators cannot make two different triples collide.
 */
export function createStream(seed: number, replication: number, name: string): RandomStream {
  return new AleaStream(`${seed}/${replication}/${name}`);
}

/** Hands out one shared stream per name, so every caller asking for "arrivals" draws from the same sequence. */
export class StreamFactory {
  private readonly streams = new Map<string, RandomStream>();

  constructor(
    readonly seed: number,
    readonly replication: number,
  ) {}

  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = createStream(this.seed, this.replication, name);
      this.streams.set(name, stream);
    }
    return stream;
  }
}

/**
 * A light stream for one entity (one agent, one customer): a 32-bit Weyl sequence hashed by a
 * SplitMix-style finaliser. Creating one costs a small object, not a seeding of Alea, so a model
 * can give every agent streams of its own; the seed comes from a named stream, so it is still
 * determined by (seed, replication, name) and the order in which entities are created.
 * Its period is 2^32 draws, ample for the few hundred draws of one entity's life.
 */
export class Substream implements RandomStream {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** Where the sequence stands: `new Substream(s.position)` replays the draws `s` makes from here on. */
  get position(): number {
    return this.state;
  }

  next(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  }
}

/** A 32-bit seed for a Substream, drawn from a parent stream. */
export function substreamSeed(parent: RandomStream): number {
  return Math.floor(parent.next() * 4294967296) | 0;
}
