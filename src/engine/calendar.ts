// Handles pack (generation, slot) into one double so callers can store them in
// typed arrays; 2^24 slots × 2^29 generations = 2^53 keeps every handle exact.
const SLOT_LIMIT = 2 ** 24;
const GENERATION_LIMIT = 2 ** 29;

/** Sequence numbers stay below 2^45, so (priority + 128) * 2^45 + sequence is an exact double for priorities in [-128, 128). */
const SEQUENCE_LIMIT = 2 ** 45;
const PRIORITY_OFFSET = 128;

/** A slot's record: four Int32 in one array, so one event's fields share a cache line. */
const STRIDE = 4;
const KIND = 0;
const TARGET = 1;
const TAG = 2;
/** generation × 4 + state; generation < 2^29 keeps it an Int32. */
const META = 3;
const FREE = 0;
const PENDING = 1;
/** Cancelled, but still in the heap or the far list until it is reached there. */
const CANCELLED = 2;

/**
 * A refill moves about 1/2^FAR_SHIFT of the far events into the heap (see refill()).
 */
const FAR_SHIFT = 2;
// 4 (1/16) scanned the far list 441 times in a baseline replication (36.0 M entries looked at for
// 2.7 M events); 2 (1/4) scans it 57 times (3.9 M entries), for a heap about four times as large.
/** Far times sampled to choose the next limit. */
const LIMIT_SAMPLES = 64;
/** The far list is compacted when more than half its entries are cancelled ones, and it holds at least this many. */
const COMPACT_MIN = 4096;

