// Handles pack (generation, slot) into one double so callers can store them in
// typed arrays; 2^24 slots × 2^29 generations = 2^53 keeps every handle exact.
const SLOT_LIMIT = 2 ** 24;
const GENERATION_LIMIT = 2 ** 29;

/**
 * Pending-event set: a binary min-heap of slot indices over parallel typed
 * arrays, so scheduling and popping allocate nothing once capacity suffices.
 *
 * `heap` is always a permutation of every slot: positions [0, count) form the
 * heap and positions [count, capacity) are the free list. Removing an element
 * swaps it to position `count - 1` and shrinks `count`, which frees it in the
 * same move. Cancellation is eager (the slot leaves the heap at once), so
 * `size` is exact and cancelled events never pile up.
 *
 * kind, target, tag and priority are stored as Int32; pass integers.
 */
export class EventCalendar {
  /** Fields of the event most recently returned by pop(). */
  time = 0;
  priority = 0;
  kind = 0;
  target = 0;
  tag = 0;

  private capacity: number;
  private count = 0;
  private nextSequence = 0;
  private heap: Int32Array;
  private position: Int32Array;
  private generation: Int32Array;
  private times: Float64Array;
  private priorities: Int32Array;
  // Float64 rather than Int32 so a long run can exceed 2^31 schedules.
  private sequences: Float64Array;
  private kinds: Int32Array;
  private targets: Int32Array;
  private tags: Int32Array;

  constructor(initialCapacity = 1024) {
    if (!(initialCapacity >= 1 && initialCapacity <= SLOT_LIMIT)) {
      throw new RangeError(`initialCapacity must be in [1, ${SLOT_LIMIT}], got ${initialCapacity}`);
    }
    const capacity = Math.floor(initialCapacity);
    this.capacity = capacity;
    this.heap = new Int32Array(capacity);
    this.position = new Int32Array(capacity);
    this.generation = new Int32Array(capacity);
    this.times = new Float64Array(capacity);
    this.priorities = new Int32Array(capacity);
    this.sequences = new Float64Array(capacity);
    this.kinds = new Int32Array(capacity);
    this.targets = new Int32Array(capacity);
    this.tags = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) {
      this.heap[i] = i;
      this.position[i] = i;
    }
  }

  get size(): number {
    return this.count;
  }

  /** Returns a handle usable with cancel(). Ties on time are broken by priority (lower first), then by insertion sequence (earlier first). */
  schedule(time: number, priority: number, kind: number, target: number, tag: number): number {
    // NaN compares false both ways and would silently corrupt the heap order.
    if (time !== time) throw new RangeError('event time is NaN');
    if (this.count === this.capacity) this.grow();
    const pos = this.count++;
    const slot = this.heap[pos];
    this.times[slot] = time;
    this.priorities[slot] = priority;
    this.sequences[slot] = this.nextSequence++;
    this.kinds[slot] = kind;
    this.targets[slot] = target;
    this.tags[slot] = tag;
    this.siftUp(pos);
    return this.generation[slot] * SLOT_LIMIT + slot;
  }

  /** false if the handle already fired, was cancelled, or never existed; never affects another event even though slots are reused. */
  cancel(handle: number): boolean {
    if (!(handle >= 0) || !Number.isInteger(handle)) return false;
    const gen = Math.floor(handle / SLOT_LIMIT);
    const slot = handle - gen * SLOT_LIMIT;
    if (slot >= this.capacity || this.generation[slot] !== gen) return false;
    const pos = this.position[slot];
    if (pos >= this.count) return false;
    this.removeAt(pos);
    return true;
  }

  peekTime(): number {
    return this.count === 0 ? Infinity : this.times[this.heap[0]];
  }

  /** Pops the next event into the public fields; returns false if empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    const slot = this.heap[0];
    this.time = this.times[slot];
    this.priority = this.priorities[slot];
    this.kind = this.kinds[slot];
    this.target = this.targets[slot];
    this.tag = this.tags[slot];
    this.removeAt(0);
    return true;
  }

  clear(): void {
    for (let pos = 0; pos < this.count; pos++) this.retire(this.heap[pos]);
    this.count = 0;
  }

  private removeAt(pos: number): void {
    const slot = this.heap[pos];
    const last = --this.count;
    this.retire(slot);
    if (pos === last) return;
    const moved = this.heap[last];
    this.place(slot, last);
    this.place(moved, pos);
    if (pos > 0 && this.before(moved, this.heap[(pos - 1) >> 1])) this.siftUp(pos);
    else this.siftDown(pos);
  }

  // Bumping the generation when a slot is freed is what makes every earlier
  // handle to that slot stale, whatever is scheduled into it later.
  private retire(slot: number): void {
    this.generation[slot] = (this.generation[slot] + 1) % GENERATION_LIMIT;
  }

  private place(slot: number, pos: number): void {
    this.heap[pos] = slot;
    this.position[slot] = pos;
  }

  private before(a: number, b: number): boolean {
    const ta = this.times[a];
    const tb = this.times[b];
    if (ta !== tb) return ta < tb;
    const pa = this.priorities[a];
    const pb = this.priorities[b];
    if (pa !== pb) return pa < pb;
    return this.sequences[a] < this.sequences[b];
  }

  private siftUp(pos: number): void {
    const heap = this.heap;
    const slot = heap[pos];
    while (pos > 0) {
      const parentPos = (pos - 1) >> 1;
      const parent = heap[parentPos];
      if (!this.before(slot, parent)) break;
      this.place(parent, pos);
      pos = parentPos;
    }
    this.place(slot, pos);
  }

  private siftDown(pos: number): void {
    const heap = this.heap;
    const n = this.count;
    const slot = heap[pos];
    for (;;) {
      let childPos = 2 * pos + 1;
      if (childPos >= n) break;
      if (childPos + 1 < n && this.before(heap[childPos + 1], heap[childPos])) childPos++;
      const child = heap[childPos];
      if (!this.before(child, slot)) break;
      this.place(child, pos);
      pos = childPos;
    }
    this.place(slot, pos);
  }

  private grow(): void {
    const old = this.capacity;
    if (old >= SLOT_LIMIT) throw new RangeError(`more than ${SLOT_LIMIT} pending events`);
    const capacity = Math.min(old * 2, SLOT_LIMIT);
    this.heap = resizeInt(this.heap, capacity);
    this.position = resizeInt(this.position, capacity);
    this.generation = resizeInt(this.generation, capacity);
    this.priorities = resizeInt(this.priorities, capacity);
    this.kinds = resizeInt(this.kinds, capacity);
    this.targets = resizeInt(this.targets, capacity);
    this.tags = resizeInt(this.tags, capacity);
    this.times = resizeFloat(this.times, capacity);
    this.sequences = resizeFloat(this.sequences, capacity);
    for (let i = old; i < capacity; i++) this.place(i, i);
    this.capacity = capacity;
  }
}

function resizeInt(source: Int32Array, capacity: number): Int32Array {
  const target = new Int32Array(capacity);
  target.set(source);
  return target;
}

function resizeFloat(source: Float64Array, capacity: number): Float64Array {
  const target = new Float64Array(capacity);
  target.set(source);
  return target;
}
