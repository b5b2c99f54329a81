/**
 * Marks a live page: walks its text runs, matches and resolves names, and paints the
 * mentions; later, re-scans only the blocks that changed. Work is done in small steps
 * (`step(deadline)`) so the caller can slice it and yield to the page between slices.
 *
 * The page's DOM is only read. Ranges are `StaticRange`s: they cost the page nothing when
 * it mutates (a live `Range` is updated by the browser on every DOM change), and the
 * mutation observer tells us when to replace them. They are made when a mention is
 * painted (see MentionStore), not when it is found.
 */
import type { AliasIndex } from '../match/alias-index';
import { Resolver, type Pending } from '../match/resolve';
import { Scanner } from '../match/scan';
import type { HighlightPainter } from './highlights';
import { MentionStore, type RunRecord } from './mentions';
import { TextRunWalker, blockOf, isInsideSkipped, type TextRun } from './text-runs';
import type { ViewWatcher } from './viewport';

/** Longest piece of a run scanned in one step; longer runs (a huge <pre>) are cut at whitespace. */
const MAX_CHUNK = 8_192;
/**
 * How often found marks are painted during a very long pass. Chromium re-validates every
 * highlighted range of the page whenever a highlight changes, so marks are painted once
 * at the end of a pass (and, for passes longer than this, now and then).
 */
const PAINT_INTERVAL_MS = 2000;
/** The first units of the first pass run one per slice (they compile what they call). */
const FIRST_UNITS_ALONE = 4;

interface Waiting {
  p: Pending;
  run: TextRun;
  start: number;
  end: number;
  /** The removal epoch when it was found: if nothing was removed since, its text is still there. */
  epoch: number;
}

export interface AnnotatorOptions {
  french: boolean;
  /** Our own UI host, never scanned. */
  ownHost: () => Element | null;
  /** Entity kinds to mark (indices into ENTITY_KINDS); all when undefined. */
  kinds?: ReadonlySet<number>;
  /** Paints only near the viewport (see viewport.ts); everything at once when absent. */
  watcher?: ViewWatcher<RunRecord>;
}

export class PageAnnotator {
  readonly store: MentionStore;
  readonly #scanner: Scanner;
  readonly #resolver: Resolver;
  readonly #roots: Node[] = [];
  #walker: TextRunWalker | null = null;
  #run: TextRun | null = null;
  #runOffset = 0;
  #runRecord: RunRecord | null = null;
  #waiting: Waiting[] = [];
  /** Short forms not (yet) mentions: tried again when more of the page arrives. */
  #dormant: Waiting[] = [];
  /** Short and shared names being settled (in slices), and how far we got. */
  #settling: Waiting[] | null = null;
  #settleAt = 0;
  readonly #dirty = new Set<Node>();
  #needsSweep = false;
  /** Counts batches with removals (see Waiting.epoch). */
  #epoch = 0;
  #settled = true;
  /** The next part of the scanner to warm up, or -1 once done. */
  #warm = 0;
  /** Units of work still to run alone in a slice (the first of a pass: see work). */
  #alone = 0;
  readonly #options: AnnotatorOptions;

  constructor(
    readonly index: AliasIndex,
    painter: HighlightPainter,
    options: AnnotatorOptions,
  ) {
    this.#options = options;
    this.store = new MentionStore(painter, options.watcher ?? null);
    this.#scanner = new Scanner(index, options.french);
    this.#resolver = new Resolver(index);
  }

  /** Queues a subtree for a first scan. */
  scan(root: Node): void {
    this.#roots.push(root);
    this.#settled = false;
  }

  /** Queues a changed node: its block is scanned again (old mentions there are replaced). */
  changed(node: Node): void {
    // A block element is scanned alone; a text node or an inline element, with its line.
    const block = blockOf(node);
    if (block) this.#dirty.add(block);
    this.#settled = false;
  }

  /** Some nodes were removed: drop their mentions at the next step. */
  removed(): void {
    this.#epoch++;
    this.#needsSweep = true;
    this.#settled = false;
  }

  get idle(): boolean {
    return this.#settled && this.#roots.length === 0 && this.#walker === null && this.#run === null && this.#dirty.size === 0 && !this.store.hasWork;
  }

