/**
 * Which parts of the page are near what the reader sees. Mentions are found on the whole
 * page, but painted only near the viewport, and further on as the reader scrolls.
 *
 * Why: painting is most of the cost of marking a long page. Each mark is a `StaticRange`
 * (an object in the page's DOM and one in our script's world) and an entry in a
 * highlight, and the browser re-checks every highlighted range whenever a highlight
 * changes. A 1M-character report holds some 20,000 names, most of them screens away from
 * where the reader is; finding them is cheap, painting them all was a third of the work.
 *
 * An IntersectionObserver watches the blocks that hold mentions, with a margin of one
 * viewport on every side, so marks are in place before they scroll into view. A block
 * that has been near the viewport once stays "seen": when the page re-renders it, its new
 * mentions are painted at once, as before. After the first pass, text that appears or
 * changes (a live blog, a page that re-renders) is placed by its block's rectangle, read
 * at once, so marks near the reader never wait a frame (no flicker when a block is
 * replaced); only what is far away is left to the observer.
 *
 * Blocks are watched in groups: consecutive blocks with one parent (paragraphs of an
 * article body), up to GROUP_RUNS of them and GROUP_CHARS of text, watched through their
 * first and last block. Siblings in the page's flow lie between the first and the last,
 * and a group is short enough (a screen or two of text) that whenever one of its blocks
 * is in view, its first or last is within the margin. On a long page this watches a
 * quarter as many elements: each costs the observer (and us) a few microseconds.
 */

/** How far beyond the viewport (and beyond the edges of scrolling boxes) we paint ahead. */
const AHEAD = '100%';
const GROUP_RUNS = 16;
const GROUP_CHARS = 2000;

interface Group<T> {
  items: T[];
  /** The block of each item. */
  blocks: Element[];
  first: Element;
  last: Element;
  parent: Node | null;
  chars: number;
}

/** What the watcher holds: it notes the item's group on the item itself (no map per item). */
export interface Holdable {
  viewGroup: object | null;
}

export class ViewWatcher<T extends Holdable> {
  #observer: IntersectionObserver | null = null;
  /** The groups watched through each element. */
  readonly #watching = new Map<Element, Group<T>[]>();
  /** The group being filled by `hold` (closed by `endBatch`, or when a block does not fit). */
  #open: Group<T> | null = null;
  /** Elements observed and not yet reported on once (see `seen`). */
  readonly #unreported = new Set<Element>();
  readonly #seenOnce = new WeakSet<Element>();
  #waiters: (() => void)[] = [];
  /** Reports received, not yet handled (they are handled in the caller's slices). */
  #reports: IntersectionObserverEntry[][] = [];
  #reportAt = 0;

  /** `onReport` is called when the observer has news; `take` handles it in a slice. */
  constructor(private readonly onReport: () => void) {}

  /**
   * Holds `item` (text of `chars` characters in `block`) until its block comes near the
   * viewport. Returns false, holding nothing, when the block was near it before.
   */
  hold(item: T, block: Element, chars: number): boolean {
    if (this.#seenOnce.has(block)) return false;
    if (this.#reported && nearViewport(block)) {
      this.#seenOnce.add(block);
      return false;
    }
    this.#add(item, block, chars);
    return true;
  }

  /** Adds an item to the group being filled, or to a new group if it does not fit. */
  #add(item: T, block: Element, chars: number): void {
    const parent = block.parentNode;
    let g = this.#open;
    if (g !== null && g.parent === parent && g.items.length < GROUP_RUNS && g.chars < GROUP_CHARS) {
      g.items.push(item);
      g.blocks.push(block);
      g.chars += chars;
      g.last = block;
    } else {
      this.endBatch();
      this.#open = g = { items: [item], blocks: [block], first: block, last: block, parent, chars };
      this.#watch(g, block);
    }
    item.viewGroup = g;
  }

  /** Closes the group being filled: from now on it is also watched through its last block. */
  endBatch(): void {
    const g = this.#open;
    if (g === null) return;
    this.#open = null;
    if (g.last !== g.first) this.#watch(g, g.last);
  }

