/**
 * Shows the card for a mention: renders it into our shadow root, places it beside the
 * mention with Floating UI (flipping and shifting to stay on screen), and follows the
 * mention when the page scrolls.
 */
import { computePosition, flip, inline, offset, shift, type VirtualElement } from '@floating-ui/dom';
import { h, render } from 'preact';
import { Card, type Lang, type Translate } from '../../components/Card';
import type { CardData } from '../../utils/kb/types';
import { surfaceOf, type Mention } from '../../utils/page/mentions';
import type { UiHost } from './ui-host';

export interface CardSource {
  get(entityId: string): Promise<CardData | null>;
  peek(entityId: string): CardData | null | undefined;
}

export class CardView {
  private current: Mention | null = null;
  private pointer = { x: 0, y: 0 };
  private generation = 0;
  private readonly onScroll = () => this.place();

  constructor(
    private readonly doc: Document,
    private readonly ui: UiHost,
    private readonly cards: CardSource,
    private readonly ids: readonly string[],
    private readonly options: { lang: Lang; t: Translate; articleDate?: string; onClose: () => void },
  ) {}

  get mention(): Mention | null {
    return this.current;
  }

  get open(): boolean {
    return this.current !== null;
  }

  /**
   * Called when the pointer arrives on a mention, before the hover delay ends: builds our
   * host and renders a (hidden) card once, so that showing it later costs one frame.
   */
  prepare(mention: Mention): void {
    if (this.current || this.prepared) return;
    this.prepared = true;
    const layer = this.ui.mount();
    const card = this.cards.peek(this.ids[mention.entity]!) ?? null;
    render(h(Card, { card, via: mention.via, surface: '', lang: this.options.lang, t: this.options.t, onClose: this.options.onClose }), layer);
  }

  private prepared = false;

  show(mention: Mention, pointer: { x: number; y: number }): void {
    const gen = ++this.generation;
    // From the end of the hover delay to the frame that shows the card (DevTools, bench).
    const start = performance.now();
    requestAnimationFrame(() => performance.measure('dossier:card', { start, end: performance.now() }));
    this.current = mention;
    this.pointer = pointer;
    const id = this.ids[mention.entity]!;
    const cached = this.cards.peek(id);
    this.renderCard(cached ?? null);
    if (cached === undefined) {
      this.cards.get(id).then(
        (card) => gen === this.generation && this.renderCard(card ?? 'error'),
        () => gen === this.generation && this.renderCard('error'),
      );
    }
    this.doc.addEventListener('scroll', this.onScroll, { passive: true, capture: true });
  }

  hide(): void {
    if (!this.current) return;
    this.generation++;
    this.current = null;
    this.doc.removeEventListener('scroll', this.onScroll, { capture: true });
    const layer = this.ui.element ? this.ui.mount() : null;
    if (layer) render(null, layer);
    this.ui.hide();
  }

  private renderCard(card: CardData | null | 'error'): void {
    const m = this.current;
    if (!m) return;
    const layer = this.ui.mount();
    render(
      h(Card, {
        card,
        via: m.via,
        surface: surfaceOf(m, this.doc),
        lang: this.options.lang,
        t: this.options.t,
        articleDate: this.options.articleDate,
        onClose: this.options.onClose,
      }),
      layer,
    );
    this.ui.show();
    this.place();
  }

  /** Positions the card under (or above) the mention, at the line the pointer is on. */
  private place(): void {
    const m = this.current;
    const layer = this.ui.element ? this.ui.mount() : null;
    const cardEl = layer?.firstElementChild as HTMLElement | null;
    if (!m || !cardEl) return;
    const live = this.doc.createRange();
    try {
      live.setStart(m.range.startContainer, m.range.startOffset);
      live.setEnd(m.range.endContainer, m.range.endOffset);
    } catch {
      this.options.onClose();
      return;
    }
    const reference: VirtualElement = {
      getBoundingClientRect: () => live.getBoundingClientRect(),
      getClientRects: () => live.getClientRects(),
    };
    const gen = this.generation;
    void computePosition(reference, cardEl, {
      strategy: 'fixed',
      placement: 'bottom-start',
      middleware: [inline({ x: this.pointer.x, y: this.pointer.y }), offset(6), flip({ padding: 8 }), shift({ padding: 8 })],
    }).then(({ x, y }) => {
      if (gen !== this.generation) return;
      cardEl.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
    });
  }
}
