/**
 * The mentions found on the page. Their data lives in flat arrays indexed by a mention
 * id (a long page has tens of thousands: one object each would mostly feed the garbage
 * collector), and each text run keeps the ids of its mentions in order, so hit-testing a
 * pointer position is one WeakMap lookup and a binary search in that run.
 *
 * A mention is painted (given a `StaticRange` in a highlight) only while its run is near
 * the viewport (see viewport.ts); otherwise it is held, found but unpainted. Without a
 * watcher (unit tests) every run counts as in view.
 *
 * What is shown is a filter on what was found (kinds switched off, first mention only):
 * changing it swaps which highlight each kind's name shows, never re-scans the page, and
 * costs nothing per mention while the reader has not asked for it.
 */
import { ENTITY_KINDS } from '../kb/kinds';
import type { HighlightPainter } from './highlights';
import { mentionHighlightName } from './highlights';
import { blockOf, nodeIndexAt, type TextRun } from './text-runs';
import { grown } from '../typed-arrays';
import type { ViewWatcher } from './viewport';

/** A mention, as the hover and the popup see it (built on demand, with its range). */
export interface Mention {
  id: number;
  range: StaticRange;
  entity: number;
  via: number;
  kind: number;
}

/** The mention's text as written on the page (read when a card needs it, not stored). */
export function surfaceOf(m: Mention, doc: Document): string {
  const r = doc.createRange();
  try {
    r.setStart(m.range.startContainer, m.range.startOffset);
    r.setEnd(m.range.endContainer, m.range.endOffset);
    return r.toString();
  } catch {
    return '';
  }
}

export interface RunRecord {
  run: TextRun;
  /** Its mentions, sorted by start (their offsets in the run's text are kept by id). */
  ids: number[];
  /** Near the viewport: its mentions are painted. */
  inView: boolean;
  /** Its place in the store's list of records. */
  index: number;
  /** The watcher's group it is watched in (see viewport.ts); null when not watched. */
  viewGroup: object | null;
}

/** Found, not yet looked at by a flush. */
const PENDING = 0;
const PAINTED = 1;
const REMOVED = 2;
/** Found, waiting for its run to come near the viewport (again). */
const HELD = 3;

/** Node.DOCUMENT_POSITION_PRECEDING (no DOM globals at module scope: unit tests run in Node). */
const PRECEDING = 2;

/** What the store shows of the mentions it holds. */
export interface MentionFilter {
  /** Kinds not shown (indices into ENTITY_KINDS). */
  hiddenKinds: ReadonlySet<number>;
  /** Only the first mention of each entity, in document order. */
  firstOnly: boolean;
}

export class MentionStore {
  readonly #byNode = new WeakMap<Text, RunRecord>();
  readonly #runs = new Set<RunRecord>();
  #live = 0;
  /** The highlight of each entity kind, looked up once. */
  readonly #byKind: Highlight[] = [];

  // Mention data by id.
  /** Ranges made so far (painted mentions, and those a card or a passage asked for): most held mentions have none. */
  #ranges = new Map<number, StaticRange>();
  /** Each mention's record, as an index into `records` (typed: no pointer per mention for the collector to copy). */
  #recOf = new Int32Array(1024);
  #records: (RunRecord | null)[] = [];
  #entities = new Int32Array(1024);
  #vias = new Uint8Array(1024);
  #kinds = new Uint8Array(1024);
  #states = new Uint8Array(1024);
  /** Offsets in the run's text, by id (typed arrays: no array per run for them). */
  #starts = new Int32Array(1024);
  #ends = new Int32Array(1024);
  #count = 0;
  /** Ids below this are painted (or removed). */
  #paintedUpTo = 0;

  #hidden: ReadonlySet<number> = new Set();
  /**
   * First mention only: per kind, a highlight holding the first mention of each entity,
   * shown under the kind's name instead of the one holding them all (which is still kept,
   * so turning the setting off is a swap back). Null while the setting is off.
   */
  #firsts: Highlight[] | null = null;
  /** Entity index → id of its first mention (first mention only). */
  #firstOf = new Map<number, number>();
  /** Entities whose first mention went away: their new first is found at the next flush. */
  #lostFirst = new Set<number>();

