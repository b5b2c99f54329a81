/**
 * Which parts of the page are near what the reader sees. Mentions are found on the whole
 * page, but painted only while near the viewport: painted as the reader scrolls towards
 * them, unpainted once the reader has scrolled well past.
 *
 * Why: whenever a highlight changes, the browser re-checks every highlighted range on
 * the next frame. A 1M-character report holds some 20,000 names. Painting them all was a
 * third of the work of marking it; painting them as the reader came near and keeping
 * them painted made every later change cost as much as all the ranges painted so far
 * (scrolling to the end of that page, measured: 8.6 s without us; with us, 19–22 s at
 * 1x and 87 s at 4x CPU throttle). Kept to the ranges near the viewport, a change costs
 * the same at the end of the page as at its top.
 *
 * An IntersectionObserver watches the blocks that hold mentions, with a margin of one
 * viewport on every side, so marks are in place before they scroll into view; they are
 * taken away once more than a screen from it. After the first pass, text that appears or
 * changes (a live blog, a page that re-renders) is placed by its block's rectangle, read at
 * once, so marks near the reader never wait a frame (no flicker when a block is
 * replaced); what is far away is left to the observer.
 *
 * Blocks are watched in groups: consecutive blocks with one parent (paragraphs of an
 * article body), up to GROUP_RUNS of them and GROUP_CHARS of text, watched through their
 * first and last block. Siblings in the page's flow lie between the first and the last: a
 * group is near the viewport when its first or last block is, or when the first is above
 * and the last below (a tall group the reader is in the middle of). On a long page this
 * watches a quarter as many elements: each costs the observer (and us) a few microseconds.
 */

/**
 * While the reader scrolls, the observer reports every frame; marks are changed at most
 * this often. Each change costs the browser, on the next frame, time in proportion to all
 * the ranges painted (at 4x throttle about 0.06 ms per range: some 30 ms for 500 ranges).
 * Measured at 4x on the 1M page, scrolled a screen every two frames: 31 s with a change
 * every frame, 25 s with this gap, 7 s without Dossier. Painting a tenth of a second late
 * is unseen: marks are painted a screen ahead.
 */
export const REPAINT_GAP_MS = 100;

/** How far beyond the viewport we paint ahead (the observer's root margin). */
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
  /** Its items are painted (it is, or was last seen, near the viewport). */
  shown: boolean;
}

/** Where a watched element was at the observer's last report. */
const UNKNOWN = 0;
const NEAR = 1;
const FAR = 2;

interface Watched<T> {
  groups: Group<T>[];
  where: number;
}

/** What the watcher holds: it notes the item's group on the item itself (no map per item). */
export interface Holdable {
  viewGroup: object | null;
}

export class ViewWatcher<T extends Holdable> {
  #observer: IntersectionObserver | null = null;
  /** The elements watched, with the groups watched through each. */
  readonly #watching = new Map<Element, Watched<T>>();
  /** The group being filled by `place` (closed by `endBatch`, or when a block does not fit). */
  #open: Group<T> | null = null;
  /** Elements observed and not yet reported on once (see `seen`). */
  readonly #unreported = new Set<Element>();
  #waiters: (() => void)[] = [];
  /** Reports received, not yet handled (they are handled in the caller's slices). */
  #reports: IntersectionObserverEntry[][] = [];
  #reportAt = 0;

  /** `onReport` is called when the observer has news; `take` handles it in a slice. */
  constructor(private readonly onReport: () => void) {}

  /**
   * Watches `item` (text of `chars` characters in `block`) from now until it is released.
   * Returns true when it is near the viewport now, to be painted at once; otherwise it is
   * revealed when its block comes near.
   */
  place(item: T, block: Element, chars: number): boolean {
    // Before the observer's first report nothing is known: all waits for it. After it,
    // new text is placed by its rectangle (see the top of this file).
    const near = this.#reported && nearViewport(block);
    const parent = block.parentNode;
    let g = this.#open;
    if (g !== null && g.parent === parent && g.shown === near && g.items.length < GROUP_RUNS && g.chars < GROUP_CHARS) {
      g.items.push(item);
      g.blocks.push(block);
      g.chars += chars;
      g.last = block;
    } else {
      this.endBatch();
      this.#open = g = { items: [item], blocks: [block], first: block, last: block, parent, chars, shown: near };
      this.#watch(g, block);
    }
    item.viewGroup = g;
    return near;
  }