  /** Stops holding `item` (its text left the page). */
  release(item: T): void {
    const g = item.viewGroup as Group<T> | null;
    if (!g) return;
    item.viewGroup = null;
    if (g === this.#open) this.endBatch();
    const i = g.items.indexOf(item);
    g.items.splice(i, 1);
    g.blocks.splice(i, 1);
    this.#unwatch(g, g.first);
    this.#unwatch(g, g.last);
    // The rest of the group may have lost the block it was watched through: each of
    // them is watched again on its own.
    for (let k = 0; k < g.items.length; k++) {
      this.#add(g.items[k]!, g.blocks[k]!, 0);
      this.endBatch();
    }
  }

  #watch(g: Group<T>, target: Element): void {
    let groups = this.#watching.get(target);
    if (!groups) {
      this.#watching.set(target, (groups = []));
      this.#unreported.add(target);
      this.#observer ??= new IntersectionObserver((entries) => this.#report(entries), {
        rootMargin: AHEAD,
        // Scrolling boxes inside the page clip what they hold; paint ahead in them too
        // (Chromium 120+; other browsers ignore the option).
        scrollMargin: AHEAD,
      } as IntersectionObserverInit);
      this.#observer.observe(target);
    }
    groups.push(g);
  }

  #unwatch(g: Group<T>, target: Element): void {
    const groups = this.#watching.get(target);
    if (!groups) return;
    const i = groups.indexOf(g);
    if (i >= 0) groups.splice(i, 1);
    if (groups.length === 0) this.#forget(target);
  }

  #forget(target: Element): void {
    this.#watching.delete(target);
    this.#observer?.unobserve(target);
    if (this.#unreported.delete(target)) this.#maybeSeen();
  }

  /** The observer has reported once: the first pass is placed; later text is placed by its rectangle. */
  #reported = false;

  /** Kept for `take`: the observer calls this after a frame's layout. */
  #report(entries: IntersectionObserverEntry[]): void {
    this.#reported = true;
    this.#reports.push(entries);
    for (let i = 0; i < entries.length; i++) this.#unreported.delete(entries[i]!.target);
    this.onReport();
    this.#maybeSeen();
  }

  /**
   * Handles the reports received, until `deadline`: the items of every group that came
   * near the viewport go to `reveal`. Returns true when all are handled.
   */
  take(reveal: (item: T) => void, deadline = Infinity, now: () => number = () => 0): boolean {
    while (this.#reports.length) {
      const entries = this.#reports[0]!;
      while (this.#reportAt < entries.length) {
        const e = entries[this.#reportAt++]!;
        // An element with no box of its own (display: contents) is never "intersecting":
        // its text is painted rather than left bare. (checkVisibility allocates nothing,
        // unlike reading the entry's rectangle; most entries are far from the viewport.)
        if (e.isIntersecting || !e.target.checkVisibility()) this.#near(e.target, reveal);
        if ((this.#reportAt & 63) === 0 && now() >= deadline) return false;
      }
      this.#reports.shift();
      this.#reportAt = 0;
    }
    return true;
  }

  #near(target: Element, reveal: (item: T) => void): void {
    this.#seenOnce.add(target);
    const groups = this.#watching.get(target);
    if (!groups) return;
    this.#forget(target);
    for (const g of groups) {
      this.#unwatch(g, g.first);
      this.#unwatch(g, g.last);
      if (g === this.#open) this.#open = null;
      for (const item of g.items) {
        item.viewGroup = null;
        reveal(item);
      }
    }
  }

  get hasReports(): boolean {
    return this.#reports.length > 0;
  }

  /**
   * Resolves once every element watched so far has been reported on at least once (the
   * frame after it was watched, in a tab the reader sees). Then what is in view is known.
   */
  seen(): Promise<void> {
    if (this.#unreported.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #maybeSeen(): void {
    if (this.#unreported.size !== 0 || this.#waiters.length === 0) return;
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  disconnect(): void {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#watching.clear();
    this.#open = null;
    this.#unreported.clear();
    this.#reports = [];
    this.#wake();
  }
}

/**
 * Is the element within a viewport's distance of the viewport (the observer's margin)? An
 * element with no box has an empty rectangle at 0,0: near, so its text is painted.
 */
function nearViewport(el: Element): boolean {
  const view = el.ownerDocument.defaultView;
  if (!view) return true;
  const h = view.innerHeight;
  const w = view.innerWidth;
  const r = el.getBoundingClientRect();
  return r.bottom >= -h && r.top <= 2 * h && r.right >= -w && r.left <= 2 * w;
}
