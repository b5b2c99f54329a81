/**
 * The selection toolbar's controller: offers "Save snippet" / "Add note" beside a
 * selection of the page's prose (never in form fields, editors or our own UI), saves
 * through the snippet controller, and keeps the reader's note on screen until it is
 * saved or deliberately cancelled, whatever fails.
 */
import { flip, offset, shift } from '@floating-ui/core';
import { placeBeside, type Reference } from './placement';
import { h, render } from 'preact';
import { SelectionToolbar, parseTags, type ToolbarState } from '../../components/SelectionToolbar';
import type { Translate } from '../../utils/i18n-core';
import { LIMITS } from '../../utils/notes/types';
import type { SaveResult, SnippetController } from './snippets';
import type { UiHost } from './ui-host';

const EDITABLE = 'input, textarea, select, [contenteditable]:not([contenteditable="false"])';
const SAVED_VISIBLE_MS = 1600;

/** The selection, as a range we can save, or why not. */
export function usableSelection(doc: Document, ownHost: Element | null): Range | null {
  const sel = doc.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const active = doc.activeElement;
  if (active && active.matches(EDITABLE)) return null;
  const range = sel.getRangeAt(0);
  for (const node of [range.startContainer, range.endContainer]) {
    const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
    if (!el || el.closest(EDITABLE) || (ownHost && ownHost.contains(el))) return null;
  }
  if (!sel.toString().trim()) return null;
  return range.cloneRange();
}

export class SelectionController {
  #state: ToolbarState | null = null;
  #range: Range | null = null;
  #note = '';
  #tags = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #hideTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #doc: Document;
  readonly #ui: UiHost;
  readonly #t: Translate;
  readonly #snippets: SnippetController;
  readonly #options: { enabled: () => boolean; onSaved?: () => void };

  constructor(
    doc: Document,
    ui: UiHost,
    t: Translate,
    snippets: SnippetController,
    options: { enabled: () => boolean; onSaved?: () => void },
  ) {
    this.#doc = doc;
    this.#ui = ui;
    this.#t = t;
    this.#snippets = snippets;
    this.#options = options;
  }

  install(): () => void {
    const onChange = () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#onSelection(), 150);
    };
    this.#doc.addEventListener('selectionchange', onChange);
    return () => {
      this.#doc.removeEventListener('selectionchange', onChange);
      clearTimeout(this.#timer);
      clearTimeout(this.#hideTimer);
      this.hide(true);
    };
  }

  /** The reader is writing or a save is under way: the selection may change, the form stays. */
  get #busy(): boolean {
    const k = this.#state?.kind;
    return k === 'form' || k === 'saving' || k === 'error';
  }

  #onSelection(): void {
    if (this.#busy || !this.#options.enabled()) return;
    const range = usableSelection(this.#doc, this.#ui.element);
    if (!range) {
      if (this.#state?.kind !== 'saved') this.hide();
      return;
    }
    // The passage just saved, still selected: the confirmation stays.
    if (this.#state?.kind === 'saved' && this.#range && sameRange(range, this.#range)) return;
    this.#range = range;
    const length = range.toString().trim().length;
    this.#setState(length > LIMITS.quote ? { kind: 'too-long', length } : { kind: 'offer' });
  }

  /** Saves the current selection right away (context menu, keyboard shortcut). */
  async saveSelection(): Promise<SaveResult | null> {
    const range = usableSelection(this.#doc, this.#ui.element);
    if (!range) return null;
    // This selection is handled: a toolbar offer still waiting for it (the shortcut came
    // within 150 ms of selecting) would replace the "saved" confirmation.
    clearTimeout(this.#timer);
    this.#range = range;
    this.#note = '';
    this.#tags = '';
    return this.#save();
  }

  async #save(): Promise<SaveResult | null> {
    const range = this.#range;
    if (!range) return null;
    this.#setState({ kind: 'saving' });
    const result = await this.#snippets.save(range, this.#note.trim(), parseTags(this.#tags));
    if (result.ok) {
      this.#note = '';
      this.#tags = '';
      this.#setState({ kind: 'saved' });
      clearTimeout(this.#hideTimer);
      this.#hideTimer = setTimeout(() => this.#state?.kind === 'saved' && this.hide(), SAVED_VISIBLE_MS);
      this.#options.onSaved?.();
    } else if (result.reason === 'too-long') {
      this.#setState({ kind: 'too-long', length: range.toString().length });
    } else {
      const key = result.reason === 'empty' ? 'snippet.error.noSelection' : `snippet.error.${result.reason === 'not-allowed' ? 'notAllowed' : result.reason}`;
      this.#setState({ kind: 'error', message: this.#t(key, [result.message]), canRetry: result.reason !== 'reload' && result.reason !== 'not-allowed' });
    }
    return result;
  }

  #setState(state: ToolbarState): void {
    this.#state = state;
    const slot = this.#ui.slot('toolbar');
    render(
      h(SelectionToolbar, {
        state,
        t: this.#t,
        note: this.#note,
        tags: this.#tags,
        onChange: (note: string, tags: string) => {
          this.#note = note;
          this.#tags = tags;
        },
        onSave: () => void this.#save(),
        onAddNote: () => this.#setState({ kind: 'form' }),
        onCancel: () => this.hide(true),
      }),
      slot,
    );
    this.#ui.showFor('toolbar');
    this.#place();
  }

  /** Beside the end of the selection, below it when there is room. */
  #place(): void {
    const range = this.#range;
    const el = this.#ui.slot('toolbar').firstElementChild as HTMLElement | null;
    if (!range || !el) return;
    const rects = range.getClientRects();
    const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
    const reference: Reference = { getBoundingClientRect: () => last };
    void placeBeside(reference, el, {
      placement: 'bottom-end',
      middleware: [offset(8), flip({ padding: 8 }), shift({ padding: 8 })],
    }).then(({ x, y }) => {
      el.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
    });
  }

  /** Hides the toolbar; unsaved text in the form is only dropped when `force` (Cancel). */
  hide(force = false): void {
    if (!force && (this.#state?.kind === 'form' || this.#state?.kind === 'error') && this.#note) return;
    this.#state = null;
    if (force) {
      this.#note = '';
      this.#tags = '';
    }
    if (this.#ui.element) render(null, this.#ui.slot('toolbar'));
    this.#ui.hideFor('toolbar');
  }
}

function sameRange(a: Range, b: Range): boolean {
  return a.startContainer === b.startContainer && a.startOffset === b.startOffset && a.endContainer === b.endContainer && a.endOffset === b.endOffset;
}