  /** Closes the group being filled: from now on it is also watched through its last block. */
  endBatch(): void {
    const g = this.#open;
    if (g === null) return;
    this.#open = null;
    if (g.last !== g.first) this.#watch(g, g.last);
  }

  /** Stops watching `item` (its text left the page). */
  release(item: T): void {
    const g = item.viewGroup as Group<T> | null;
    if (!g) return;
    item.viewGroup = null;
    if (g === this.#open) this.endBatch();
    const i = g.items.indexOf(item);
    g.items.splice(i, 1);
    g.blocks.splice(i, 1);
    const n = g.blocks.length;
    const first = n ? g.blocks[0]! : null;
    const last = n ? g.blocks[n - 1]! : null;
    if (first === g.first && last === g.last) return;
    // The group lost the block it was watched through: it is watched through the new ends.
    this.#unwatch(g, g.first);
    this.#unwatch(g, g.last);
    if (!first || !last) return;
    g.first = first;
    g.last = last;
    this.#watch(g, first);
    if (last !== first) this.#watch(g, last);
  }

  #watch(g: Group<T>, target: Element): void {
    let w = this.#watching.get(target);
    if (!w) {
      this.#watching.set(target, (w = { groups: [], where: UNKNOWN }));
      this.#unreported.add(target);
      // No scrollMargin (which would paint ahead inside scrolling boxes too): Chromium
      // applies it to the page's own scroller as well, on top of the root margin, and
      // then painted some five screens below the viewport instead of one.
      this.#observer ??= new IntersectionObserver((entries) => this.#report(entries), { rootMargin: AHEAD });
      this.#observer.observe(target);
    }
    w.groups.push(g);
  }

  #unwatch(g: Group<T>, target: Element): void {
    const w = this.#watching.get(target);
    if (!w) return;
    const i = w.groups.indexOf(g);
    if (i >= 0) w.groups.splice(i, 1);
    if (w.groups.length === 0) this.#forget(target);
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
   * near the viewport go to `reveal`, those of every shown group that went far from it to
   * `hide`. Returns true when all are handled.
   */
  take(reveal: (item: T) => void, hide: (item: T) => void, deadline = Infinity, now: () => number = () => 0): boolean {
    while (this.#reports.length) {
      const entries = this.#reports[0]!;
      while (this.#reportAt < entries.length) {
        const e = entries[this.#reportAt++]!;
        const w = this.#watching.get(e.target);
        if (w) {
          // An element with no box of its own (display: contents) is never "intersecting":
          // its text is painted rather than left bare. (checkVisibility allocates nothing,
          // unlike reading the entry's rectangle; most entries are far from the viewport.)
          w.where = e.isIntersecting || !e.target.checkVisibility() ? NEAR : FAR;
          for (const g of w.groups) this.#settle(g, reveal, hide);
        }
        if ((this.#reportAt & 63) === 0 && now() >= deadline) return false;
      }
      this.#reports.shift();
      this.#reportAt = 0;
    }
    return true;
  }

  /** Reveals or hides a group's items if where its ends are says it came near or went far. */
  #settle(g: Group<T>, reveal: (item: T) => void, hide: (item: T) => void): void {
    const near = this.#isNear(g);
    if (near === null || near === g.shown) return;
    g.shown = near;
    const go = near ? reveal : hide;
    for (const item of g.items) go(item);
  }

  /** Is the group near the viewport? Null while one of its ends has not been reported on. */
  #isNear(g: Group<T>): boolean | null {
    const first = this.#watching.get(g.first);
    const last = g.last === g.first ? first : this.#watching.get(g.last);
    // An end not watched yet: the group is still being filled (see endBatch).
    if (!first || !last) return first?.where === NEAR || last?.where === NEAR ? true : null;
    if (first.where === NEAR || last.where === NEAR) return true;
    if (first.where === UNKNOWN || last.where === UNKNOWN) return null;
    if (first === last) return false;
    // Both ends far: near only if the reader is between them. Read from the page as it is
    // now (a report is only sent when an element comes near or goes far, so the last one
    // on an end that stayed far may be from before the reader scrolled past it).
    return isAbove(g.first) && !isAbove(g.last);
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

/** Is the element above the viewport (rather than in it, below it, or beside it)? */
function isAbove(el: Element): boolean {
  return el.getBoundingClientRect().bottom < 0;
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
