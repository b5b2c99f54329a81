/**
 * Shows a card beside a range of the page (a mention's card, a saved snippet's note):
 * renders it into our shadow root, places it with Floating UI (flipping and shifting to
 * stay on screen), and follows the range when the page scrolls.
 */
import { flip, offset, shift } from '@floating-ui/core';
import { placeBeside, type Reference } from './placement';
import { h, render, type ComponentChild } from 'preact';
import { Card, type Lang, type Translate } from '../../components/Card';
import { NoteCard } from '../../components/NoteCard';
import type { CardData } from '../../utils/kb/types';
import type { NoteRecord } from '../../utils/notes/types';
import { surfaceOf, type Mention } from '../../utils/page/mentions';
import { HOVER_DELAY_MAX } from '../../utils/settings';
import type { UiHost } from './ui-host';

export interface CardSource {
  get(entityId: string): Promise<CardData | null>;
  peek(entityId: string): CardData | null | undefined;
}

interface Shown {
  key: string;
  range: AbstractRange;
}

/** How long the pointer rests on a mention before its card is prepared (the delay is 250 ms by default). */
const WARM_AFTER_MS = 80;
/** How long a warmed card stays laid out (invisible): up to the longest hover delay. */
const WARM_KEEP_MS = HOVER_DELAY_MAX;

export class CardView {
  #current: Shown | null = null;
  #pointer = { x: 0, y: 0 };
  #generation = 0;
  readonly #onScroll = () => this.#place();
  readonly #doc: Document;
  readonly #ui: UiHost;
  readonly #cards: CardSource;
  /** An entity's id, from its index (`AliasIndex.idAt`). */
  readonly #idOf: (entity: number) => string;
  readonly #options: { lang: Lang; t: Translate; articleDate?: string };

  constructor(
    doc: Document,
    ui: UiHost,
    cards: CardSource,
    idOf: (entity: number) => string,
    options: { lang: Lang; t: Translate; articleDate?: string },
  ) {
    this.#doc = doc;
    this.#ui = ui;
    this.#cards = cards;
    this.#idOf = idOf;
    this.#options = options;
  }

  /** The key of what is shown ("m:<mention id>", "n:<note id>"), or null. */
  get openKey(): string | null {
    return this.#current?.key ?? null;
  }

