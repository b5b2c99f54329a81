/**
 * Marks a live page: walks its text runs, matches and resolves names, and paints the
 * mentions; later, re-scans only the blocks that changed. Work is done in small steps
 * (`step(deadline)`) so the caller can slice it and yield to the page between slices.
 *
 * The page's DOM is only read. Ranges are `StaticRange`s: they cost the page nothing when
 * it mutates (a live `Range` is updated by the browser on every DOM change), and the
 * mutation observer tells us when to replace them.
 */
import type { AliasIndex } from '../match/alias-index';
import { Resolver, type Pending } from '../match/resolve';
import { Scanner } from '../match/scan';
import type { HighlightPainter } from './highlights';
import { MentionStore, type Mention } from './mentions';
import { TextRunWalker, blockOf, isInsideSkipped, locate, locateEnd, type TextRun } from './text-runs';

/** Longest piece of a run scanned in one step; longer runs (a huge <pre>) are cut at whitespace. */
const MAX_CHUNK = 16_384;

interface Waiting {
  p: Pending;
  range: StaticRange;
  nodes: Text[];
  surface: string;
}

export interface AnnotatorOptions {
  french: boolean;
  /** Our own UI host, never scanned. */
  ownHost: () => Element | null;
  /** Entity kinds to mark (indices into ENTITY_KINDS); all when undefined. */
  kinds?: ReadonlySet<number>;
}

export class PageAnnotator {
  readonly store: MentionStore;
  private readonly scanner: Scanner;
  private readonly resolver: Resolver;
  private readonly roots: Node[] = [];
  private walker: TextRunWalker | null = null;
  private run: TextRun | null = null;
  private runOffset = 0;
  private waiting: Waiting[] = [];
  /** Short forms not (yet) mentions: tried again when more of the page arrives. */
  private dormant: Waiting[] = [];
  private readonly dirty = new Set<Node>();
  private needsSweep = false;
  private settled = true;

  constructor(
    readonly index: AliasIndex,
    painter: HighlightPainter,
    private readonly options: AnnotatorOptions,
  ) {
    this.store = new MentionStore(painter);
    this.scanner = new Scanner(index, options.french);
    this.resolver = new Resolver(index);
  }

  /** Queues a subtree for a first scan. */
  scan(root: Node): void {
    this.roots.push(root);
    this.settled = false;
  }

  /** Queues a changed node: its block is scanned again (old mentions there are replaced). */
  changed(node: Node): void {
    // A block element is scanned alone; a text node or an inline element, with its line.
    const block = blockOf(node);
    if (block) this.dirty.add(block);
    this.settled = false;
  }

  /** Some nodes were removed: drop their mentions at the next step. */
  removed(): void {
    this.needsSweep = true;
    this.settled = false;
  }

  get idle(): boolean {
    return this.settled && this.roots.length === 0 && this.walker === null && this.run === null && this.dirty.size === 0;
  }

  /** Counts of mentions per entity index (for the popup's "this page" list). */
  summary(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const m of this.store.all()) counts.set(m.entity, (counts.get(m.entity) ?? 0) + 1);
    return counts;
  }

  /**
   * Works until `deadline` (a performance.now() time) or until everything queued is done.
   * Returns true when done (including settling short and shared names).
   */
  step(deadline: number, now: () => number): boolean {
    for (;;) {
      if (this.run) {
        this.scanChunk();
      } else if (this.walker) {
        this.run = this.walker.next();
        this.runOffset = 0;
        if (!this.run) this.walker = null;
      } else if (this.roots.length) {
        this.walker = new TextRunWalker(this.roots.shift()!, this.options.ownHost());
      } else if (this.dirty.size) {
        this.takeDirty();
      } else if (this.needsSweep) {
        this.needsSweep = false;
        this.store.sweep();
        this.dormant = this.dormant.filter((w) => w.nodes.every((n) => n.isConnected));
      } else if (!this.settled) {
        this.settle();
        this.settled = true;
        return true;
      } else {
        return true;
      }
      if (now() >= deadline) return false;
    }
  }

  private scanChunk(): void {
    const run = this.run!;
    const text = run.text;
    let to = text.length;
    if (to - this.runOffset > MAX_CHUNK) {
      to = this.runOffset + MAX_CHUNK;
      // Cut after a line end or a sentence, else at a space, so no name is cut in two.
      const floor = to - 2000;
      let cut = text.lastIndexOf('\n', to);
      if (cut < floor) cut = text.lastIndexOf('. ', to) + 1;
      if (cut < floor) cut = text.lastIndexOf(' ', to);
      if (cut > this.runOffset) to = cut;
    }
    const from = this.runOffset;
    this.scanner.scan(text, (start, end, aliases) => this.onMatch(run, start, end, aliases), from, to);
    this.runOffset = to;
    if (this.runOffset >= text.length) this.run = null;
  }

  private onMatch(run: TextRun, start: number, end: number, aliases: number[]): void {
    const s = locate(run, start);
    const e = locateEnd(run, end);
    const range = new StaticRange({ startContainer: s.node, startOffset: s.offset, endContainer: e.node, endOffset: e.offset });
    const nodes = s.node === e.node ? [s.node] : run.nodes.slice(run.nodes.indexOf(s.node), run.nodes.indexOf(e.node) + 1);
    const surface = run.text.slice(start, end);
    const seq = this.resolver.seq;
    const target = this.resolver.offer(aliases);
    if (target >= 0) this.paint(range, nodes, target, surface);
    else this.waiting.push({ p: { seq, aliases }, range, nodes, surface });
  }

  private paint(range: StaticRange, nodes: Text[], target: number, surface: string): void {
    const entity = target >> 2;
    const kind = this.index.kinds[entity]!;
    if (this.options.kinds && !this.options.kinds.has(kind)) return;
    const mention: Mention = { range, entity, via: target & 3, kind, surface };
    this.store.add(mention, nodes);
  }

  /** Decides the short and shared names with everything the page has said so far. */
  private settle(): void {
    const todo = [...this.waiting, ...this.dormant].sort((a, b) => a.p.seq - b.p.seq);
    this.waiting = [];
    this.dormant = [];
    for (const w of todo) {
      if (!w.nodes.every((n) => n.isConnected)) continue;
      const target = this.resolver.settle(w.p);
      if (target >= 0) this.paint(w.range, w.nodes, target, w.surface);
      else this.dormant.push(w);
    }
  }

  /** Turns the changed nodes into blocks to scan again, outermost only, old mentions removed. */
  private takeDirty(): void {
    const blocks = [...this.dirty].filter((n) => n.isConnected);
    this.dirty.clear();
    const set = new Set(blocks);
    const host = this.options.ownHost();
    const top = blocks.filter((b) => {
      for (let p = b.parentNode; p; p = p.parentNode) if (set.has(p)) return false;
      return !isInsideSkipped(b, host);
    });
    for (const block of top) {
      const doc = block.ownerDocument ?? (block as Document);
      const tw = doc.createTreeWalker(block, 0x4);
      const texts: Text[] = [];
      for (let n = tw.nextNode(); n; n = tw.nextNode()) texts.push(n as Text);
      this.store.removeInNodes(texts);
      const inBlock = (w: Waiting) => !w.nodes.some((n) => block.contains(n));
      this.dormant = this.dormant.filter(inBlock);
      this.waiting = this.waiting.filter(inBlock);
      this.roots.push(block);
    }
    this.needsSweep = true;
  }
}
