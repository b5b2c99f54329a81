/**
 * What the mention store shows (kinds switched off, first mention only), with the browser's
 * Highlight registry stood in for: which ranges each highlight name holds, what opens a
 * card, and how the first mention moves when the page changes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENTITY_KINDS } from '../../utils/kb/schema';
import { HighlightPainter, highlightCss } from '../../utils/page/highlights';
import { MentionStore, type Mention } from '../../utils/page/mentions';
import type { TextRun } from '../../utils/page/text-runs';

const PERSON = ENTITY_KINDS.indexOf('person');
const COUNTRY = ENTITY_KINDS.indexOf('country');
const g = globalThis as Record<string, unknown>;
const saved = { CSS: g['CSS'], Highlight: g['Highlight'], CSSStyleSheet: g['CSSStyleSheet'] };
let registry: Map<string, Set<unknown>>;

beforeAll(() => {
  g['Highlight'] = class extends Set<unknown> {
    priority = 0;
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
    const range = { startContainer: node, startOffset: start, endContainer: node, endOffset: start + 5 } as unknown as StaticRange;
    store.add(store.record(run), range, entity, 0, kind, start, start + 5);
    return range;
  };
  const shown = (kind: number) => [...(registry.get(`dossier-mention-${ENTITY_KINDS[kind]}`) ?? [])];
  const at = (node: ReturnType<typeof textNode>, offset: number) => store.at(node as unknown as Text, offset) as Mention;
  return { painter, store, add, shown, at };
}

describe('mention filter', () => {
  it('paints every mention under its kind by default, and each opens a card', () => {
    const { store, add, shown, at } = setup();
    const n = textNode(1);
    const a = add(n, 7, PERSON, 0);
    const b = add(n, 7, PERSON, 20);
    const c = add(n, 9, COUNTRY, 40);
    store.flush();
    expect(shown(PERSON)).toEqual([a, b]);
    expect(shown(COUNTRY)).toEqual([c]);
    expect(store.shows(at(n, 22))).toBe(true);
    expect(store.entityCount()).toBe(2);
  });

  it('takes a kind off the registry, keeps it off when highlights are restored, and gives it no card', () => {
    const { painter, store, add, shown, at } = setup();
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
    expect(shown(PERSON)[0]).toBe(a);
    // A page that wipes the registry gets the kind back.
    registry.clear();
    expect(painter.restore()).toBe(true);
    expect(shown(PERSON)).toHaveLength(2);
    // Mentions counted for the badge include hidden kinds.
    expect(store.entityCount()).toBe(3);
  });

  it('shows the first mention of each entity in document order, even when found last', () => {
    const { store, add, shown, at } = setup();
    const later = textNode(5);
    const earlier = textNode(1);
    store.setFilter({ hiddenKinds: new Set(), firstOnly: true });
    add(later, 7, PERSON, 10);
    const second = add(later, 7, PERSON, 0); // same node, earlier offset
    add(later, 9, COUNTRY, 30);
    store.flush();
    expect(shown(PERSON)).toEqual([second]);
    const first = add(earlier, 7, PERSON, 50); // a surname settled later, earlier on the page
    store.flush();
    expect(shown(PERSON)).toEqual([first]);
    expect(shown(COUNTRY)).toHaveLength(1);
    expect(store.shows(at(earlier, 51))).toBe(true);
    expect(store.shows(at(later, 1))).toBe(false); // not painted: no card
    expect(store.shows(at(later, 31))).toBe(true);
  });

  it('moves the first mention to the next one when its text is re-scanned or removed', () => {
    const { store, add, shown } = setup();
    const one = textNode(1);
    const two = textNode(2);
    add(one, 7, PERSON, 0);
    const next = add(two, 7, PERSON, 0);
    store.flush();
    store.setFilter({ hiddenKinds: new Set(), firstOnly: true });
    expect(shown(PERSON)).toHaveLength(1);
    store.removeInNodes([one as unknown as Text]);
    store.flush();
    expect(shown(PERSON)).toEqual([next]);
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
