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