  /**
   * Called when the pointer arrives on a mention, before the hover delay ends: asks for
   * the card's data at once and, once the pointer has rested a little (WARM_AFTER_MS,
   * well inside the delay), renders that card hidden and lays it out, so that showing it
   * costs one frame. A card's first layout (its fonts and weights first shaped on this
   * page, its chips and roles) was most of its frame: 23 of 54 ms at 4x CPU throttle for
   * the first card of a page (bench: "card painted"). A pointer merely crossing marks
   * warms nothing.
   */
  prepare(mention: Mention): void {
    const data = this.#cards.get(this.#idOf(mention.entity)).catch(() => undefined);
    clearTimeout(this.#warmTimer);
    if (this.#current) return;
    // Another mention's warmed card, if any, is let go.
    this.#ui.hideFor('warm-up');
    this.#warmTimer = setTimeout(() => {
      void data.then((card) => {
        if (this.#current || !card) return; // shown already (or no data): nothing to warm
        const slot = this.#ui.slot('card');
        render(this.#mentionCard(mention, card, ''), slot);
        // Hidden until shown (renderNode): the host may be open for the selection toolbar.
        slot.style.visibility = 'hidden';
        // Laid out in a task of its own: rendering and laying out the first card of a page
        // in one task was a long task at 4x throttle. The host then stays open, the card
        // invisible (it takes no pointer events), until the card is shown or the pointer has
        // gone: a hidden popover has no layout, and laying the card out again when shown
        // was 8-10 ms of its frame at 4x.
        this.#warmTimer = setTimeout(() => {
          if (this.#current) return;
          this.#ui.showFor('warm-up');
          void (slot.firstElementChild as HTMLElement | null)?.offsetWidth;
          this.#warmTimer = setTimeout(() => this.#current || this.#ui.hideFor('warm-up'), WARM_KEEP_MS);
        }, 0);
      });
    }, WARM_AFTER_MS);
  }

  #warmTimer: ReturnType<typeof setTimeout> | undefined;

  #mentionCard(m: Mention, card: CardData | null | 'error', surface: string): ComponentChild {
    return h(Card, { card, via: m.via, surface, lang: this.#options.lang, t: this.#options.t, articleDate: this.#options.articleDate, onClose: () => this.hide() });
  }

  showMention(mention: Mention, pointer: { x: number; y: number }): void {
    const gen = this.#begin(`m:${mention.id}`, mention.range, pointer);
    const id = this.#idOf(mention.entity);
    const surface = surfaceOf(mention, this.#doc);
    const cached = this.#cards.peek(id);
    this.#renderNode(this.#mentionCard(mention, cached ?? null, surface));
    if (cached === undefined) {
      this.#cards.get(id).then(
        (card) => gen === this.#generation && this.#renderNode(this.#mentionCard(mention, card ?? 'error', surface)),
        () => gen === this.#generation && this.#renderNode(this.#mentionCard(mention, 'error', surface)),
      );
    }
  }

  showNote(note: NoteRecord, range: AbstractRange, pointer: { x: number; y: number }): void {
    this.#begin(`n:${note.id}`, range, pointer);
    this.#renderNode(h(NoteCard, { note, t: this.#options.t, onClose: () => this.hide() }));
  }

  #begin(key: string, range: AbstractRange, pointer: { x: number; y: number }): number {
    const gen = ++this.#generation;
    clearTimeout(this.#warmTimer);
    // (The warmed card's layout is kept: #renderNode shows the host for the card first.)
    this.#current = { key, range };
    this.#pointer = pointer;
    // From the end of the hover delay to the frame that shows the card (DevTools, bench).
    const start = performance.now();
    requestAnimationFrame(() => performance.measure('dossier:card', { start, end: performance.now() }));
    this.#doc.addEventListener('scroll', this.#onScroll, { passive: true, capture: true });
    return gen;
  }

  hide(): void {
    if (!this.#current) return;
    this.#generation++;
    this.#current = null;
    this.#doc.removeEventListener('scroll', this.#onScroll, { capture: true });
    if (this.#ui.element) render(null, this.#ui.slot('card'));
    this.#ui.hideFor('card');
    this.#ui.hideFor('warm-up');
  }

  #renderNode(node: ComponentChild): void {
    if (!this.#current) return;
    const slot = this.#ui.slot('card');
    render(node, slot);
    slot.style.visibility = '';
    this.#ui.showFor('card');
    this.#ui.hideFor('warm-up');
    this.#place();
  }

  /** Positions the card under (or above) its range, at the line the pointer is on. */
  #place(): void {
    const shown = this.#current;
    const cardEl = this.#ui.element ? (this.#ui.slot('card').firstElementChild as HTMLElement | null) : null;
    if (!shown || !cardEl) return;
    const live = this.#doc.createRange();
    try {
      live.setStart(shown.range.startContainer, shown.range.startOffset);
      live.setEnd(shown.range.endContainer, shown.range.endOffset);
    } catch {
      this.hide();
      return;
    }
    // A name wrapped over two lines: the card goes by the line the pointer is on.
    const pointer = this.#pointer;
    const reference: Reference = { getBoundingClientRect: () => lineAt(live, pointer.y) };
    const gen = this.#generation;
    void placeBeside(reference, cardEl, {
      placement: 'bottom-start',
      middleware: [offset(6), flip({ padding: 8 }), shift({ padding: 8 })],
    }).then(({ x, y }) => {
      if (gen !== this.#generation) return;
      cardEl.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
    });
  }
}

/** The range's line box nearest to `y` (the whole range's box when it is on one line). */
function lineAt(range: Range, y: number): DOMRect {
  const rects = range.getClientRects();
  let best: DOMRect | null = null;
  let bestDistance = Infinity;
  for (const r of rects) {
    const distance = y < r.top ? r.top - y : y > r.bottom ? y - r.bottom : 0;
    if (distance < bestDistance) {
      best = r;
      bestDistance = distance;
    }
  }
  return best ?? range.getBoundingClientRect();
}
