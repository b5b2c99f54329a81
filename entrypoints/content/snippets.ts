/**
 * Saved snippets on their page: asks the background for this page's notes, finds each
 * passage again (exact, near, then approximate; in slices), paints the ones found under
 * the `dossier-snippet` highlight, tells the background which were not found (they are
 * kept and listed as such, never dropped), and answers "which note is under the pointer".
 */
import { browser } from 'wxt/browser';
import { describeRange } from '../../utils/anchor/describe';
import { positionOf, readPageText, type PageText } from '../../utils/anchor/page-text';
import { RefindJob } from '../../utils/anchor/refind';
import type { BackgroundResponses, SaveFailure } from '../../utils/messaging';
import type { NoteDraft, NoteRecord } from '../../utils/notes/types';
import { LIMITS } from '../../utils/notes/types';
import { SNIPPET_HIGHLIGHT, type HighlightPainter } from '../../utils/page/highlights';
import { rangeContainsPoint, caretAt } from '../../utils/page/hit-test';
import { canonicalUrl, pageInfo } from '../../utils/page/page-info';
import { runInSlices } from '../../utils/page/slices';

export interface PaintedSnippet {
  note: NoteRecord;
  range: StaticRange;
}

export type SaveResult = { ok: true; note: NoteRecord } | { ok: false; reason: SaveFailure | 'reload' | 'too-long' | 'empty'; message: string };

/** Is this the error a content script gets once its extension was reloaded or updated? */
export function contextInvalidated(err: unknown): boolean {
  const m = String((err as { message?: string })?.message ?? err);
  return /context invalidated|Extension context|Receiving end does not exist|message port closed/i.test(m) || !browser.runtime?.id;
}

export class SnippetController {
  #painted: PaintedSnippet[] = [];
  #stopped = false;
  readonly #doc: Document;
  readonly #painter: HighlightPainter;
  readonly #ownHost: () => Element | null;
  readonly #entitiesIn: (range: AbstractRange) => string[];

  constructor(
    doc: Document,
    painter: HighlightPainter,
    ownHost: () => Element | null,
    entitiesIn: (range: AbstractRange) => string[],
  ) {
    this.#doc = doc;
    this.#painter = painter;
    this.#ownHost = ownHost;
    this.#entitiesIn = entitiesIn;
  }

  get snippets(): readonly PaintedSnippet[] {
    return this.#painted;
  }

  /** Loads this page's notes and paints those found; reports the others. */
  async load(): Promise<void> {
    const started = performance.now();
    let notes: NoteRecord[];
    try {
      const res = (await browser.runtime.sendMessage({ type: 'notes:forPage', ...this.#canonical() })) as BackgroundResponses['notes:forPage'] | undefined;
      notes = res?.notes ?? [];
    } catch {
      return; // no background (extension reloaded): nothing to show
    }
    this.clear();
    if (!notes.length || this.#stopped || !this.#doc.body) return;
    const pt = readPageText(this.#doc.body, this.#ownHost());
    const results: { id: string; status: 'found' | 'fuzzy' | 'orphan' }[] = [];
    let i = 0;
    let job: RefindJob | null = null;
    await runInSlices((deadline) => {
      while (i < notes.length) {
        const note = notes[i]!;
        job ??= new RefindJob(pt.text, note.quote, note.position);
        while (!job.done && performance.now() < deadline) job.step();
        if (!job.done) return false;
        const anchor = job.result;
        const range = anchor ? this.#rangeOf(pt, anchor.start, anchor.end) : null;
        if (anchor && range) {
          this.#paint(note, range);
          results.push({ id: note.id, status: anchor.status });
        } else {
          results.push({ id: note.id, status: 'orphan' });
        }
        job = null;
        i++;
        if (performance.now() >= deadline) return i >= notes.length;
      }
      return true;
    }, () => this.#stopped);
    if (this.#stopped) return;
    // How long finding this page's snippets took, from asking for them to painting them.
    performance.measure('dossier:snippets', { start: started, end: performance.now(), detail: { notes: notes.length, found: this.#painted.length } });
    try {
      await browser.runtime.sendMessage({ type: 'notes:anchors', ...this.#canonical(), results });
    } catch {
      // reported next time
    }
  }

  #canonical(): { canonical?: string } {
    const c = canonicalUrl(this.#doc);
    return c ? { canonical: c } : {};
  }

  #rangeOf(pt: PageText, start: number, end: number): StaticRange | null {
    const s = positionOf(pt, start);
    const e = positionOf(pt, end, true);
    if (!s || !e) return null;
    return new StaticRange({ startContainer: s.node, startOffset: s.offset, endContainer: e.node, endOffset: e.offset });
  }

  #paint(note: NoteRecord, range: StaticRange): void {
    this.#painted.push({ note, range });
    this.#painter.add(SNIPPET_HIGHLIGHT, range);
  }

  /** The saved snippet under the pointer, if any. */
  at(x: number, y: number): PaintedSnippet | undefined {
    if (!this.#painted.length) return undefined;
    const caret = caretAt(this.#doc, x, y);
    if (!caret || caret.node.nodeType !== 3) return undefined;
    for (const s of this.#painted) {
      const r = s.range;
      const probe = this.#doc.createRange();
      try {
        probe.setStart(r.startContainer, r.startOffset);
        probe.setEnd(r.endContainer, r.endOffset);
      } catch {
        continue;
      }
      if (probe.isPointInRange(caret.node, caret.offset) && rangeContainsPoint(this.#doc, r, x, y)) return s;
    }
    return undefined;
  }

  /** Builds the draft of a note for a range of this page. */
  draft(range: AbstractRange, note: string, tags: string[]): NoteDraft | { problem: 'empty' | 'too-long'; length: number } {
    const pt = readPageText(this.#doc.body ?? this.#doc.documentElement, this.#ownHost());
    const d = describeRange(pt, range);
    if (!d) return { problem: 'empty', length: 0 };
    if (d.quote.exact.length > LIMITS.quote) return { problem: 'too-long', length: d.quote.exact.length };
    return { page: pageInfo(this.#doc), quote: d.quote, position: d.position, entities: this.#entitiesIn(range), note, tags };
  }

  /** Saves a passage; the result says what went wrong, and nothing the reader typed is lost. */
  async save(range: AbstractRange, note: string, tags: string[]): Promise<SaveResult> {
    const draft = this.draft(range, note, tags);
    if ('problem' in draft) return { ok: false, reason: draft.problem, message: '' };
    if (!browser.runtime?.id) return { ok: false, reason: 'reload', message: '' };
    let res: BackgroundResponses['note:save'] | undefined;
    try {
      res = (await browser.runtime.sendMessage({ type: 'note:save', draft })) as BackgroundResponses['note:save'] | undefined;
    } catch (err) {
      if (contextInvalidated(err)) return { ok: false, reason: 'reload', message: '' };
      return { ok: false, reason: 'failed', message: String((err as Error)?.message ?? err) };
    }
    if (!res) return { ok: false, reason: 'failed', message: 'no answer from Dossier' };
    if (res.ok) {
      const s = new StaticRange({ startContainer: range.startContainer, startOffset: range.startOffset, endContainer: range.endContainer, endOffset: range.endOffset });
      this.#paint(res.note, s);
    }
    return res;
  }

  clear(): void {
    for (const s of this.#painted) this.#painter.delete(SNIPPET_HIGHLIGHT, s.range);
    this.#painted = [];
  }

  stop(): void {
    this.#stopped = true;
    this.clear();
  }
}
