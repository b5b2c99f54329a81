/**
 * What the mention store shows (kinds switched off, first mention only), with the browser's
 * Highlight registry stood in for: which ranges each highlight name holds, what opens a
 * card, and how the first mention moves when the page changes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENTITY_KINDS } from '../../utils/kb/schema';
import { HighlightPainter, highlightCss } from '../../utils/page/highlights';
import { MentionStore, type Mention, type RunRecord } from '../../utils/page/mentions';
import type { TextRun } from '../../utils/page/text-runs';
import { ViewWatcher } from '../../utils/page/viewport';

const PERSON = ENTITY_KINDS.indexOf('person');
const COUNTRY = ENTITY_KINDS.indexOf('country');
const g = globalThis as Record<string, unknown>;
const saved = { CSS: g['CSS'], Highlight: g['Highlight'], CSSStyleSheet: g['CSSStyleSheet'], StaticRange: g['StaticRange'] };
let registry: Map<string, Set<unknown>>;

beforeAll(() => {
  g['Highlight'] = class extends Set<unknown> {
    priority = 0;
  };
  g['StaticRange'] = class {
    constructor(init: object) {
      Object.assign(this, init);
    }
  };
  g['CSSStyleSheet'] = class {
    text = '';
    replaceSync(css: string) {
      this.text = css;
    }
  };
});
beforeEach(() => {
  registry = new Map();
  g['CSS'] = { highlights: registry };
});
afterAll(() => Object.assign(g, saved));

/** A text node at a place in document order (compareDocumentPosition is all the store asks of it). */
function textNode(order: number, data = 'x'.repeat(200)) {
  return {
    order,
    data,
    isConnected: true,
    compareDocumentPosition(other: { order: number }) {
      return other.order < this.order ? 2 /* PRECEDING */ : 4 /* FOLLOWING */;
    },
  };
}

function setup() {
  const doc = { adoptedStyleSheets: [] as unknown[] } as unknown as Document;
  const painter = new HighlightPainter(doc);
  painter.ensureStyles(highlightCss('solid'));
  const store = new MentionStore(painter);
  const runs = new Map<unknown, TextRun>();
  /** Adds a mention of `entity` at [start, start + 5) of the run of one node. */
  const add = (node: ReturnType<typeof textNode>, entity: number, kind: number, start: number) => {
    let run = runs.get(node);
    if (!run) runs.set(node, (run = { nodes: [node as unknown as Text], starts: [0], text: node.data }));
    return store.add(store.record(run), entity, 0, kind, start, start + 5);
  };
  /** The range a mention was painted with (made by the store). */
  const r = (id: number) => store.rangeOf(id);
  const shown = (kind: number) => [...(registry.get(`dossier-mention-${ENTITY_KINDS[kind]}`) ?? [])];
  const at = (node: ReturnType<typeof textNode>, offset: number) => store.at(node as unknown as Text, offset) as Mention;
  return { painter, store, add, shown, at, r };
}