  /** Runs that came near the viewport with mentions held: painted at the next flush. */
  #revealed: RunRecord[] = [];
  readonly #onReveal = (rec: RunRecord) => {
    rec.inView = true;
    if (this.#runs.has(rec)) this.#revealed.push(rec);
  };
  /** A run went far from the viewport: its mentions are taken out of the highlights. */
  readonly #onHide = (rec: RunRecord) => {
    rec.inView = false;
    if (!this.#runs.has(rec)) return;
    for (const id of rec.ids) {
      if (this.#states[id] !== PAINTED) continue;
      this.#highlightOf(this.#kinds[id]!).delete(this.#ranges.get(id)!);
      this.#states[id] = HELD;
      // Made again if it comes back. A first mention's range stays: its own highlight holds it.
      if (this.#firsts === null || this.#firstOf.get(this.#entities[id]!) !== id) this.#ranges.delete(id);
    }
  };
  /** One init object for every StaticRange (the binding reads it; no allocation per mention). */
  readonly #rangeInit = { startContainer: null as unknown as Node, startOffset: 0, endContainer: null as unknown as Node, endOffset: 0 };

  readonly #painter: HighlightPainter;
  readonly #watcher: ViewWatcher<RunRecord> | null;

  constructor(painter: HighlightPainter, watcher: ViewWatcher<RunRecord> | null = null) {
    this.#painter = painter;
    this.#watcher = watcher;
  }

  /** Mentions found (painted or held). */
  get size(): number {
    return this.#live;
  }

  /** Is there painting to do (mentions found since the last flush, or runs that came into view)? */
  get hasWork(): boolean {
    return this.#paintedUpTo < this.#count || this.#revealed.length > 0 || (this.#watcher?.hasReports ?? false);
  }

  /** The mention's range, made on first use (a held mention has none until then). */
  rangeOf(id: number): StaticRange {
    let range = this.#ranges.get(id);
    if (range) return range;
    const run = this.#records[this.#recOf[id]!]!.run;
    const init = this.#rangeInit;
    const starts = run.starts;
    const start = this.#starts[id]!;
    const end = this.#ends[id]!;
    let si = 0;
    let ei = 0;
    if (starts.length > 1) {
      si = nodeIndexAt(starts, start);
      ei = nodeIndexAt(starts, end);
    }
    init.startContainer = run.nodes[si]!;
    init.startOffset = start - starts[si]!;
    init.endContainer = run.nodes[ei]!;
    init.endOffset = end - starts[ei]!;
    range = new StaticRange(init);
    this.#ranges.set(id, range);
    return range;
  }

  #highlightOf(kind: number): Highlight {
    return (this.#byKind[kind] ??= this.#painter.highlight(mentionHighlightName(kind)));
  }

  #view(id: number): Mention {
    return { id, range: this.rangeOf(id), entity: this.#entities[id]!, via: this.#vias[id]!, kind: this.#kinds[id]! };
  }

  /** The first mention of an entity in document order (painted or held), for "show me where". */
  firstMention(entity: number): Mention | undefined {
    let first = -1;
    for (let id = 0; id < this.#count; id++) {
      if (this.#states[id] !== REMOVED && this.#entities[id] === entity && (first < 0 || this.#precedes(id, first))) first = id;
    }
    return first < 0 ? undefined : this.#view(first);
  }

  /**
   * The mentions inside a live range (a passage being saved), painted or held. Only the
   * runs the range touches are looked at: a held mention gets a range only if its run does.
   */
  *within(live: Range): IterableIterator<Mention> {
    for (const rec of this.#runs) {
      const nodes = rec.run.nodes;
      let touches = false;
      for (let i = 0; i < nodes.length && !touches; i++) touches = live.intersectsNode(nodes[i]!);
      if (!touches) continue;
      for (const id of rec.ids) {
        const r = this.rangeOf(id);
        let inside = false;
        try {
          inside = live.comparePoint(r.startContainer, r.startOffset) === 0 && live.comparePoint(r.endContainer, r.endOffset) === 0;
        } catch {
          // its text shrank since it was found: not in the passage
        }
        if (inside) yield this.#view(id);
      }
    }
  }

  /** How many mentions each entity has (painted or held), by entity index. */
  countsByEntity(): Map<number, number> {
    const counts = new Map<number, number>();
    for (let id = 0; id < this.#count; id++) {
      if (this.#states[id] === REMOVED) continue;
      const e = this.#entities[id]!;
      counts.set(e, (counts.get(e) ?? 0) + 1);
    }
    return counts;
  }

  /** How many distinct entities the mentions found name (all of them, shown or not). */
  entityCount(): number {
    return this.countsByEntity().size;
  }

  /** The record of a run, created (and its nodes registered) on its first mention. */
  record(run: TextRun): RunRecord {
    const known = this.#byNode.get(run.nodes[0]!);
    if (known && known.run === run && this.#runs.has(known)) return known;
    const rec: RunRecord = { run, ids: [], inView: this.#watcher === null, index: this.#records.length, viewGroup: null };
    this.#records.push(rec);
    const nodes = run.nodes;
    for (let i = 0; i < nodes.length; i++) this.#byNode.set(nodes[i]!, rec);
    this.#runs.add(rec);
    return rec;
  }

  #grow(): void {
    const cap = this.#entities.length * 2;
    this.#entities = grown(this.#entities, cap);
    this.#vias = grown(this.#vias, cap);
    this.#kinds = grown(this.#kinds, cap);
    this.#states = grown(this.#states, cap);
    this.#starts = grown(this.#starts, cap);
    this.#ends = grown(this.#ends, cap);
    this.#recOf = grown(this.#recOf, cap);
  }

  /** Changes what is shown of the mentions found (a setting changed). */
  setFilter(filter: MentionFilter): void {
    this.#hidden = filter.hiddenKinds;
    if (filter.firstOnly && !this.#firsts) {
      this.#firsts = ENTITY_KINDS.map(() => {
        const h = new Highlight();
        h.priority = 0;
        return h;
      });
      // Once, when the reader turns it on: one look at each mention found so far.
      for (let id = 0; id < this.#paintedUpTo; id++) if (this.#states[id] === PAINTED || this.#states[id] === HELD) this.#noteFirst(id);
    }
    const old = filter.firstOnly ? null : this.#firsts;
    if (!filter.firstOnly) this.#firsts = null;
    for (let kind = 0; kind < ENTITY_KINDS.length; kind++) {
      this.#painter.show(mentionHighlightName(kind), this.#hidden.has(kind) ? null : (this.#firsts?.[kind] ?? undefined));
    }
    if (old) {
      // Emptied once no longer shown (a registered highlight that changes costs a restyle).
      for (const h of old) h.clear();
      this.#firstOf.clear();
      this.#lostFirst.clear();
    }
  }

  /** Is this mention shown (painted), so that it may open a card? */
  shows(m: Mention): boolean {
    if (this.#hidden.has(m.kind)) return false;
    // First mention only: the first of each entity is painted wherever it is.
    if (this.#firsts !== null) return this.#firstOf.get(m.entity) === m.id;
    return this.#states[m.id] === PAINTED;
  }

  /**
   * Takes mention `id` as its entity's first mention if it comes before the current one.
   * First mentions are painted wherever they are (one per entity: a handful of ranges).
   */
  #noteFirst(id: number): void {
    const entity = this.#entities[id]!;
    const first = this.#firstOf.get(entity);
    if (first !== undefined) {
      if (!this.#precedes(id, first)) return;
      this.#firsts![this.#kinds[first]!]!.delete(this.rangeOf(first));
    }
    this.#firstOf.set(entity, id);
    this.#firsts![this.#kinds[id]!]!.add(this.rangeOf(id));
  }

  /** Does mention `a` start before mention `b` in the document? (No range needed.) */
  #precedes(a: number, b: number): boolean {
    const ra = this.#records[this.#recOf[a]!]!;
    const rb = this.#records[this.#recOf[b]!]!;
    if (ra === rb) return this.#starts[a]! < this.#starts[b]!;
    return (rb.run.nodes[0]!.compareDocumentPosition(ra.run.nodes[0]!) & PRECEDING) !== 0;
  }

  /** Finds the new first mention of the entities that lost theirs (one pass over the ids). */
  #refindFirsts(): void {
    const lost = this.#lostFirst;
    for (let id = 0; id < this.#paintedUpTo; id++) {
      const state = this.#states[id];
      if ((state === PAINTED || state === HELD) && lost.has(this.#entities[id]!)) this.#noteFirst(id);
    }
    lost.clear();
  }

  /** Registers a mention at run offsets [start, end); it is painted (or held) at the next flush. */
  add(rec: RunRecord, entity: number, via: number, kind: number, start: number, end: number): number {
    const id = this.#count++;
    if (id >= this.#entities.length) this.#grow();
    this.#recOf[id] = rec.index;
    this.#entities[id] = entity;
    this.#vias[id] = via;
    this.#kinds[id] = kind;
    this.#states[id] = PENDING;
    this.#starts[id] = start;
    this.#ends[id] = end;
    const ids = rec.ids;
    let at = ids.length;
    // Usually appended in order; surnames settled later are inserted in place.
    while (at > 0 && this.#starts[ids[at - 1]!]! > start) at--;
    if (at === ids.length) ids.push(id);
    else ids.splice(at, 0, id);
    this.#live++;
    return id;
  }

  /**
   * Paints the mentions found since the last flush whose runs are near the viewport (the
   * others are held, their runs watched), then those of runs that came into view, until
   * `deadline` (checked every few hundred: a long page has tens of thousands). Returns
   * true when all is done.
   */
  flush(deadline = Infinity, now: () => number = () => 0): boolean {
    if (this.#lostFirst.size) this.#refindFirsts();
    const firstOnly = this.#firsts !== null;
    let id = this.#paintedUpTo;
    while (id < this.#count) {
      if (this.#states[id] === PENDING) {
        const rec = this.#records[this.#recOf[id]!]!;
        if (!rec.inView && rec.viewGroup === null) this.#place(rec);
        if (rec.inView) {
          this.#highlightOf(this.#kinds[id]!).add(this.rangeOf(id));
          this.#states[id] = PAINTED;
        } else {
          this.#states[id] = HELD;
        }
        if (firstOnly) this.#noteFirst(id);
      }
      id++;
      if ((id & 255) === 0 && now() >= deadline) break;
    }
    this.#paintedUpTo = id;
    if (id < this.#count) return false;
    if (this.#watcher) {
      this.#watcher.endBatch();
      if (!this.#watcher.take(this.#onReveal, this.#onHide, deadline, now)) return false;
    }
    return this.#paintRevealed(deadline, now);
  }

  /**
   * Decides where a new run's mentions go: painted at once if its block is near the
   * viewport, else held until the block comes near. Either way the block is watched.
   */
  #place(rec: RunRecord): void {
    const run = rec.run;
    const first = run.nodes[0]!;
    const target = run.block ?? blockOf(first) ?? first.parentElement;
    rec.inView = !target || this.#watcher!.place(rec, target, run.text.length);
  }

  /** Paints the held mentions of the runs that came near the viewport. */
  #paintRevealed(deadline: number, now: () => number): boolean {
    let n = 0;
    while (this.#revealed.length) {
      const rec = this.#revealed[this.#revealed.length - 1]!;
      const ids = rec.ids;
      // Gone far again before it was painted: nothing to do (#onHide left it held).
      while (rec.inView && this.#revealAt < ids.length) {
        const id = ids[this.#revealAt++]!;
        if (this.#states[id] !== HELD) continue;
        this.#highlightOf(this.#kinds[id]!).add(this.rangeOf(id));
        this.#states[id] = PAINTED;
        if ((++n & 127) === 0 && now() >= deadline) return false;
      }
      this.#revealed.pop();
      this.#revealAt = 0;
    }
    return true;
  }

  #revealAt = 0;

  /** The mention covering `offset` in `node`, if any. */
  at(node: Node, offset: number): Mention | undefined {
    const rec = this.#byNode.get(node as Text);
    if (!rec || !this.#runs.has(rec)) return undefined;
    const i = rec.run.nodes.indexOf(node as Text);
    if (i < 0) return undefined;
    const pos = rec.run.starts[i]! + offset;
    let lo = 0;
    const ids = rec.ids;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const id = ids[mid]!;
      if (pos < this.#starts[id]!) hi = mid - 1;
      else if (pos > this.#ends[id]!) lo = mid + 1;
      else return this.#view(id);
    }
    return undefined;
  }

  #removeRecord(rec: RunRecord): void {
    if (!this.#runs.delete(rec)) return;
    this.#records[rec.index] = null;
    if (rec.viewGroup !== null) this.#watcher!.release(rec);
    for (const id of rec.ids) {
      const state = this.#states[id];
      if (state === PAINTED) this.#highlightOf(this.#kinds[id]!).delete(this.#ranges.get(id)!);
      if ((state === PAINTED || state === HELD) && this.#firsts && this.#firstOf.get(this.#entities[id]!) === id) {
        this.#firsts[this.#kinds[id]!]!.delete(this.#ranges.get(id)!);
        this.#firstOf.delete(this.#entities[id]!);
        this.#lostFirst.add(this.#entities[id]!);
      }
      this.#states[id] = REMOVED;
      this.#ranges.delete(id);
    }
    this.#live -= rec.ids.length;
  }

  /** Removes every mention in the runs of these nodes (before they are scanned again). */
  removeInNodes(nodes: Iterable<Text>): void {
    for (const node of nodes) {
      const rec = this.#byNode.get(node);
      if (rec) this.#removeRecord(rec);
    }
  }

  /** Drops the runs whose text left the document or shrank under their ranges. Returns how many. */
  sweep(): number {
    let dropped = 0;
    for (const rec of this.#runs) {
      const nodes = rec.run.nodes;
      const last = nodes[nodes.length - 1]!;
      const lastId = rec.ids[rec.ids.length - 1];
      const intact = nodes.every((n) => n.isConnected) && last.data.length + rec.run.starts[nodes.length - 1]! >= (lastId === undefined ? 0 : this.#ends[lastId]!);
      if (!intact) {
        this.#removeRecord(rec);
        dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    for (const rec of [...this.#runs]) this.#removeRecord(rec);
    this.#lostFirst.clear();
    this.#byKind.length = 0;
    this.#ranges.clear();
    this.#records = [];
    this.#revealed = [];
    this.#revealAt = 0;
    this.#count = this.#paintedUpTo = 0;
  }
}
