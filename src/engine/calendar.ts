// Handles pack (generation, slot) into one double so callers can store them in
// typed arrays; 2^24 slots × 2^29 generations = 2^53 keeps every handle exact.
const SLOT_LIMIT = 2 ** 24;
const GENERATION_LIMIT = 2 ** 29;

/** Sequence numbers stay below 2^45, so (priority + 128) * 2^45 + sequence is an exact double for priorities in [-128, 128). */
const SEQUENCE_LIMIT = 2 ** 45;
const PRIORITY_OFFSET = 128;

/**
 * Far events are held apart until they come near: a refill moves about 1/2^FAR_SHIFT of them into
 * the heap at a time (see refill()).
 */
const FAR_SHIFT = 4;
/** Far times sampled to choose the next limit. */
const LIMIT_SAMPLES = 64;

/**
 * Pending-event set, in two levels: a 4-ary min-heap over parallel typed arrays for the events up
 * to a time `limit`, and an unordered list for the events after it (the far future: long
 * sentences, reoffence and exit dates years ahead). Scheduling and popping allocate nothing once
 * capacity suffices.
 *
 * The heap holds every pending event with time <= limit and the list every one with time > limit,
 * so the heap's minimum is the calendar's, and events at one time are always on the same level:
 * the order, ties included, is exactly that of one heap over all events. When the heap runs empty,
 * refill() raises the limit to a time sampled from the far list, so that about 1/16 of the far
 * events move, and heapifies them. A far event costs one append to schedule and one move later,
 * instead of sifting through a heap of every pending event; the heap stays small and in cache.
 *
 * The sort keys live in heap order (`keyTime[pos]`, `keyOrder[pos]`), so sifting compares
 * neighbouring memory instead of chasing slot indices; the payload (kind, target, tag) lives in a
 * slot that does not move, and `position[slot]` finds a slot's place for cancel(): its heap
 * position (>= 0), or −2 − its index in the far list. `keyOrder` packs the tie-breakers, priority
 * then insertion sequence, into one exact double. Cancellation is eager (the event leaves at once),
 * so `size` is exact. Four children a node halve the depth of a binary heap, and a node's children
 * share a cache line or two.
 *
 * kind, target and tag are stored as Int32; pass integers, and priorities in [-128, 128).
 */
export class EventCalendar {
  /** Fields of the event most recently returned by pop(). */
  time = 0;
  priority = 0;
  kind = 0;
  target = 0;
  tag = 0;

  private capacity: number;
  /** Events in the heap. */
  private count = 0;
  private nextSequence = 0;
  /** Every pending event with time <= limit is in the heap, every one after it in the far list. */
  private limit = -Infinity;
  // Heap order.
  private keyTime: Float64Array;
  private keyOrder: Float64Array;
  private heapSlot: Int32Array;
  // Far list, unordered: farTime[0, farCount), ...
  private farTime: Float64Array;
  private farOrder: Float64Array;
  private farSlot: Int32Array;
  private farCount = 0;
  /** Scratch for the sampled far times. */
  private readonly samples = new Float64Array(LIMIT_SAMPLES);
  // Slot order.
  private position: Int32Array;
  private generation: Int32Array;
  private kinds: Int32Array;
  private targets: Int32Array;
  private tags: Int32Array;
  /** Free slots, a stack: freeSlots[0, freeCount). */
  private freeSlots: Int32Array;
  private freeCount: number;

  constructor(initialCapacity = 1024) {
    if (!(initialCapacity >= 1 && initialCapacity <= SLOT_LIMIT)) {
      throw new RangeError(`initialCapacity must be in [1, ${SLOT_LIMIT}], got ${initialCapacity}`);
    }
    const capacity = Math.floor(initialCapacity);
    this.capacity = capacity;
    this.keyTime = new Float64Array(capacity);
    this.keyOrder = new Float64Array(capacity);
    this.heapSlot = new Int32Array(capacity);
    this.farTime = new Float64Array(capacity);
    this.farOrder = new Float64Array(capacity);
    this.farSlot = new Int32Array(capacity);
    this.position = new Int32Array(capacity).fill(-1);
    this.generation = new Int32Array(capacity);
    this.kinds = new Int32Array(capacity);
    this.targets = new Int32Array(capacity);
    this.tags = new Int32Array(capacity);
    this.freeSlots = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.freeSlots[i] = capacity - 1 - i;
    this.freeCount = capacity;
  }

  get size(): number {
    return this.count + this.farCount;
  }