  /**
   * Works until `deadline` (a performance.now() time) or until everything queued is done.
   * Returns true when done (including settling short and shared names).
   */
  step(deadline: number, now: () => number): boolean {
    // The page ran since the last slice: it may have removed what the walk stands on.
    const stale = this.#walker?.resume();
    if (stale) {
      this.#run = null;
      this.changed(stale);
    }
    const done = this.#painting || this.#work(deadline, now);
    this.#walker?.pause();
    // Marks are painted in one batch per pass (see PAINT_INTERVAL_MS), itself in slices.
    const t = now();
    if (this.#lastFlush === 0) this.#lastFlush = t;
    if (done || this.#painting || t - this.#lastFlush >= PAINT_INTERVAL_MS) {
      const painted = this.store.flush(deadline, now);
      this.#lastFlush = t;
      this.#painting = !painted;
      return done && painted;
    }
    return false;
  }

  #lastFlush = 0;
  /** A flush is under way across slices. */
  #painting = false;

  #work(deadline: number, now: () => number): boolean {
    // Reading the clock costs about as much as a short run (it is a call out of the
    // content script's world): every fourth unit (two runs), or after 2k characters.
    let units = 0;
    let chars = 0;
    // Before the first scan: compile the scanner in parts, one per slice (see Scanner.warmUp);
    // then the first units of the pass (a walk, a scan and what it calls) run alone in
    // their slices, as they compile the walker, the resolver and the mention store.
    if (this.#warm >= 0 && this.#roots.length + this.#dirty.size > 0) {
      if (this.#scanner.warmUp(this.#warm)) {
        this.#warm++;
        return false;
      }
      this.#warm = -1;
      this.#alone = FIRST_UNITS_ALONE;
    }
    for (;;) {
      if (this.#run) {
        chars += this.#scanChunk();
      } else if (this.#walker) {
        this.#run = this.#walker.next();
        this.#runOffset = 0;
        this.#runRecord = null;
        if (!this.#run) this.#walker = null;
      } else if (this.#roots.length) {
        this.#walker = new TextRunWalker(this.#roots.shift()!, this.#options.ownHost());
      } else if (this.#dirty.size) {
        this.#takeDirty();
      } else if (this.#needsSweep) {
        this.#needsSweep = false;
        this.store.sweep();
        this.#dormant = this.#dormant.filter((w) => connected(w.run));
      } else if (!this.#settled) {
        if (this.#settleSome(deadline, now)) {
          this.#settled = true;
          return true;
        }
      } else {
        return true;
      }
      if (this.#alone > 0) {
        this.#alone--;
        return false;
      }
      if ((++units & 3) === 0 || chars >= 2048) {
        chars = 0;
        if (now() >= deadline) return false;
      }
    }
  }

  /** Scans the next piece of the current run; returns how many characters it covered. */
  #scanChunk(): number {
    const run = this.#run!;
    const text = run.text;
    let to = text.length;
    if (to - this.#runOffset > MAX_CHUNK) {
      to = this.#runOffset + MAX_CHUNK;
      // Cut after a line end or a sentence, else at a space, so no name is cut in two.
      const floor = to - 2000;
      let cut = text.lastIndexOf('\n', to);
      if (cut < floor) cut = text.lastIndexOf('. ', to) + 1;
      if (cut < floor) cut = text.lastIndexOf(' ', to);
      if (cut > this.#runOffset) to = cut;
    }
    const from = this.#runOffset;
    this.#scanner.scan(text, this.#sink, from, to);
    this.#runOffset = to;
    if (this.#runOffset >= text.length) this.#run = null;
    return to - from;
  }

  /** One sink for every run (no closure per run): matches belong to `this.#run`. */
  readonly #sink = (start: number, end: number, aliases: readonly number[], count: number) => this.#onMatch(this.#run!, start, end, aliases, count);

  #onMatch(run: TextRun, start: number, end: number, aliases: readonly number[], count: number): void {
    const seq = this.#resolver.seq;
    const target = this.#resolver.offer(aliases, count);
    if (target >= 0) this.#paint(run, start, end, target);
    else this.#waiting.push({ p: { seq, aliases: aliases.slice(0, count) }, run, start, end, epoch: this.#epoch });
  }

  #paint(run: TextRun, start: number, end: number, target: number): void {
    const entity = target >> 2;
    const kind = this.index.kinds[entity]!;
    if (this.#options.kinds && !this.#options.kinds.has(kind)) return;
    let rec = run === this.#run ? this.#runRecord : null;
    if (!rec) {
      rec = this.store.record(run);
      if (run === this.#run) this.#runRecord = rec;
    }
    this.store.add(rec, entity, target & 3, kind, start, end);
  }

  /**
   * Decides the short and shared names with everything the page has said so far, a few
   * at a time (a long page can have thousands). Returns true when all are done.
   */
  #settleSome(deadline: number, now: () => number): boolean {
    if (this.#settling === null) {
      // Both lists are in page order already; only together do they need sorting.
      this.#settling = this.#dormant.length === 0 ? this.#waiting : [...this.#waiting, ...this.#dormant].sort((a, b) => a.p.seq - b.p.seq);
      this.#settleAt = 0;
      this.#waiting = [];
      this.#dormant = [];
    }
    const todo = this.#settling;
    while (this.#settleAt < todo.length) {
      const w = todo[this.#settleAt++]!;
      if (w.epoch !== this.#epoch && !connected(w.run)) continue;
      const target = this.#resolver.settle(w.p);
      if (target >= 0) this.#paint(w.run, w.start, w.end, target);
      else {
        w.epoch = this.#epoch;
        this.#dormant.push(w);
      }
      if ((this.#settleAt & 15) === 0 && now() >= deadline) return false;
    }
    this.#settling = null;
    return true;
  }

  /** Turns the changed nodes into blocks to scan again, outermost only, old mentions removed. */
  #takeDirty(): void {
    const blocks = [...this.#dirty].filter((n) => n.isConnected);
    this.#dirty.clear();
    const set = new Set(blocks);
    const host = this.#options.ownHost();
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
      const inBlock = (w: Waiting) => !w.run.nodes.some((n) => block.contains(n));
      this.#dormant = this.#dormant.filter(inBlock);
      this.#waiting = this.#waiting.filter(inBlock);
      if (this.#settling) {
        this.#settling = this.#settling.slice(this.#settleAt).filter(inBlock);
        this.#settleAt = 0;
      }
      this.#roots.push(block);
    }
    this.#needsSweep = true;
  }
}

function connected(run: TextRun): boolean {
  return run.nodes.every((n) => n.isConnected);
}
