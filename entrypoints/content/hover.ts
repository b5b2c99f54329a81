/**
 * Hover intent for mentions (WCAG 1.4.13: hoverable, dismissible, persistent):
 * - pointer moves are read at most once per animation frame (passive listener);
 * - resting on a mention for the hover delay opens its card (the card data is requested
 *   as soon as the pointer arrives, so it is ready when the delay ends);
 * - the card stays while the pointer is over the mention or the card, closes 300 ms after
 *   it leaves both, and closes at once on Escape.
 */
import type { Mention, MentionStore } from '../../utils/page/mentions';
import { mentionAt } from '../../utils/page/hit-test';
import type { CardView } from './card-view';
import type { UiHost } from './ui-host';

export const HIDE_DELAY_MS = 300;

export interface HoverOptions {
  delay: () => number;
  /** Called once per frame while the pointer moves. */
  onMove?: () => void;
  prefetch: (m: Mention) => void;
}

export function installHover(doc: Document, store: MentionStore, view: CardView, ui: UiHost, options: HoverOptions): () => void {
  let frame = 0;
  let last: PointerEvent | null = null;
  let hovered: Mention | undefined;
  let showTimer: ReturnType<typeof setTimeout> | undefined;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  /** After Escape, the same mention does not reopen until the pointer leaves it. */
  let dismissed: Mention | undefined;

  const clearShow = () => {
    clearTimeout(showTimer);
    showTimer = undefined;
  };
  const clearHide = () => {
    clearTimeout(hideTimer);
    hideTimer = undefined;
  };
  const scheduleHide = () => {
    if (hideTimer !== undefined || !view.open) return;
    hideTimer = setTimeout(() => {
      hideTimer = undefined;
      view.hide();
    }, HIDE_DELAY_MS);
  };

  const update = () => {
    frame = 0;
    const e = last;
    if (!e) return;
    options.onMove?.();
    if (ui.contains(e.target)) {
      // Over our card: keep it.
      clearHide();
      return;
    }
    const m = mentionAt(doc, store, e.clientX, e.clientY);
    if (m?.id === hovered?.id) return;
    hovered = m;
    clearShow();
    if (dismissed && m?.id !== dismissed.id) dismissed = undefined;
    if (!m) {
      scheduleHide();
      return;
    }
    if (dismissed && m.id === dismissed.id) return;
    if (view.mention?.id === m.id) {
      clearHide();
      return;
    }
    options.prefetch(m);
    view.prepare(m);
    const at = { x: e.clientX, y: e.clientY };
    const open = () => {
      showTimer = undefined;
      clearHide();
      view.show(m, at);
    };
    // Moving from one mention to another while a card is open switches without waiting.
    if (view.open) open();
    else showTimer = setTimeout(open, options.delay());
  };

  const onMove = (e: PointerEvent) => {
    if (e.pointerType === 'touch') return;
    last = e;
    if (!frame) frame = requestAnimationFrame(update);
  };
  const onLeaveWindow = (e: PointerEvent) => {
    if (e.relatedTarget === null) {
      hovered = undefined;
      clearShow();
      scheduleHide();
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && view.open) {
      dismissed = view.mention ?? undefined;
      clearShow();
      clearHide();
      view.hide();
    }
  };

  doc.addEventListener('pointermove', onMove, { passive: true, capture: true });
  doc.addEventListener('pointerout', onLeaveWindow, { passive: true, capture: true });
  doc.addEventListener('keydown', onKey, { capture: true });
  return () => {
    cancelAnimationFrame(frame);
    clearShow();
    clearHide();
    doc.removeEventListener('pointermove', onMove, { capture: true });
    doc.removeEventListener('pointerout', onLeaveWindow, { capture: true });
    doc.removeEventListener('keydown', onKey, { capture: true });
  };
}