  /** Returns a handle usable with cancel(). Ties on time are broken by priority (lower first), then by insertion sequence (earlier first). */
  schedule(time: number, priority: number, kind: number, target: number, tag: number): number {
    // NaN compares false both ways and would silently corrupt the heap order.
    if (time !== time) throw new RangeError('event time is NaN');
    if (!(priority >= -PRIORITY_OFFSET && priority < PRIORITY_OFFSET && Number.isInteger(priority))) {
      throw new RangeError(`priority must be an integer in [-128, 128), got ${priority}`);
    }
    if (this.nextSequence >= SEQUENCE_LIMIT) throw new RangeError('too many events scheduled');
    if (this.count + this.farCount === this.capacity) this.grow();
    const slot = this.freeSlots[--this.freeCount];
    this.kinds[slot] = kind;
    this.targets[slot] = target;
    this.tags[slot] = tag;
    const order = (priority + PRIORITY_OFFSET) * SEQUENCE_LIMIT + this.nextSequence++;
    if (time <= this.limit) {
      this.siftUp(this.count++, time, order, slot);
    } else {
      const f = this.farCount++;
      this.farTime[f] = time;
      this.farOrder[f] = order;
      this.farSlot[f] = slot;
      this.position[slot] = -2 - f;
    }
    return this.generation[slot] * SLOT_LIMIT + slot;
  }

  /** false if the handle already fired, was cancelled, or never existed; never affects another event even though slots are reused. */
  cancel(handle: number): boolean {
    if (!(handle >= 0) || !Number.isInteger(handle)) return false;
    const gen = Math.floor(handle / SLOT_LIMIT);
    const slot = handle - gen * SLOT_LIMIT;
    if (slot >= this.capacity || this.generation[slot] !== gen) return false;
    const pos = this.position[slot];
    if (pos >= 0) this.removeAt(pos);
    else if (pos <= -2) this.removeFar(-2 - pos);
    else return false;
    return true;
  }

  /**
   * Changes the tag of a pending event, keeping its time and its place among ties. false if the
   * handle already fired, was cancelled, or never existed.
   */
  retag(handle: number, tag: number): boolean {
    if (!(handle >= 0) || !Number.isInteger(handle)) return false;
    const gen = Math.floor(handle / SLOT_LIMIT);
    const slot = handle - gen * SLOT_LIMIT;
    if (slot >= this.capacity || this.generation[slot] !== gen || this.position[slot] === -1) return false;
    this.tags[slot] = tag;
    return true;
  }

  peekTime(): number {
    if (this.count === 0) {
      if (this.farCount === 0) return Infinity;
      this.refill();
    }
    return this.keyTime[0];
  }

  /** Pops the next event into the public fields; returns false if empty. */
  pop(): boolean {
    if (this.count === 0) {
      if (this.farCount === 0) return false;
      this.refill();
    }
    const slot = this.heapSlot[0];
    this.time = this.keyTime[0];
    this.priority = Math.floor(this.keyOrder[0] / SEQUENCE_LIMIT) - PRIORITY_OFFSET;
    this.kind = this.kinds[slot];
    this.target = this.targets[slot];
    this.tag = this.tags[slot];
    this.removeAt(0);
    return true;
  }

  clear(): void {
    for (let pos = 0; pos < this.count; pos++) this.retire(this.heapSlot[pos]);
    for (let f = 0; f < this.farCount; f++) this.retire(this.farSlot[f]);
    this.count = 0;
    this.farCount = 0;
  }

  /**
   * The heap is empty and the far list is not: raises the limit to a far time chosen so that about
   * 1/2^FAR_SHIFT of the far events (at least the earliest) come into the heap, moves every far
   * event up to it, and heapifies them. Which limit is chosen changes only the cost, never the order.
   */
  private refill(): void {
    const n = this.farCount;
    const ft = this.farTime;
    // Sample evenly spaced far times (all of them when few), sort the sample, take a low quantile.
    const k = n < LIMIT_SAMPLES ? n : LIMIT_SAMPLES;
    const samples = this.samples;
    const stride = n / k;
    for (let i = 0; i < k; i++) {
      // Insertion sort: a few dozen numbers, and no allocation.
      const t = ft[Math.floor(i * stride)];
      let j = i;
      while (j > 0 && samples[j - 1] > t) {
        samples[j] = samples[j - 1];
        j--;
      }
      samples[j] = t;
    }
    const limit = samples[(k >> FAR_SHIFT) > 0 ? (k >> FAR_SHIFT) - 1 : 0];
    this.limit = limit;
    // Move every far event with time <= limit to the heap's end; the last far event fills the gap.
    const fo = this.farOrder;
    const fs = this.farSlot;
    const kt = this.keyTime;
    const ko = this.keyOrder;
    const hs = this.heapSlot;
    const position = this.position;
    let count = 0;
    let end = n;
    let i = 0;
    while (i < end) {
      if (ft[i] <= limit) {
        kt[count] = ft[i];
        ko[count] = fo[i];
        hs[count] = fs[i];
        count++;
        end--;
        if (i < end) {
          ft[i] = ft[end];
          fo[i] = fo[end];
          fs[i] = fs[end];
          position[fs[i]] = -2 - i;
        }
      } else {
        i++;
      }
    }
    this.farCount = end;
    this.count = count;
    // Floyd's heapify; each sift sets the positions of what it moves.
    for (let pos = count - 1; pos >= 0; pos--) {
      if (4 * pos + 1 < count) this.siftDown(pos, kt[pos], ko[pos], hs[pos]);
      else position[hs[pos]] = pos;
    }
  }