/**
 * Pending-event set, in two levels: a 4-ary min-heap over parallel typed arrays for the events up
 * to a time `limit`, and an unordered list for the events after it (the far future: long
 * sentences, reoffence and exit dates years ahead). Scheduling and popping allocate nothing once
 * capacity suffices.
 *
 * Order. The heap holds every pending event with time <= limit and the list every one with
 * time > limit, so the heap's minimum is the calendar's, and events at one time are always on the
 * same level: the order, ties included, is exactly that of one heap over all events. Ties on time
 * are broken by priority, then by insertion sequence, packed into one exact double (`order`).
 * When the heap runs empty, refill() raises the limit to a time sampled from the far list, so that
 * about 1/16 of the far events move, and heapifies them. A far event costs one append to schedule
 * and one move later, instead of sifting through a heap of every pending event; the heap stays
 * small and in cache.
 *
 * Cancellation is lazy: a cancelled event's slot is marked and its entry stays where it is until
 * the heap pops it or a refill reaches it, and is then dropped. So nothing needs to know where an
 * event sits, sifting writes only the heap's own arrays, and `size` (kept apart) is still exact.
 *
 * Memory. The sort keys live in heap order (`keyTime[pos]`, `keyOrder[pos]`, `heapSlot[pos]`), so
 * sifting compares neighbouring memory; the payload lives in a slot that does not move, one record
 * of four Int32 (kind, target, tag, generation × 4 + state), read once when the event pops. Four
 * children a node halve the depth of a binary heap, and a node's children share a cache line.
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
  /** Pending events (not cancelled), wherever they are. */
  private live = 0;
  /** Entries in the heap, cancelled ones included. */
  private count = 0;
  private nextSequence = 0;
  /** Every entry with time <= limit is in the heap, every one after it in the far list. */
  private limit = -Infinity;
  // Heap order.
  private keyTime: Float64Array;
  private keyOrder: Float64Array;
  private heapSlot: Int32Array;
  // The far list, unordered: [0, farCount).
  private farTime: Float64Array;
  private farOrder: Float64Array;
  private farSlot: Int32Array;
  private farCount = 0;
  /** Per slot, 1 while its entry is in the far list (so a cancellation knows where the dead entry waits). */
  private inFar: Uint8Array;
  /** Cancelled entries still in the far list. */
  private deadFar = 0;
  /** Slot order: STRIDE Int32 per slot. */
  private records: Int32Array;
  /** Free slots, a stack: freeSlots[0, freeCount). */
  private freeSlots: Int32Array;
  private freeCount: number;
  /** Scratch for the sampled far times. */
  private readonly samples = new Float64Array(LIMIT_SAMPLES);

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
    this.inFar = new Uint8Array(capacity);
    this.records = new Int32Array(capacity * STRIDE);
    this.freeSlots = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.freeSlots[i] = capacity - 1 - i;
    this.freeCount = capacity;
  }

  get size(): number {
    return this.live;
  }

  /** Returns a handle usable with cancel(). Ties on time are broken by priority (lower first), then by insertion sequence (earlier first). */
  schedule(time: number, priority: number, kind: number, target: number, tag: number): number {
    // NaN compares false both ways and would silently corrupt the heap order.
    if (time !== time) throw new RangeError('event time is NaN');
    if (!(priority >= -PRIORITY_OFFSET && priority < PRIORITY_OFFSET && Number.isInteger(priority))) {
      throw new RangeError(`priority must be an integer in [-128, 128), got ${priority}`);
    }
    if (this.nextSequence >= SEQUENCE_LIMIT) throw new RangeError('too many events scheduled');
    if (this.freeCount === 0) this.grow();
    const slot = this.freeSlots[--this.freeCount];
    const r = this.records;
    const at = slot * STRIDE;
    r[at + KIND] = kind;
    r[at + TARGET] = target;
    r[at + TAG] = tag;
    const meta = (r[at + META] & ~3) | PENDING;
    r[at + META] = meta;
    this.live++;
    const order = (priority + PRIORITY_OFFSET) * SEQUENCE_LIMIT + this.nextSequence++;
    if (time <= this.limit) {
      this.siftUp(this.count++, time, order, slot);
    } else {
      const f = this.farCount++;
      this.farTime[f] = time;
      this.farOrder[f] = order;
      this.farSlot[f] = slot;
      this.inFar[slot] = 1;
    }
    return (meta >>> 2) * SLOT_LIMIT + slot;
  }

  /** false if the handle already fired, was cancelled, or never existed; never affects another event even though slots are reused. */
  cancel(handle: number): boolean {
    const at = this.pendingRecord(handle);
    if (at < 0) return false;
    // A new generation makes the handle stale at once; the entry is dropped when it is reached.
    const r = this.records;
    r[at + META] = nextGeneration(r[at + META]) | CANCELLED;
    this.live--;
    if (this.inFar[at >> 2] === 1 && ++this.deadFar * 2 > this.farCount && this.farCount >= COMPACT_MIN) this.compactFar();
    return true;
  }

  /**
   * Changes the tag of a pending event, keeping its time and its place among ties. false if the
   * handle already fired, was cancelled, or never existed.
   */
  retag(handle: number, tag: number): boolean {
    const at = this.pendingRecord(handle);
    if (at < 0) return false;
    this.records[at + TAG] = tag;
    return true;
  }

  peekTime(): number {
    return this.live === 0 ? Infinity : this.keyTime[this.top()];
  }

  /** Pops the next event into the public fields; returns false if empty. */
  pop(): boolean {
    if (this.live === 0) return false;
    this.top();
    const slot = this.heapSlot[0];
    this.time = this.keyTime[0];
    this.priority = Math.floor(this.keyOrder[0] / SEQUENCE_LIMIT) - PRIORITY_OFFSET;
    const r = this.records;
    const at = slot * STRIDE;
    this.kind = r[at + KIND];
    this.target = r[at + TARGET];
    this.tag = r[at + TAG];
    r[at + META] = nextGeneration(r[at + META]) | FREE;
    this.freeSlots[this.freeCount++] = slot;
    this.live--;
    this.removeTop();
    return true;
  }

  clear(): void {
    const r = this.records;
    const release = (slot: number) => {
      const at = slot * STRIDE;
      // A pending event's handles go stale; a cancelled one's already are.
      const meta = r[at + META];
      r[at + META] = ((meta & 3) === PENDING ? nextGeneration(meta) : meta & ~3) | FREE;
      this.freeSlots[this.freeCount++] = slot;
    };
    for (let pos = 0; pos < this.count; pos++) release(this.heapSlot[pos]);
    for (let f = 0; f < this.farCount; f++) {
      this.inFar[this.farSlot[f]] = 0;
      release(this.farSlot[f]);
    }
    this.count = 0;
    this.farCount = 0;
    this.deadFar = 0;
    this.live = 0;
  }

  /** The record index of a pending event's slot, or −1 if the handle is not pending. */
  private pendingRecord(handle: number): number {
    if (!(handle >= 0) || !Number.isInteger(handle)) return -1;
    const gen = Math.floor(handle / SLOT_LIMIT);
    const slot = handle - gen * SLOT_LIMIT;
    if (slot >= this.capacity) return -1;
    const at = slot * STRIDE;
    return this.records[at + META] === gen * 4 + PENDING ? at : -1;
  }

  /**
   * Makes the heap's root the earliest pending event (there must be one): refills when the heap is
   * empty, drops cancelled entries that reach the root. Returns 0, the root's position.
   */
  private top(): number {
    const r = this.records;
    for (;;) {
      if (this.count === 0) {
        this.refill();
        if (this.count === 0) continue; // everything that moved had been cancelled
      }
      const slot = this.heapSlot[0];
      const at = slot * STRIDE;
      if ((r[at + META] & 3) === PENDING) return 0;
      r[at + META] &= ~3; // FREE; the generation was moved on when it was cancelled
      this.freeSlots[this.freeCount++] = slot;
      this.removeTop();
    }
  }

  /** Takes the root out of the heap: the last entry fills the hole from the top. */
  private removeTop(): void {
    const last = --this.count;
    if (last > 0) this.siftDown(0, this.keyTime[last], this.keyOrder[last], this.heapSlot[last]);
  }

  /**
   * The heap is empty and the far list is not: raises the limit to a far time chosen so that about
   * 1/2^FAR_SHIFT of the far entries (at least the earliest) come into the heap, moves every far
   * entry up to it (dropping cancelled ones), and heapifies them. Which limit is chosen changes
   * only the cost, never the order.
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
    const limit = samples[k >> FAR_SHIFT > 0 ? (k >> FAR_SHIFT) - 1 : 0];
    this.limit = limit;
    // Move every far entry with time <= limit to the heap's end; the last far entry fills the gap.
    const fo = this.farOrder;
    const fs = this.farSlot;
    const kt = this.keyTime;
    const ko = this.keyOrder;
    const hs = this.heapSlot;
    const r = this.records;
    const inFar = this.inFar;
    let count = 0;
    let end = n;
    let i = 0;
    while (i < end) {
      if (ft[i] <= limit) {
        const slot = fs[i];
        const at = slot * STRIDE;
        inFar[slot] = 0;
        if ((r[at + META] & 3) === PENDING) {
          kt[count] = ft[i];
          ko[count] = fo[i];
          hs[count] = slot;
          count++;
        } else {
          r[at + META] &= ~3;
          this.freeSlots[this.freeCount++] = slot;
          this.deadFar--;
        }
        end--;
        ft[i] = ft[end];
        fo[i] = fo[end];
        fs[i] = fs[end];
      } else {
        i++;
      }
    }
    this.farCount = end;
    this.count = count;
    // Floyd's heapify.
    for (let pos = (count - 2) >> 2; pos >= 0; pos--) this.siftDown(pos, kt[pos], ko[pos], hs[pos]);
  }

  /**
   * Drops the cancelled entries from the far list (more than half of it: most far events are
   * cancelled long before their time, such as incident clocks restarted by a move), keeping the
   * others' relative place. The list is unordered, so this changes which limit the next refill
   * samples, i.e. its cost, never the order of events.
   */
  private compactFar(): void {
    const ft = this.farTime;
    const fo = this.farOrder;
    const fs = this.farSlot;
    const r = this.records;
    const inFar = this.inFar;
    let kept = 0;
    for (let i = 0; i < this.farCount; i++) {
      const slot = fs[i];
      const at = slot * STRIDE;
      if ((r[at + META] & 3) === PENDING) {
        ft[kept] = ft[i];
        fo[kept] = fo[i];
        fs[kept] = slot;
        kept++;
      } else {
        inFar[slot] = 0;
        r[at + META] &= ~3;
        this.freeSlots[this.freeCount++] = slot;
      }
    }
    this.farCount = kept;
    this.deadFar = 0;
  }

  /** Moves the hole at `pos` up until (time, order) fits, then puts the entry there. */
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
      pos = parent;
    }
    kt[pos] = time;
    ko[pos] = order;
    hs[pos] = slot;
  }

  /** Moves the hole at `pos` down until (time, order) fits, then puts the entry there. */
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
      pos = child;
    }
    kt[pos] = time;
    ko[pos] = order;
    hs[pos] = slot;
  }

  /** Called with every slot in use (live, or cancelled and not yet reached). */
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
    const inFar = new Uint8Array(capacity);
    inFar.set(this.inFar);
    this.inFar = inFar;
    this.records = resizeInt(this.records, capacity * STRIDE);
    // Every slot is in use when the calendar grows, so the free stack holds just the new ones.
    this.freeSlots = new Int32Array(capacity);
    for (let i = 0; i < capacity - old; i++) this.freeSlots[i] = capacity - 1 - i;
    this.freeCount = capacity - old;
    this.capacity = capacity;
  }
}

/** The meta word with the next generation (state bits cleared), so that every earlier handle to the slot is stale. */
function nextGeneration(meta: number): number {
  return ((((meta >>> 2) + 1) % GENERATION_LIMIT) << 2) >>> 0;
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
