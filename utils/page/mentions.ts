/**
 * The mentions painted on the page. Their data lives in flat arrays indexed by a mention
 * id (a long page has tens of thousands: one object each would mostly feed the garbage
 * collector), and each text run keeps the ids of its mentions in order, so hit-testing a
 * pointer position is one WeakMap lookup and a binary search in that run.
 */
import type { HighlightPainter } from './highlights';
import { mentionHighlightName } from './highlights';
import type { TextRun } from './text-runs';

/** A mention, as the hover and the popup see it (built on demand). */
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
  /** Sorted by start; offsets in the run's text. */
  starts: number[];
  ends: number[];
  ids: number[];
}

const PENDING = 0;
const PAINTED = 1;
const REMOVED = 2;

export class MentionStore {
  private readonly byNode = new WeakMap<Text, RunRecord>();
  private readonly runs = new Set<RunRecord>();
  private live = 0;
  /** The highlight of each entity kind, looked up once. */
  private readonly byKind: Highlight[] = [];

  // Mention data by id.
  private ranges: (StaticRange | null)[] = [];
  private entities = new Int32Array(1024);
  private vias = new Uint8Array(1024);
  private kinds = new Uint8Array(1024);
  private states = new Uint8Array(1024);
  private count = 0;
  /** Ids below this are painted (or removed). */
  private paintedUpTo = 0;

  constructor(private readonly painter: HighlightPainter) {}

  get size(): number {
    return this.live;
  }

  private highlightOf(kind: number): Highlight {
    return (this.byKind[kind] ??= this.painter.highlight(mentionHighlightName(kind)));
  }

  private view(id: number): Mention {
    return { id, range: this.ranges[id]!, entity: this.entities[id]!, via: this.vias[id]!, kind: this.kinds[id]! };
  }

  *all(): IterableIterator<Mention> {
    for (const r of this.runs) for (const id of r.ids) yield this.view(id);
  }

  /** The record of a run, created (and its nodes registered) on its first mention. */
  record(run: TextRun): RunRecord {
    const known = this.byNode.get(run.nodes[0]!);
    if (known && known.run === run && this.runs.has(known)) return known;
    const rec: RunRecord = { run, starts: [], ends: [], ids: [] };
    for (const node of run.nodes) this.byNode.set(node, rec);
    this.runs.add(rec);
    return rec;
  }

  private grow(): void {
    const cap = this.entities.length * 2;
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    const g8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    this.entities = g32(this.entities);
    this.vias = g8(this.vias);
    this.kinds = g8(this.kinds);
    this.states = g8(this.states);
  }

  /** Registers a mention at run offsets [start, end); it is painted at the next flush. */
  add(rec: RunRecord, range: StaticRange, entity: number, via: number, kind: number, start: number, end: number): void {
    const id = this.count++;
    if (id >= this.entities.length) this.grow();
    this.ranges.push(range);
    this.entities[id] = entity;
    this.vias[id] = via;
    this.kinds[id] = kind;
    this.states[id] = PENDING;
    let at = rec.starts.length;
    // Usually appended in order; surnames settled later are inserted in place.
    while (at > 0 && rec.starts[at - 1]! > start) at--;
    if (at === rec.starts.length) {
      rec.starts.push(start);
      rec.ends.push(end);
      rec.ids.push(id);
    } else {
      rec.starts.splice(at, 0, start);
      rec.ends.splice(at, 0, end);
      rec.ids.splice(at, 0, id);
    }
    this.live++;
  }

  /**
   * Paints the mentions found since the last flush, until `deadline` (checked every few
   * hundred: a long page has tens of thousands). Returns true when all are painted.
   */
  flush(deadline = Infinity, now: () => number = () => 0): boolean {
    let id = this.paintedUpTo;
    while (id < this.count) {
      if (this.states[id] === PENDING) {
        this.highlightOf(this.kinds[id]!).add(this.ranges[id]!);
        this.states[id] = PAINTED;
      }
      id++;
      if ((id & 255) === 0 && now() >= deadline) break;
    }
    this.paintedUpTo = id;
    return id >= this.count;
  }

  /** The mention covering `offset` in `node`, if any. */
  at(node: Node, offset: number): Mention | undefined {
    const rec = this.byNode.get(node as Text);
    if (!rec || !this.runs.has(rec)) return undefined;
    const i = rec.run.nodes.indexOf(node as Text);
    if (i < 0) return undefined;
    const pos = rec.run.starts[i]! + offset;
    let lo = 0;
    let hi = rec.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (pos < rec.starts[mid]!) hi = mid - 1;
      else if (pos > rec.ends[mid]!) lo = mid + 1;
      else return this.view(rec.ids[mid]!);
    }
    return undefined;
  }

  private removeRecord(rec: RunRecord): void {
    if (!this.runs.delete(rec)) return;
    for (const id of rec.ids) {
      if (this.states[id] === PAINTED) this.highlightOf(this.kinds[id]!).delete(this.ranges[id]!);
      this.states[id] = REMOVED;
      this.ranges[id] = null;
    }
    this.live -= rec.ids.length;
  }

  /** Removes every mention in the runs of these nodes (before they are scanned again). */
  removeInNodes(nodes: Iterable<Text>): void {
    for (const node of nodes) {
      const rec = this.byNode.get(node);
      if (rec) this.removeRecord(rec);
    }
  }

  /** Drops the runs whose text left the document or shrank under their ranges. Returns how many. */
  sweep(): number {
    let dropped = 0;
    for (const rec of this.runs) {
      const nodes = rec.run.nodes;
      const last = nodes[nodes.length - 1]!;
      const intact = nodes.every((n) => n.isConnected) && last.data.length + rec.run.starts[nodes.length - 1]! >= (rec.ends[rec.ends.length - 1] ?? 0);
      if (!intact) {
        this.removeRecord(rec);
        dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    for (const rec of [...this.runs]) this.removeRecord(rec);
    this.byKind.length = 0;
    this.ranges = [];
    this.count = this.paintedUpTo = 0;
  }
}
