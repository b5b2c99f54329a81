/**
 * Our one element in the page: created on first use, holding a closed shadow root that
 * page CSS and scripts cannot reach, and shown in the top layer (Popover API) so no page
 * stacking context or `overflow: hidden` can hide the card.
 */
import { IN_PAGE_CSS } from '../../components/card-styles';

export const HOST_TAG = 'dossier-ui';

export class UiHost {
  #host: HTMLElement | null = null;
  #layer: HTMLElement | null = null;

  constructor(private readonly doc: Document) {}

  /** The host element if it exists (the scanner and the observer skip it). */
  get element(): HTMLElement | null {
    return this.#host;
  }

  /** The container to render into, creating the host on first use. */
  mount(): HTMLElement {
    if (this.#layer && this.#host?.isConnected) return this.#layer;
    this.#slots.clear();
    const host = this.doc.createElement(HOST_TAG);
    host.setAttribute('popover', 'manual');
    const root = host.attachShadow({ mode: 'closed' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(IN_PAGE_CSS);
    root.adoptedStyleSheets = [sheet];
    const layer = this.doc.createElement('div');
    layer.className = 'layer';
    root.append(layer);
    this.doc.documentElement.append(host);
    this.#host = host;
    this.#layer = layer;
    return layer;
  }

  readonly #slots = new Map<string, HTMLElement>();
  readonly #open = new Set<string>();

  /** A container of its own for one piece of UI (the card, the selection toolbar). */
  slot(name: string): HTMLElement {
    const layer = this.mount();
    let el = this.#slots.get(name);
    if (!el || el.parentNode !== layer) {
      el = this.doc.createElement('div');
      el.dataset['slot'] = name;
      layer.append(el);
      this.#slots.set(name, el);
    }
    return el;
  }

  /** Shows the host for `who`; it stays shown until every piece of UI has hidden. */
  showFor(who: string): void {
    this.#open.add(who);
    this.show();
  }

  hideFor(who: string): void {
    this.#open.delete(who);
    if (this.#open.size === 0) this.hide();
  }

  show(): void {
    const host = this.#host;
    if (!host) return;
    if (!host.isConnected) this.doc.documentElement.append(host);
    try {
      if (!host.matches(':popover-open')) host.showPopover();
    } catch {
      // Popover API missing or refused: the host still shows, as a fixed element.
    }
    // Some pages remove elements they do not know: while a card is open, put it back.
    if (!this.#guard) {
      this.#guard = new MutationObserver(() => {
        if (this.#host && !this.#host.isConnected) this.show();
      });
      this.#guard.observe(this.doc.documentElement, { childList: true });
    }
  }

  #guard: MutationObserver | null = null;

  hide(): void {
    this.#guard?.disconnect();
    this.#guard = null;
    try {
      if (this.#host?.matches(':popover-open')) this.#host.hidePopover();
    } catch {
      // already hidden
    }
  }

  contains(node: EventTarget | null): boolean {
    return node !== null && node === this.#host;
  }

  destroy(): void {
    this.hide();
    this.#host?.remove();
    this.#host = null;
    this.#layer = null;
  }
}