describe('mention filter', () => {
  it('paints every mention under its kind by default, and each opens a card', () => {
    const { store, add, shown, at, r } = setup();
    const n = textNode(1);
    const a = add(n, 7, PERSON, 0);
    const b = add(n, 7, PERSON, 20);
    const c = add(n, 9, COUNTRY, 40);
    store.flush();
    expect(shown(PERSON)).toEqual([r(a), r(b)]);
    expect(shown(COUNTRY)).toEqual([r(c)]);
    expect(store.shows(at(n, 22))).toBe(true);
    expect(store.entityCount()).toBe(2);
  });

  it('takes a kind off the registry, keeps it off when highlights are restored, and gives it no card', () => {
    const { painter, store, add, shown, at, r } = setup();
    const n = textNode(1);
    const a = add(n, 7, PERSON, 0);
    add(n, 9, COUNTRY, 40);
    store.flush();
    store.setFilter({ hiddenKinds: new Set([PERSON]), firstOnly: false });
    expect(registry.has('dossier-mention-person')).toBe(false);
    expect(shown(COUNTRY)).toHaveLength(1);
    expect(painter.restore()).toBe(false);
    expect(registry.has('dossier-mention-person')).toBe(false);
    expect(store.shows(at(n, 2))).toBe(false);
    expect(store.shows(at(n, 42))).toBe(true);
    // Found later, while hidden: kept, not shown.
    add(textNode(2), 8, PERSON, 0);
    store.flush();
    expect(registry.has('dossier-mention-person')).toBe(false);
    store.setFilter({ hiddenKinds: new Set(), firstOnly: false });
    expect(shown(PERSON)).toHaveLength(2);
    expect(shown(PERSON)[0]).toBe(r(a));
    // A page that wipes the registry gets the kind back.
    registry.clear();
    expect(painter.restore()).toBe(true);
    expect(shown(PERSON)).toHaveLength(2);
    // Mentions counted for the badge include hidden kinds.
    expect(store.entityCount()).toBe(3);
  });

  it('shows the first mention of each entity in document order, even when found last', () => {
    const { store, add, shown, at, r } = setup();
    const later = textNode(5);
    const earlier = textNode(1);
    store.setFilter({ hiddenKinds: new Set(), firstOnly: true });
    add(later, 7, PERSON, 10);
    const second = add(later, 7, PERSON, 0); // same node, earlier offset
    add(later, 9, COUNTRY, 30);
    store.flush();
    expect(shown(PERSON)).toEqual([r(second)]);
    const first = add(earlier, 7, PERSON, 50); // a surname settled later, earlier on the page
    store.flush();
    expect(shown(PERSON)).toEqual([r(first)]);
    expect(shown(COUNTRY)).toHaveLength(1);
    expect(store.shows(at(earlier, 51))).toBe(true);
    expect(store.shows(at(later, 1))).toBe(false); // not painted: no card
    expect(store.shows(at(later, 31))).toBe(true);
  });

  it('moves the first mention to the next one when its text is re-scanned or removed', () => {
    const { store, add, shown, r } = setup();
    const one = textNode(1);
    const two = textNode(2);
    add(one, 7, PERSON, 0);
    const next = add(two, 7, PERSON, 0);
    store.flush();
    store.setFilter({ hiddenKinds: new Set(), firstOnly: true });
    expect(shown(PERSON)).toHaveLength(1);
    store.removeInNodes([one as unknown as Text]);
    store.flush();
    expect(shown(PERSON)).toEqual([r(next)]);
    store.removeInNodes([two as unknown as Text]);
    store.flush();
    expect(shown(PERSON)).toEqual([]);
  });

  it('turns first-mention-only off by showing every mention again', () => {
    const { store, add, shown } = setup();
    const n = textNode(1);
    add(n, 7, PERSON, 0);
    add(n, 7, PERSON, 20);
    add(n, 7, PERSON, 40);
    store.flush();
    store.setFilter({ hiddenKinds: new Set(), firstOnly: true });
    expect(shown(PERSON)).toHaveLength(1);
    store.setFilter({ hiddenKinds: new Set([COUNTRY]), firstOnly: false });
    expect(shown(PERSON)).toHaveLength(3);
  });
});

/** IntersectionObserver stood in for: what is observed, and reports sent by the test. */
class FakeObserver {
  static last: FakeObserver | null = null;
  readonly observed = new Set<unknown>();
  constructor(private readonly callback: (entries: unknown[]) => void) {
    FakeObserver.last = this;
  }
  observe(target: unknown) {
    this.observed.add(target);
  }
  unobserve(target: unknown) {
    this.observed.delete(target);
  }
  disconnect() {
    this.observed.clear();
  }
  /** Reports each target as near the viewport or not. */
  report(targets: [target: unknown, near: boolean][]) {
    this.callback(targets.map(([target, near]) => ({ target, isIntersecting: near })));
  }
}

