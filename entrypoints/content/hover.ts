/**
 * Hover intent for things on the page that have a card (mentions, saved snippets).
 * WCAG 1.4.13: hoverable, dismissible, persistent.
 * - pointer moves are read at most once per animation frame (passive listener);
 * - resting on a target for the hover delay opens its card (targets prepare themselves as
 *   soon as the pointer arrives, so the card is ready when the delay ends);
 * - the card stays while the pointer is over the target or the card, closes 300 ms after
 *   it leaves both, and closes at once on Escape.
 */
import type { UiHost } from './ui-host';

export const HIDE_DELAY_MS = 300;

export interface HoverTarget {
  /** Identifies the target across frames (a mention id, a note id). */
  key: string;
  /** The pointer arrived: fetch data, build the UI. */
  prepare(): void;
  show(pointer: { x: number; y: number }): void;
}

export interface HoverOptions {
  delay: () => number;
  /** Called once per frame while the pointer moves. */
  onMove?: () => void;
  targetAt: (x: number, y: number) => HoverTarget | undefined;
  /** The key of the target whose card is open, or null. */
  openKey: () => string | null;
  hide: () => void;
}

export function installHover(doc: Document, ui: UiHost, options: HoverOptions): () => void {
  let frame = 0;
  let last: PointerEvent | null = null;
  let hovered: string | undefined;
  let showTimer: ReturnType<typeof setTimeout> | undefined;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  /** After Escape, the same target does not reopen until the pointer leaves it. */
  let dismissed: string | undefined;

  const clearShow = () => {
    clearTimeout(showTimer);
    showTimer = undefined;
  };
  const clearHide = () => {
    clearTimeout(hideTimer);
    hideTimer = undefined;
  };
  const scheduleHide = () => {
    if (hideTimer !== undefined || options.openKey() === null) return;
    hideTimer = setTimeout(() => {
      hideTimer = undefined;
      options.hide();
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
    const target = options.targetAt(e.clientX, e.clientY);
    const key = target?.key;
    if (key === hovered) return;
    hovered = key;
    clearShow();
    if (dismissed !== undefined && key !== dismissed) dismissed = undefined;
    if (!target) {
      scheduleHide();
      return;
    }
    if (key === dismissed) return;
    if (options.openKey() === key) {
      clearHide();
      return;
    }
    target.prepare();
    const at = { x: e.clientX, y: e.clientY };
    const open = () => {
      showTimer = undefined;
      clearHide();
      target.show(at);
    };
    // Moving from one target to another while a card is open switches without waiting.
    if (options.openKey() !== null) open();
    else showTimer = setTimeout(open, options.delay());
  };

  const onMove = (e: PointerEvent) => {
    if (e.pointerType === 'touch') return;
    if (e.buttons !== 0) {
      // Selecting text (or dragging): no card may pop up over what the reader is selecting.
      clearShow();
      hovered = undefined;
      return;
    }
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
    const open = options.openKey();
    if (e.key === 'Escape' && open !== null) {
      dismissed = open;
      clearShow();
      clearHide();
      options.hide();
    }
  };

  // A press on the page (starting a selection, clicking a link) closes the card at once:
  // it must not sit over what the reader is selecting.
  const onDown = (e: PointerEvent) => {
    if (ui.contains(e.target)) return;
    clearShow();
    clearHide();
    hovered = undefined;
    if (options.openKey() !== null) options.hide();
  };

  doc.addEventListener('pointerdown', onDown, { passive: true, capture: true });
  doc.addEventListener('pointermove', onMove, { passive: true, capture: true });
  doc.addEventListener('pointerout', onLeaveWindow, { passive: true, capture: true });
  doc.addEventListener('keydown', onKey, { capture: true });
  return () => {
    cancelAnimationFrame(frame);
    clearShow();
    clearHide();
    doc.removeEventListener('pointerdown', onDown, { capture: true });
    doc.removeEventListener('pointermove', onMove, { capture: true });
    doc.removeEventListener('pointerout', onLeaveWindow, { capture: true });
    doc.removeEventListener('keydown', onKey, { capture: true });
  };
}
