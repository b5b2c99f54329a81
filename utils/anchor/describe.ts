/**
 * Turns a selection into W3C selectors: a TextQuoteSelector (the passage and 32
 * characters either side) and a TextPositionSelector (offsets in the page text).
 */
import type { PositionSelector, QuoteSelector } from '../notes/types';
import { LIMITS } from '../notes/types';
import { offsetOf, type PageText } from './page-text';

export interface Described {
  quote: QuoteSelector;
  position: PositionSelector;
}

export function describeRange(pt: PageText, range: AbstractRange): Described | null {
  const start = offsetOf(pt, range.startContainer, range.startOffset);
  const end = offsetOf(pt, range.endContainer, range.endOffset);
  return describeOffsets(pt.text, start, end);
}

/** Trims surrounding whitespace off the passage; null when nothing but whitespace is selected. */
export function describeOffsets(text: string, start: number, end: number): Described | null {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (end <= start) return null;
  return {
    quote: {
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - LIMITS.context), start),
      suffix: text.slice(end, end + LIMITS.context),
    },
    position: { start, end },
  };
}
