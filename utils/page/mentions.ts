/**
 * The mentions painted on the page, kept per text run (a paragraph's worth of text
 * nodes). Each text node points to its run, so hit-testing a pointer position is one
 * WeakMap lookup and a binary search in that run's mentions, and adding a mention costs
 * no per-node bookkeeping.
 */
import type { HighlightPainter } from './highlights';
import { mentionHighlightName } from './highlights';
import type { TextRun } from './text-runs';

export interface Mention {
  range: StaticRange;
  entity: number;
  via: number;
  kind: number;
  /** Whether it is painted yet (marks are painted in batches: each batch repaints the page). */
  painted: boolean;
  removed: boolean;
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
  mentions: Mention[];
}

export class MentionStore {
  private readonly byNode = new WeakMap<Text, RunRecord>();
  private readonly runs = new Set<RunRecord>();
  private count = 0;
  /** Found but not painted yet; see flush(). */
  private unpainted: Mention[] = [];
  /** The highlight of each entity kind, looked up once. */
  private readonly byKind: Highlight[] = [];

  constructor(private readonly painter: HighlightPainter) {}

  private highlightOf(kind: number): Highlight {
    return (this.byKind[kind] ??= this.painter.highlight(mentionHighlightName(kind)));
  }

  get size(): number {
    return this.count;
  }

  *all(): IterableIterator<Mention> {
    for (const r of this.runs) yield* r.mentions;
  }

  /** The record of a run, created (and its nodes registered) on its first mention. */
  record(run: TextRun): RunRecord {
    const known = this.byNode.get(run.nodes[0]!);
    if (known && known.run === run && this.runs.has(known)) return known;
    const rec: RunRecord = { run, starts: [], ends: [], mentions: [] };
    for (const node of run.nodes) this.byNode.set(node, rec);
    this.runs.add(rec);
    return rec;
  }

  /** Registers and paints a mention at run offsets [start, end). */
  add(rec: RunRecord, mention: Mention, start: number, end: number): void {
    let at = rec.starts.length;
    // Usually appended in order; shorts settled later are inserted in place.
    while (at > 0 && rec.starts[at - 1]! > start) at--;
    if (at === rec.starts.length) {
      rec.starts.push(start);
      rec.ends.push(end);
      rec.mentions.push(mention);
    } else {
      rec.starts.splice(at, 0, start);
      rec.ends.splice(at, 0, end);
      rec.mentions.splice(at, 0, mention);
    }
    this.count++;
    this.unpainted.push(mention);
  }

  /**
   * Paints the mentions found since the last flush, until `deadline` (checked every few
   * hundred: a long page has tens of thousands). Returns true when all are painted.
   */
  flush(deadline = Infinity, now: () => number = () => 0): boolean {
    const list = this.unpainted;
    let i = this.flushed;
    while (i < list.length) {
      const m = list[i++]!;
      if (!m.removed) {
        this.highlightOf(m.kind).add(m.range);
        m.painted = true;
      }
      if ((i & 255) === 0 && now() >= deadline) break;
    }
    if (i >= list.length) {
      this.unpainted = [];
      this.flushed = 0;
      return true;
    }
    this.flushed = i;
    return false;
  }

  private flushed = 0;

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
      else return rec.mentions[mid];
    }
    return undefined;
  }

  private removeRecord(rec: RunRecord): void {
    if (!this.runs.delete(rec)) return;
    for (const m of rec.mentions) {
      m.removed = true;
      if (m.painted) this.highlightOf(m.kind).delete(m.range);
    }
    this.count -= rec.mentions.length;
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
  }
}