  /** Removes far event `f`; the last far event takes its index. */
  private removeFar(f: number): void {
    this.retire(this.farSlot[f]);
    const last = --this.farCount;
    if (f === last) return;
    this.farTime[f] = this.farTime[last];
    this.farOrder[f] = this.farOrder[last];
    const slot = this.farSlot[last];
    this.farSlot[f] = slot;
    this.position[slot] = -2 - f;
  }

  private removeAt(pos: number): void {
    this.retire(this.heapSlot[pos]);
    const last = --this.count;
    if (pos === last) return;
    const time = this.keyTime[last];
    const order = this.keyOrder[last];
    const slot = this.heapSlot[last];
    const parent = (pos - 1) >> 2;
    if (pos > 0 && (time < this.keyTime[parent] || (time === this.keyTime[parent] && order < this.keyOrder[parent]))) {
      this.siftUp(pos, time, order, slot);
    } else {
      this.siftDown(pos, time, order, slot);
    }
  }

  // Bumping the generation when a slot is freed is what makes every earlier
  // handle to that slot stale, whatever is scheduled into it later.
  private retire(slot: number): void {
    this.generation[slot] = (this.generation[slot] + 1) % GENERATION_LIMIT;
    this.position[slot] = -1;
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Moves the hole at `pos` up until (time, order) fits, then puts the event there. */
  private siftUp(pos: number, time: number, order: number, slot: number): void {
    const kt = this.keyTime;
    const ko = this.keyOrder;
    const hs = this.heapSlot;
    while (pos > 0) {
      const parent = (pos - 1) >> 2;
      const pt = kt[parent];
      if (pt < time || (pt === time && ko[parent] < order)) break;
      kt[pos] = pt;
      ko[pos] = ko[parent];
      hs[pos] = hs[parent];
      this.position[hs[pos]] = pos;
      pos = parent;
    }
    kt[pos] = time;
    ko[pos] = order;
    hs[pos] = slot;
    this.position[slot] = pos;
  }

  /** Moves the hole at `pos` down until (time, order) fits, then puts the event there. */
  private siftDown(pos: number, time: number, order: number, slot: number): void {
    const kt = this.keyTime;
    const ko = this.keyOrder;
    const hs = this.heapSlot;
    const n = this.count;
    for (;;) {
      const first = 4 * pos + 1;
      if (first >= n) break;
      let child = first;
      let ct = kt[first];
      let co = ko[first];
      const end = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < end; c++) {
        const t = kt[c];
        if (t < ct || (t === ct && ko[c] < co)) {
          child = c;
          ct = t;
          co = ko[c];
        }
      }
      if (time < ct || (time === ct && order < co)) break;
      kt[pos] = ct;
      ko[pos] = co;
      hs[pos] = hs[child];
      this.position[hs[pos]] = pos;
      pos = child;
    }
    kt[pos] = time;
    ko[pos] = order;
    hs[pos] = slot;
    this.position[slot] = pos;
  }

  private grow(): void {
    const old = this.capacity;
    if (old >= SLOT_LIMIT) throw new RangeError(`more than ${SLOT_LIMIT} pending events`);
    const capacity = Math.min(old * 2, SLOT_LIMIT);
    this.keyTime = resizeFloat(this.keyTime, capacity);
    this.keyOrder = resizeFloat(this.keyOrder, capacity);
    this.heapSlot = resizeInt(this.heapSlot, capacity);
    this.farTime = resizeFloat(this.farTime, capacity);
    this.farOrder = resizeFloat(this.farOrder, capacity);
    this.farSlot = resizeInt(this.farSlot, capacity);
    this.position = resizeInt(this.position, capacity);
    this.position.fill(-1, old);
    this.generation = resizeInt(this.generation, capacity);
    this.kinds = resizeInt(this.kinds, capacity);
    this.targets = resizeInt(this.targets, capacity);
    this.tags = resizeInt(this.tags, capacity);
    // Every slot is in use when the calendar grows, so the free stack holds just the new ones.
    this.freeSlots = new Int32Array(capacity);
    for (let i = 0; i < capacity - old; i++) this.freeSlots[i] = capacity - 1 - i;
    this.freeCount = capacity - old;
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
