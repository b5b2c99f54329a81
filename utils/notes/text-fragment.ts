/**
 * A link that opens an article scrolled to a saved passage, with the passage highlighted
 * by the browser itself: a URL text fragment (`#:~:text=[prefix-,]start[,end][,-suffix]`).
 *
 * Short passages are quoted whole; long ones (or ones crossing paragraphs, which a single
 * text directive cannot match exactly) by their first and last few words. A few whole words
 * of the saved context are added so that a phrase that repeats on the page lands on the
 * right occurrence. The page's own link is kept (its query string matters) and any
 * fragment it had is replaced.
 */
import { LIMITS, type NoteRecord } from './types';

const WHOLE_QUOTE_MAX = 120;
const EDGE_WORDS = 5;
const CONTEXT_WORDS = 3;

/** Percent-encodes a directive part, including the characters the syntax reserves. */
function enc(s: string): string {
  return encodeURIComponent(s).replace(/-/g, '%2D').replace(/,/g, '%2C').replace(/&/g, '%26');
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

export function textFragmentUrl(note: Pick<NoteRecord, 'page' | 'quote'>): string {
  const base = note.page.url.replace(/#.*$/, '');
  const exact = squash(note.quote.exact);
  if (!exact) return base;
  const words = exact.split(' ');
  let directive: string;
  if (exact.length <= WHOLE_QUOTE_MAX && !note.quote.exact.includes('\n')) directive = enc(exact);
  else if (words.length <= EDGE_WORDS * 2) directive = `${enc(words.slice(0, Math.ceil(words.length / 2)).join(' '))},${enc(words.slice(Math.ceil(words.length / 2)).join(' '))}`;
  else directive = `${enc(words.slice(0, EDGE_WORDS).join(' '))},${enc(words.slice(-EDGE_WORDS).join(' '))}`;
  // Context: whole words only. Saved context is cut at 32 characters, usually mid-word;
  // shorter context reaches the start or end of the page's text, so its words are whole.
  const cut = (s: string) => s.length >= LIMITS.context;
  const prefixWords = squash(note.quote.prefix).split(' ').slice(cut(note.quote.prefix) ? 1 : 0).slice(-CONTEXT_WORDS).filter(Boolean);
  const suffixWords = squash(note.quote.suffix).split(' ').slice(0, cut(note.quote.suffix) ? -1 : undefined).slice(0, CONTEXT_WORDS).filter(Boolean);
  // Context across a paragraph break would not match: keep it only when it is on the same line.
  const prefix = /\n\s*$/.test(note.quote.prefix) || !prefixWords.length ? '' : `${enc(prefixWords.join(' '))}-,`;
  const suffix = /^\s*\n/.test(note.quote.suffix) || !suffixWords.length ? '' : `,-${enc(suffixWords.join(' '))}`;
  return `${base}#:~:text=${prefix}${directive}${suffix}`;
}
