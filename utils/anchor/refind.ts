/**
 * Finds a saved passage again in a page's text, as the Hypothesis client does:
 * 1. the exact quote (when it occurs several times, the occurrence whose surroundings
 *    match the saved prefix and suffix, then the one nearest the saved position);
 * 2. otherwise an approximate match (approx-string-match, Myers' bit-parallel algorithm),
 *    first near the saved position, then anywhere, scored on the quote, its prefix and
 *    suffix, and the distance to the saved position.
 * An approximate match is accepted only when the passage is still mostly there (at most
 * one character in eight differs): a passage that was deleted must come out "not
 * found", never land on a wrong place.
 *
 * The search runs in steps (`step(deadline)`) so that a long page never blocks: each step
 * searches one window of the text.
 */
import search from 'approx-string-match';
import type { PositionSelector, QuoteSelector } from '../notes/types';

export interface Anchor {
  start: number;
  end: number;
  /** 'found': the exact quote; 'fuzzy': an approximate match. */
  status: 'found' | 'fuzzy';
}

/** Similarity of two strings in [0, 1]: 1 - edit distance / length (approximate, for short context). */
function similarity(a: string, b: string): number {
  if (!a.length && !b.length) return 1;
  if (!a.length || !b.length) return 0;
  const max = Math.max(a.length, b.length);
  const m = search(a, b, max);
  const errors = m.length ? Math.min(...m.map((x) => x.errors)) : max;
  return Math.max(0, 1 - errors / max);
}

/** How well a candidate span fits the saved selectors (higher is better). */
function score(text: string, start: number, end: number, quoteErrors: number, q: QuoteSelector, pos: PositionSelector | undefined): number {
  const quoteSim = 1 - quoteErrors / Math.max(1, q.exact.length);
  const prefixSim = q.prefix ? similarity(text.slice(Math.max(0, start - q.prefix.length), start), q.prefix) : 1;
  const suffixSim = q.suffix ? similarity(text.slice(end, end + q.suffix.length), q.suffix) : 1;
  const posSim = pos ? 1 - Math.min(1, Math.abs(start - pos.start) / Math.max(1, text.length)) : 1;
  // Weights as Hypothesis uses them: the quote matters most, then its context, then position.
  return (50 * quoteSim + 20 * prefixSim + 20 * suffixSim + 2 * posSim) / 92;
}

/** The most differences we accept in an approximate match, per character of the quote. */
export const MAX_ERROR_RATE = 1 / 8;
const WINDOW = 65_536;

export class RefindJob {
  private phase: 'exact' | 'near' | 'far' | 'done' = 'exact';
  private farAt = 0;
  private best: { start: number; end: number; score: number } | null = null;
  result: Anchor | null = null;

  constructor(
    private readonly text: string,
    private readonly quote: QuoteSelector,
    private readonly position?: PositionSelector,
  ) {}

  get done(): boolean {
    return this.phase === 'done';
  }

  /** Does one unit of work; call until `done`. */
  step(): void {
    const { text, quote } = this;
    const exact = quote.exact;
    if (this.phase === 'exact') {
      // Every occurrence, ranked cheaply: surroundings equal to the saved prefix and suffix
      // first, then nearness to the saved position. Approximate scoring is kept for the
      // few nearest when no occurrence has both sides exact.
      const pos = this.position?.start ?? 0;
      const hits: { at: number; context: number; distance: number }[] = [];
      for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) {
        const context =
          (quote.prefix && text.startsWith(quote.prefix, at - quote.prefix.length) ? 1 : 0) + (quote.suffix && text.startsWith(quote.suffix, at + exact.length) ? 1 : 0);
        hits.push({ at, context, distance: Math.abs(at - pos) });
      }
      if (hits.length === 0) {
        this.phase = 'near';
        return;
      }
      hits.sort((a, b) => b.context - a.context || a.distance - b.distance);
      const full = (quote.prefix ? 1 : 0) + (quote.suffix ? 1 : 0);
      let best = hits[0]!.at;
      if (hits.length > 1 && hits[0]!.context < full) {
        let bestScore = -1;
        for (const h of hits.slice(0, 20)) {
          const sc = score(text, h.at, h.at + exact.length, 0, quote, this.position);
          if (sc > bestScore) {
            best = h.at;
            bestScore = sc;
          }
        }
      }
      return this.finish({ start: best, end: best + exact.length, status: 'found' });
    }
    const maxErrors = Math.floor(exact.length * MAX_ERROR_RATE);
    if (maxErrors === 0) return this.finish(null); // too short to find approximately
    if (this.phase === 'near') {
      this.phase = 'far';
      if (this.position) {
        const pad = Math.max(2000, exact.length * 4);
        const from = Math.max(0, this.position.start - pad);
        const to = Math.min(text.length, this.position.end + pad);
        this.consider(from, text.slice(from, to), maxErrors);
        // A good enough match near where it was: no need to search the whole page.
        if (this.best && this.best.score > 0.9) return this.finishBest();
      }
      return;
    }
    if (this.phase === 'far') {
      const overlap = exact.length + maxErrors;
      const from = this.farAt;
      const to = Math.min(text.length, from + WINDOW + overlap);
      this.consider(from, text.slice(from, to), maxErrors);
      this.farAt = from + WINDOW;
      if (this.farAt >= text.length) this.finishBest();
    }
  }

  private consider(offset: number, window: string, maxErrors: number): void {
    for (const m of search(window, this.quote.exact, maxErrors)) {
      const start = offset + m.start;
      const end = offset + m.end;
      const s = score(this.text, start, end, m.errors, this.quote, this.position);
      if (!this.best || s > this.best.score) this.best = { start, end, score: s };
    }
  }

  private finishBest(): void {
    const b = this.best;
    this.finish(b ? { start: b.start, end: b.end, status: 'fuzzy' } : null);
  }

  private finish(result: Anchor | null): void {
    this.result = result;
    this.phase = 'done';
  }
}

/** Runs a whole job at once (tests, workers); pages run it in slices. */
export function refind(text: string, quote: QuoteSelector, position?: PositionSelector): Anchor | null {
  const job = new RefindJob(text, quote, position);
  while (!job.done) job.step();
  return job.result;
}