describe('painting near the viewport', () => {
  beforeAll(() => {
    g['IntersectionObserver'] = FakeObserver;
  });
  afterAll(() => {
    delete g['IntersectionObserver'];
  });

  function setupWatched() {
    let reports = 0;
    const watcher = new ViewWatcher<RunRecord>(() => reports++);
    const doc = { adoptedStyleSheets: [] as unknown[] } as unknown as Document;
    const painter = new HighlightPainter(doc);
    const store = new MentionStore(painter, watcher);
    /**
     * A paragraph holding one text node, with mentions of `entity` at the given offsets; in
     * a section of its own unless `parent` is given (paragraphs of one parent are watched as
     * a group).
     */
    const para = (order: number, mentions: [entity: number, kind: number, start: number][], parent: object = {}) => {
      // hasBox false: an element with no box of its own (display: contents).
      const block = {
        order,
        localName: 'p',
        nodeType: 1,
        parentElement: null,
        parentNode: parent,
        hasBox: true,
        checkVisibility() {
          return this.hasBox;
        },
        /** Where it is on the page (800 px viewport): far below unless a test moves it. */
        top: 100_000,
        ownerDocument: { defaultView: { innerHeight: 800, innerWidth: 1200 } },
        getBoundingClientRect() {
          return { top: this.top, bottom: this.top + 20, left: 0, right: 600 };
        },
      };
      const node = { ...textNode(order), parentElement: block };
      const run: TextRun = { nodes: [node as unknown as Text], starts: [0], text: node.data, block: block as unknown as Element };
      const rec = store.record(run);
      const ids = mentions.map(([entity, kind, start]) => store.add(rec, entity, 0, kind, start, start + 5));
      return { block, node, ids };
    };
    const shown = (kind: number) => [...(registry.get(`dossier-mention-${ENTITY_KINDS[kind]}`) ?? [])];
    const io = () => FakeObserver.last!;
    /** The paragraphs observed, by their order on the page. */
    const observed = () => [...io().observed].map((b) => (b as { order: number }).order);
    return { watcher, store, para, shown, io, observed, reports: () => reports };
  }

  it('finds every mention but paints only those near the viewport, then the rest as they come near', async () => {
    const { watcher, store, para, shown, io, reports } = setupWatched();
    const top = para(1, [[7, PERSON, 0], [9, COUNTRY, 20]]);
    const below = para(2, [[7, PERSON, 0]]);
    expect(store.flush()).toBe(true);
    // Found and counted (badge, popup), nothing painted until the watcher has reported.
    expect(store.size).toBe(3);
    expect(store.entityCount()).toBe(2);
    expect(shown(PERSON)).toEqual([]);
    expect([...io().observed]).toEqual([top.block, below.block]);
    let seen = false;
    void watcher.seen().then(() => (seen = true));

    io().report([[top.block, true], [below.block, false]]);
    await Promise.resolve();
    expect(seen).toBe(true);
    expect(reports()).toBe(1);
    expect(store.hasWork).toBe(true);
    expect(store.flush()).toBe(true);
    expect(shown(PERSON)).toEqual([store.rangeOf(top.ids[0]!)]);
    expect(shown(COUNTRY)).toHaveLength(1);
    expect(store.shows(store.at(top.node as unknown as Text, 2)!)).toBe(true);
    // Not painted yet: no card either.
    expect(store.shows(store.at(below.node as unknown as Text, 2)!)).toBe(false);
    // Both still watched: the painted one to be taken away when the reader has gone far.
    expect([...io().observed]).toEqual([top.block, below.block]);

    io().report([[below.block, true]]);
    store.flush();
    expect(shown(PERSON)).toHaveLength(2);
    expect(store.shows(store.at(below.node as unknown as Text, 2)!)).toBe(true);
  });

  it('takes the marks away from what went far from the viewport, and paints them again when it comes back', () => {
    const { store, para, shown, io } = setupWatched();
    const top = para(1, [[7, PERSON, 0], [9, COUNTRY, 20]]);
    const below = para(2, [[7, PERSON, 0]]);
    store.flush();
    io().report([[top.block, true], [below.block, false]]);
    store.flush();
    expect(shown(PERSON)).toHaveLength(1);
    // The reader scrolls down: the top paragraph is now screens away, the other near.
    io().report([[top.block, false], [below.block, true]]);
    expect(store.hasWork).toBe(true);
    store.flush();
    expect(shown(PERSON)).toEqual([store.rangeOf(below.ids[0]!)]);
    expect(shown(COUNTRY)).toEqual([]);
    expect(store.shows(store.at(top.node as unknown as Text, 2)!)).toBe(false);
    // Still found and counted.
    expect(store.size).toBe(3);
    expect(store.entityCount()).toBe(2);
    // And back up.
    io().report([[top.block, true]]);
    store.flush();
    expect(shown(PERSON)).toHaveLength(2);
    expect(shown(COUNTRY)).toHaveLength(1);
    expect(store.shows(store.at(top.node as unknown as Text, 2)!)).toBe(true);
  });

  it('keeps a tall group painted while the reader is between its first and last paragraph', () => {
    const { store, para, shown, io } = setupWatched();
    const body = {};
    const paras = Array.from({ length: 3 }, (_, i) => para(i + 1, [[7, PERSON, 0]], body));
    store.flush();
    io().report([[paras[0]!.block, true], [paras[2]!.block, false]]);
    store.flush();
    expect(shown(PERSON)).toHaveLength(3);
    // Both ends far, the first above the viewport and the last below: the reader is in the middle.
    paras[0]!.block.top = -5000;
    paras[2]!.block.top = 5000;
    io().report([[paras[0]!.block, false], [paras[2]!.block, false]]);
    store.flush();
    expect(shown(PERSON)).toHaveLength(3);
    // The reader scrolled on, past the last paragraph (no report on the first: it stayed far).
    paras[0]!.block.top = -9000;
    paras[2]!.block.top = -3000;
    io().report([[paras[2]!.block, false]]);
    store.flush();
    expect(shown(PERSON)).toHaveLength(0);
  });

  it('watches consecutive paragraphs of one parent through the first and last, and paints them together', () => {
    const { store, para, shown, io, observed } = setupWatched();
    const body = {};
    const paras = Array.from({ length: 20 }, (_, i) => para(i + 1, [[7, PERSON, 0]], body));
    const aside = para(30, [[9, COUNTRY, 0]]);
    store.flush();
    // Groups of up to 2,000 characters (ten paragraphs of 200): 1-10 and 11-20; the aside alone.
    expect(observed()).toEqual([1, 10, 11, 20, 30]);
    // Scrolling up from below: the group's last paragraph comes near first.
    io().report([[paras[9]!.block, true]]);
    store.flush();
    expect(shown(PERSON)).toHaveLength(10);
    expect(observed()).toEqual([1, 10, 11, 20, 30]);
    // A held paragraph removed: the rest of its group is watched through its new ends.
    store.removeInNodes([paras[19]!.node as unknown as Text]);
    expect(observed()).toEqual([1, 10, 30, 11, 19]);
    io().report([[paras[18]!.block, true]]);
    store.flush();
    expect(shown(PERSON)).toHaveLength(19);
    expect(shown(COUNTRY)).toHaveLength(0);
    io().report([[aside.block, true]]);
    store.flush();
    expect(shown(COUNTRY)).toHaveLength(1);
  });

  it('stops watching text that left the page, and paints a re-rendered block on screen at once', () => {
    const { store, para, shown, io } = setupWatched();
    const gone = para(1, [[7, PERSON, 0]]);
    const stays = para(2, [[8, PERSON, 0]]);
    store.flush();
    store.removeInNodes([gone.node as unknown as Text]);
    expect([...io().observed]).toEqual([stays.block]);
    stays.block.top = 300;
    io().report([[stays.block, true]]);
    store.flush();
    expect(shown(PERSON)).toHaveLength(1);
    // The page re-renders the paragraph on screen: new text, same block.
    store.removeInNodes([stays.node as unknown as Text]);
    expect(shown(PERSON)).toHaveLength(0);
    expect(io().observed.size).toBe(0);
    const node = { ...textNode(3), parentElement: stays.block };
    const rec = store.record({ nodes: [node as unknown as Text], starts: [0], text: node.data });
    store.add(rec, 8, 0, PERSON, 10, 15);
    store.flush();
    expect(shown(PERSON)).toHaveLength(1);
    // Watched again, to be taken away when the reader goes far.
    expect([...io().observed]).toEqual([stays.block]);
  });

  it('after the first report, places new text by its rectangle: near the viewport at once, far away held', () => {
    const { store, para, shown, io } = setupWatched();
    para(1, [[7, PERSON, 0]]);
    store.flush();
    io().report([]);
    store.flush();
    // A live blog adds two posts: one at the top of the screen, one far below.
    const near = para(2, [[8, PERSON, 0]]);
    near.block.top = 300;
    const far = para(3, [[9, COUNTRY, 0]]);
    store.flush();
    expect(shown(PERSON)).toEqual([store.rangeOf(near.ids[0]!)]);
    expect(shown(COUNTRY)).toEqual([]);
    expect(io().observed.has(far.block)).toBe(true);
  });

  it('paints text in an element with no box of its own (display: contents) rather than leave it bare', () => {
    const { store, para, shown, io } = setupWatched();
    const contents = para(1, [[7, PERSON, 0]]);
    store.flush();
    contents.block.hasBox = false;
    io().report([[contents.block, false]]);
    store.flush();
    expect(shown(PERSON)).toHaveLength(1);
  });

  it('shows the first mention of an entity even when it is screens away', () => {
    const { store, para, shown, io } = setupWatched();
    store.setFilter({ hiddenKinds: new Set(), firstOnly: true });
    const first = para(1, [[7, PERSON, 0]]);
    const later = para(2, [[7, PERSON, 0], [9, COUNTRY, 30]]);
    store.flush();
    io().report([[first.block, false], [later.block, false]]);
    store.flush();
    expect(shown(PERSON)).toEqual([store.rangeOf(first.ids[0]!)]);
    expect(shown(COUNTRY)).toEqual([store.rangeOf(later.ids[1]!)]);
    expect(store.shows(store.at(first.node as unknown as Text, 1)!)).toBe(true);
    expect(store.shows(store.at(later.node as unknown as Text, 1)!)).toBe(false);
  });
});
